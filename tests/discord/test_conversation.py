"""`@collab-bot help` and DMs to the bot, as MESSAGE_CREATE events through discord.py."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from adapters.discord.conversation import said as stripped
from tests.discord import payloads as p
from tests.discord.conftest import Harness
from tests.discord.fake_discord import BOT_ID, Call, user

DM_CHANNEL = 880_000_000_000_000_001


def said(text: str, *, n: int, mentions: list[int] = (), dm: bool = False) -> dict[str, Any]:  # type: ignore[assignment]
    author = user(p.MEMBER, "member")
    data: dict[str, Any] = {
        "id": str(1_270_000_000_000_000_000 + n),
        "channel_id": str(DM_CHANNEL if dm else p.CHANNEL),
        "author": author,
        "content": text,
        "timestamp": "2026-01-05T15:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [user(m, "collab-bot", bot=True) for m in mentions],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
    }
    if not dm:
        data["guild_id"] = str(p.GUILD)
        data["member"] = {"roles": [], "joined_at": "2025-01-01T00:00:00+00:00", "deaf": False,
                          "mute": False, "flags": 0}  # fmt: skip
    return data


async def _answers(harness: Harness, data: dict[str, Any]) -> list[Call]:
    harness.adapter.client._connection.parse_message_create(data)  # type: ignore[arg-type]
    path = rf"/channels/{data['channel_id']}/messages$"
    return await harness.fake.wait_for("POST", path)


async def test_a_mention_asking_for_help_gets_the_help_as_a_reply(harness: Harness) -> None:
    [reply] = await _answers(harness, said(f"<@{BOT_ID}> help", n=1, mentions=[BOT_ID]))
    body = reply.json
    assert str(body["message_reference"]["message_id"]) == str(1_270_000_000_000_000_001)
    assert (
        body["allowed_mentions"]["parse"] == []
        and body["allowed_mentions"]["replied_user"] is False
    )
    assert any(e.get("title") == "/help" for e in body["embeds"])


async def test_a_dm_that_is_not_a_command_searches_the_library(harness: Harness) -> None:
    [reply] = await _answers(harness, said("housing first", n=2, dm=True))
    text = reply.json["content"] + " ".join(str(e) for e in reply.json["embeds"])
    assert "housing first" in text.lower()
    assert "/help" not in [e.get("title") for e in reply.json["embeds"]]


async def test_messages_not_said_to_the_bot_get_no_answer(harness: Harness) -> None:
    state = harness.adapter.client._connection
    state.parse_message_create(said("just chatting about help", n=3))  # type: ignore[arg-type]
    own = {
        **said(f"<@{BOT_ID}> help", n=4, mentions=[BOT_ID]),
        "author": user(BOT_ID, "bot", bot=True),
    }
    state.parse_message_create(own)  # type: ignore[arg-type]
    await asyncio.sleep(0.2)  # on_message runs as a task: give it the chance to misbehave
    assert harness.fake.find("POST", r"/channels/\d+/messages$") == []


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("<@1234> help", "help"),
        ("<@!1234> <@5678>  /events", "/events"),
        ("<@1234>, @collab-bot resources housing", "resources housing"),
        ("housing <@1234> policy", "housing <@1234> policy"),
        ("<@1234>", ""),
    ],
)
def test_the_adapter_strips_discord_mentions_before_the_core_sees_the_text(
    text: str, left: str
) -> None:
    assert stripped(text) == left
