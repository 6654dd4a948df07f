"""@collab-bot in a channel and a DM to the bot are answered; other events are acked (200)."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.slack.conversation import said
from bot.errors import ORGANIZERS_ONLY
from tests.resources.helpers import load_rows
from tests.slack.conftest import ORGANIZER, SlackEnv


async def at_least(slack: SlackEnv, method: str, count: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = await slack.fake.wait_for(
        lambda: calls if len(calls := slack.fake.to(method)) >= count else None
    )
    return found


def mention(text: str, user: str = "U1", ts: str = "5.0", **extra: Any) -> dict[str, Any]:
    return {"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": "C1", **extra}


def direct(text: str, user: str = "U1", ts: str = "6.0", **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "channel": "D1",
        "user": user,
        "text": text,
        "ts": ts,
        **extra,
    }


async def test_help_by_mention_is_answered_in_the_thread_to_the_asker(slack: SlackEnv) -> None:
    status, _ = await slack.event(mention("<@UBOT> help"), "Ev1")
    assert status == 200
    (said,) = await slack.fake.wait_for(lambda: slack.fake.to("chat.postEphemeral"))
    assert (said["channel"], said["user"], said["thread_ts"]) == ("C1", "U1", "5.0")
    assert "/resources" in said["text"] and "/help" in str(said["blocks"])
    await slack.event(mention("<@UBOT> help"), "Ev1")  # Slack's retry of the same delivery
    await slack.event(mention("<@UBOT> help", thread_ts="4.0", ts="5.5"), "Ev2")
    answers = await at_least(slack, "chat.postEphemeral", 2)
    assert [a["thread_ts"] for a in answers] == ["5.0", "4.0"]  # a reply in a thread stays there


async def test_other_text_searches_the_library(slack: SlackEnv) -> None:
    await load_rows(slack.bot, [{"title": "Rural health guide", "url": "https://example.org/r"}])
    await slack.event(mention("<@UBOT> rural health"), "Ev1")
    (said,) = await slack.fake.wait_for(lambda: slack.fake.to("chat.postEphemeral"))
    assert "Rural health guide" in str(said["blocks"])


async def test_organizer_commands_keep_their_check_and_forms_point_to_the_command(
    slack: SlackEnv,
) -> None:
    await slack.event(mention("<@UBOT> resources add"), "Ev1")
    await slack.event(mention("<@UBOT> resources add", user=ORGANIZER, ts="7.0"), "Ev2")
    said = await at_least(slack, "chat.postEphemeral", 2)
    by_user = {s["user"]: s["text"] for s in said}
    assert by_user["U1"] == ORGANIZERS_ONLY
    assert "type it as a command: /resources add" in by_user[ORGANIZER]
    assert slack.fake.to("views.open") == []


async def test_a_dm_is_answered_in_the_dm(slack: SlackEnv) -> None:
    status, _ = await slack.event(direct("help"), "Ev1")
    assert status == 200
    (said,) = await slack.fake.wait_for(lambda: slack.fake.to("chat.postMessage"))
    assert said["channel"] == "D1" and "/resources" in said["text"]


async def test_own_messages_edits_and_joins_get_no_answer(slack: SlackEnv) -> None:
    ignored = [
        direct("help", bot_id="BBOT", user="UBOT"),
        direct("help", subtype="message_changed"),
        direct("", subtype="channel_join"),
        {**direct("help"), "user": None},
        mention("<@UBOT> help", bot_id="B2"),
    ]
    for number, event in enumerate(ignored):
        assert (await slack.event(event, f"EvX{number}"))[0] == 200
    await slack.event(direct("help", ts="9.0"), "Ev-last")
    (said,) = await slack.fake.wait_for(lambda: slack.fake.to("chat.postMessage"))
    assert said["channel"] == "D1"
    assert slack.fake.to("chat.postEphemeral") == [] and len(slack.fake.to("chat.postMessage")) == 1


async def test_events_the_bot_does_not_use_are_acked(slack: SlackEnv) -> None:
    for number, event in enumerate(
        [
            {"type": "reaction_added", "user": "U1", "reaction": "tada", "item": {}},
            {"type": "member_joined_channel", "user": "U1", "channel": "C1"},
            {"type": "app_uninstalled"},
            {
                "type": "message",
                "channel_type": "channel",
                "channel": "C1",
                "user": "U1",
                "text": "hello all",
                "ts": "1.0",
            },
        ]
    ):
        status, _ = await slack.event(event, f"EvU{number}")
        assert status == 200, event["type"]


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("<@U0BOT> help", "help"),
        ("<@U0BOT|collab-bot>: help events", "help events"),
        ("<@U0BOT> @collab-bot <@U2> /events", "/events"),
        ("housing <@U1> policy", "housing <@U1> policy"),
        ("<@U0BOT>", ""),
    ],
)
def test_the_adapter_strips_slack_mentions_before_the_core_sees_the_text(
    text: str, left: str
) -> None:
    assert said(text) == left
