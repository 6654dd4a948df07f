"""The personal journey on Slack, through slack-bolt and the loopback fake: the kick-off DM
goes out by chat.postMessage to the member's DM, Write my goal opens a modal, the submitted
goal is answered with three library items (Save, Share in channel); a member who left the
workspace (conversations.open: user_disabled) is skipped, counted and not retried."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.features.resources.starter import load as load_library
from tests.harness import TestBot, reply_text, settings_for_tests
from tests.journey.support import local
from tests.slack.conftest import ORGANIZER, SlackEnv, served
from tests.slack.fake_slack import FakeSlack
from tests.slack.payloads import block_action
from tests.slack.test_sharing import buttons, submit

GOAL = "Build a coalition with housing and transportation partners"


@pytest.fixture
async def live(database_url: str, fake: FakeSlack) -> AsyncIterator[SlackEnv]:
    settings = settings_for_tests(
        {
            "bot": {"starter_pack": True},
            "slack": {
                "api_url": fake.api_url,
                "organizer_user_ids": [ORGANIZER],
                "channels": {"journey": ["C-JOURNEY"]},
            },
            "discord": {"channels": {}},
        }
    )
    bot = await TestBot.open(database_url, settings=settings, start=local("2026-03-31 12:00"))
    await load_library(bot.deps)
    async with served(fake, bot) as env:
        yield env


async def test_kickoff_dm_goal_modal_and_three_items_on_slack(live: SlackEnv) -> None:
    status, _ = await live.command("/journey", user="U1")
    assert status == 200
    await live.bot.command("/journey", "U2", platform="slack")
    live.fake.disabled.add("U2")  # U2 has left the workspace since
    await live.bot.advance("1d")  # April 1, 12:00: the kick-off went out at 10:00
    [dm] = [m for m in live.fake.to("chat.postMessage") if m["channel"] == "D-U1"]
    assert "What do you hope to take from it?" in str(dm["blocks"])
    assert set(buttons(dm)) >= {"Write my goal", "Not this quarter"}

    payload = block_action(
        buttons(dm)["Write my goal"],
        user="U1",
        ephemeral=False,
        response_url=live.fake.response_url("goal"),
    )
    payload["container"].update(channel_id="D-U1", message_ts=dm.get("ts", "1.1"))
    await live.interact(payload)
    await live.fake.wait_for(lambda: live.fake.to("views.open"))
    view = live.fake.to("views.open")[-1]["view"]
    assert view["type"] == "modal" and len(view["blocks"]) == 1
    element = view["blocks"][0]["element"]
    assert element["type"] == "plain_text_input" and element["max_length"] == 300

    said = await submit(live, view, {"goal": "   "}, "U1")
    assert "Write a few words" in said
    said = await submit(live, view, {"goal": GOAL}, "U1")
    assert GOAL in said
    answer = live.fake.responses[-1]
    cards = [b for b in answer.get("blocks", []) if b["type"] == "actions"]
    assert len(cards) == 3
    for card in cards:
        assert {"Save", "Share in channel"} <= {e["text"]["text"] for e in card["elements"]}

    # U2's DM could not be opened: recorded failed once, counted, not retried.
    opened = [c for c in live.fake.to("conversations.open") if c.get("users") == "U2"]
    await live.bot.advance("1h")
    again = [c for c in live.fake.to("conversations.open") if c.get("users") == "U2"]
    assert len(again) == len(opened) == 1
    summary = await live.bot.command(
        "/journey summary", ORGANIZER, platform="slack", organizer=True
    )
    text = reply_text(summary)
    assert "Could not be reached: 1" in text and "Set a goal: 1" in text

    # Next quarter U1 is asked again and U2, still unreachable, is not tried again.
    await live.bot.advance("13w")  # July 1, 12:00
    later = [c for c in live.fake.to("conversations.open") if c.get("users") == "U2"]
    assert len(later) == 1
    q3 = [m for m in live.fake.to("chat.postMessage") if m["channel"] == "D-U1"]
    assert "Did you get there?" in str(q3) and "Centering Community Voices" in str(q3[-1])
    text = reply_text(
        await live.bot.command("/journey summary", ORGANIZER, platform="slack", organizer=True)
    )
    assert "Personal journey, Q3 2026" in text and "Could not be reached: 1" in text
