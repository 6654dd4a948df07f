"""Sharing from Discord: the message context-menu commands (type 3, the message in
data.resolved.messages, through discord.py) open the proposal and suggestion forms
prefilled; a proposal reaches the organizers' channel, is added, and the member hears back
once; the commands are registered beside the slash commands, within Discord's limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.discord.client import sync_now
from bot.actions import Action
from bot.features import build_router
from tests.discord import payloads as p
from tests.discord.conftest import Harness, discord_settings
from tests.discord.fake_discord import FakeDiscord
from tests.harness import TestBot

ORGANIZERS = "444"
LINK = "https://example.org/rural-housing-toolkit"
EMBED = {"type": "link", "url": LINK, "title": "Rural Housing Toolkit"}
ORGANIZER = [p.ORGANIZER_ROLE]


@pytest.fixture
async def live(database_url: str, fake: FakeDiscord) -> AsyncIterator[Harness]:
    settings = discord_settings(channels={"organizers": [ORGANIZERS]})
    bot = await TestBot.open(database_url, settings=settings)
    h = Harness(bot, fake)
    adapter = await h.connect(defer_after=5.0)
    bot.deps.outbox.add("discord", adapter.outbox)
    try:
        yield h
    finally:
        await h.close()
        await bot.close()


def modal_inputs(body: dict[str, Any]) -> dict[str, str]:
    assert body["type"] == 9, body  # MODAL
    out = {}
    for row in body["data"]["components"]:
        item = row.get("component") or (row.get("components") or [{}])[0]
        if item["type"] == 3:
            chosen = [o["value"] for o in item["options"] if o.get("default")]
            out[item["custom_id"]] = chosen[0] if chosen else item["options"][0]["value"]
        else:
            out[item["custom_id"]] = item.get("value", "")
    return out


def button(components: list[dict[str, Any]], label: str) -> str:
    return next(
        c["custom_id"]
        for row in components
        for c in row["components"]
        if c.get("label") == label and "custom_id" in c
    )


async def test_propose_for_the_library_from_a_message_reaches_organizers_and_back(
    live: Harness,
) -> None:
    text = f"This helped our clinic: {LINK}"
    [opened] = await live.run(p.message_command("Propose for the library", text, embeds=[EMBED]))
    values = modal_inputs(opened)
    assert values["url"] == LINK and values["title"] == "Rural Housing Toolkit"
    assert "helped our clinic" in values["why"]
    [thanks] = await live.run(p.submit(opened["data"]["custom_id"], values))
    assert thanks["data"]["content"].startswith("Thanks!")

    await live.bot.deliver_due()
    [card] = [c for c in live.fake.sent_messages() if f"/channels/{ORGANIZERS}/" in c.path]
    rows = card.json["components"]
    add = button(rows, "Add to library")
    [form] = await live.run(p.press(add, rows, user_id=p.ORGANIZER_USER, roles=ORGANIZER))
    filled = modal_inputs(form)
    assert Action.decode(form["data"]["custom_id"]).name == "resources.proposal.added"
    assert filled["url"] == LINK and filled["title"] == "Rural Housing Toolkit"
    [added] = await live.run(
        p.submit(
            form["data"]["custom_id"],
            {**filled, "type": "toolkit"},
            user_id=p.ORGANIZER_USER,
            roles=ORGANIZER,
        )
    )
    assert "Added #1" in str(added["data"]), added

    await live.bot.deliver_due()
    await live.bot.advance("1h")
    dm = [c for c in live.fake.sent_messages() if f"/channels/{ORGANIZERS}/" not in c.path]
    assert len(dm) == 1
    assert "/resources 1" in str(dm[0].json)
    [edit] = live.fake.find("PATCH", rf"/channels/{ORGANIZERS}/messages/\d+$")
    assert "added to the library as #1" in str(edit.json)
    assert p.custom_ids(edit.json.get("components") or []) == []


async def test_a_message_with_no_link_is_told_so(live: Harness) -> None:
    [answer] = await live.run(p.message_command("Propose for the library", "just words"))
    assert answer["type"] == 4
    assert answer["data"]["content"].startswith("That message has no link to propose")
    assert answer["data"]["flags"] & 64  # only the member sees it


async def test_a_declined_proposals_reason_reaches_the_member(live: Harness) -> None:
    [opened] = await live.run(p.message_command("Propose for the library", LINK))
    await live.run(p.submit(opened["data"]["custom_id"], modal_inputs(opened)))
    await live.bot.deliver_due()
    [card] = [c for c in live.fake.sent_messages() if f"/channels/{ORGANIZERS}/" in c.path]
    rows = card.json["components"]
    decline = button(rows, "Decline")
    [form] = await live.run(p.press(decline, rows, user_id=p.ORGANIZER_USER, roles=ORGANIZER))
    await live.run(
        p.submit(
            form["data"]["custom_id"],
            {"reason": "It is behind a paywall."},
            user_id=p.ORGANIZER_USER,
            roles=ORGANIZER,
        )
    )
    await live.bot.deliver_due()
    dm = [c for c in live.fake.sent_messages() if f"/channels/{ORGANIZERS}/" not in c.path]
    assert len(dm) == 1 and "It is behind a paywall." in str(dm[0].json)


async def test_suggest_as_a_topic_opens_the_suggestion_form(live: Harness) -> None:
    text = "Paying community advisors\nHow do others budget for it?"
    [opened] = await live.run(p.message_command("Suggest as a topic", text))
    values = modal_inputs(opened)
    assert values["title"] == "Paying community advisors"
    assert "How do others budget" in values["details"]


async def test_message_commands_are_synced_with_the_slash_commands(fake: FakeDiscord) -> None:
    settings = discord_settings(command_sync="global", guild_ids=[])
    count = await sync_now(settings, "fake-token", build_router())
    [put] = fake.find("PUT", r"/applications/\d+/commands$")
    assert count == len(put.body)
    menus = [c for c in put.body if c.get("type") == 3]
    assert sorted(c["name"] for c in menus) == ["Propose for the library", "Suggest as a topic"]
    assert all(not c.get("description") and not c.get("options") for c in menus)
    assert len([c for c in put.body if c.get("type", 1) == 1]) <= 100


def test_more_message_commands_than_discord_takes_stop_the_start() -> None:
    from adapters.discord.client import CollabClient
    from bot.router import Router

    router = build_router()
    extra = Router("extra")
    for n in range(4):

        @extra.message_command(f"Extra {n}", "One more", form=f"extra.form{n}")
        async def handler(submit: Any, deps: Any) -> Any:
            raise AssertionError("never run")

    router.include(extra)
    client = CollabClient(discord_settings())
    with pytest.raises(ValueError, match="5 message commands"):
        client.use_router(router)
