"""The personal journey on Discord, through discord.py and the loopback fake: the kick-off DM
(a DM channel opened, the message posted with its buttons), Write my goal pressed in the DM
opens a modal with one text input, and the submitted goal is answered with three library
items, each with Save and Share in channel; an empty goal is refused with what to do."""

from __future__ import annotations

from typing import Any

import pytest

from bot.features.resources.starter import load as load_library
from tests.discord import payloads as p
from tests.discord.conftest import Harness
from tests.harness import reply_text
from tests.journey.support import local

GOAL = "Make the economic case for investing in health equity"


@pytest.fixture
def starter_pack() -> bool:
    return True


def in_dm(payload: dict[str, Any], channel_id: str) -> dict[str, Any]:
    """The same interaction as Discord sends it from a DM: no guild, a user, context 1."""
    member = payload.pop("member")
    for key in ("guild_id", "channel"):
        payload.pop(key)
    payload["user"] = member["user"]
    payload["channel_id"] = channel_id
    payload["context"] = 1
    payload["authorizing_integration_owners"] = {"1": str(p.MEMBER)}
    return payload


def labels(components: list[dict[str, Any]]) -> dict[str, str]:
    return {c["label"]: c["custom_id"] for row in components for c in row["components"]}


async def test_kickoff_dm_goal_modal_and_three_items_on_discord(harness: Harness) -> None:
    bot = harness.bot
    bot.deps.outbox.add("discord", harness.adapter.outbox)
    await load_library(bot.deps)
    bot.clock.set(local("2026-09-29 12:00"))
    [mine] = await harness.run(p.command("journey", sub="mine"))
    assert mine["type"] == 4
    before = len(harness.fake.sent_messages())
    await bot.advance("3d")  # October 1, 10:00: the Q4 kick-off
    opened = harness.fake.find("POST", r"/users/@me/channels$")
    assert [str(c.json["recipient_id"]) for c in opened] == [str(p.MEMBER)]
    # Everything posted but the journey channel's kick-off is the member's DM.
    [dm] = [c for c in harness.fake.sent_messages()[before:] if "/channels/222/" not in c.path]
    dm_channel = dm.path.split("/")[-2]
    assert "What do you hope to take from it?" in str(dm.json)
    buttons = labels(dm.json["components"])
    assert {"Write my goal", "Not this quarter"} <= set(buttons)

    press = in_dm(p.press(buttons["Write my goal"], dm.json["components"]), dm_channel)
    [modal] = await harness.run(press)
    assert modal["type"] == 9  # MODAL
    [field] = [row["component"] for row in modal["data"]["components"]]
    assert field["type"] == 4 and field["max_length"] == 300
    custom_id = modal["data"]["custom_id"]

    [refused] = await harness.run(in_dm(p.submit(custom_id, {field["custom_id"]: " "}), dm_channel))
    assert "Write a few words" in str(refused["data"])
    [answer] = await harness.run(in_dm(p.submit(custom_id, {field["custom_id"]: GOAL}), dm_channel))
    data = answer["data"]
    assert GOAL in str(data)
    items = [e for e in data["embeds"] if e.get("url")]
    assert len(items) == 3 and all("economic" in e["title"].lower() for e in items), items
    for row in data["components"][-3:]:
        assert {"Save", "Share in channel"} <= {c["label"] for c in row["components"]}


async def test_a_member_who_blocks_dms_is_skipped_counted_and_not_retried(
    harness: Harness,
) -> None:
    bot = harness.bot
    bot.deps.outbox.add("discord", harness.adapter.outbox)
    bot.clock.set(local("2026-09-29 12:00"))
    await harness.run(p.command("journey", sub="mine"))
    harness.fake.blocks_dms.add(str(p.MEMBER))
    await bot.advance("3d")  # October 1, 12:00: the kick-off DM was refused (403 50007)
    refused = [c for c in harness.fake.calls if c.status == 403]
    assert len(refused) == 1 and "/channels/222/" not in refused[0].path
    await bot.advance("1d")
    assert len([c for c in harness.fake.calls if c.status == 403]) == 1
    summary = await bot.command("/journey summary", "org", organizer=True)
    assert "Could not be reached: 1" in reply_text(summary)
    assert "Asked: 1" in reply_text(summary)
