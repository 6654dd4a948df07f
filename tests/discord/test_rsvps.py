"""Going, Maybe and Can't make it on Discord, through discord.py and the loopback fake: the
card's buttons, /events-admin attendees, and Interested on a mirrored Scheduled Event."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from adapters.discord.event_source import upcoming_events
from storage import rsvps
from tests.discord import payloads as p
from tests.discord.conftest import Harness
from tests.discord.test_member_flows import ORGANIZER, _button, publish

START = datetime(2026, 1, 20, 19, tzinfo=UTC)  # publish(): January 20 2026 1pm CST
OTHER = 234_567_890_123_456_789


def _labels(body: dict[str, Any]) -> list[str]:
    return [c.get("label", "") for row in body["data"]["components"] for c in row["components"]]


def _text(body: dict[str, Any]) -> str:
    data = body["data"]
    embeds = data.get("embeds", [])
    parts = [data.get("content", "")]
    for embed in embeds:
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']}: {f['value']}" for f in embed.get("fields", [])]
        parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(parts)


async def _answer(harness: Harness, label: str, user_id: int) -> dict[str, Any]:
    [listing] = await harness.run(p.command("events", sub="list", user_id=user_id))
    custom_id = _button(listing, label)
    rows = listing["data"]["components"]
    [body] = await harness.run(p.press(custom_id, rows, ephemeral=True, user_id=user_id))
    return body


async def _answering(harness: Harness, *answers: str) -> list[str]:
    async with harness.bot.db.read() as session:
        found = await rsvps.people_answering(session, 1, START, answers)
    return [a.key for a in found]


async def test_members_answer_and_organizers_count_them(harness: Harness) -> None:
    await publish(harness)
    [listing] = await harness.run(p.command("events", sub="list"))
    assert _labels(listing)[:3] == ["Going", "Maybe", "Can't make it"]
    going = await _answer(harness, "Going", p.MEMBER)
    assert "Your answer: Going" in _text(going) and "Stop reminding me" in _labels(going)
    cant = await _answer(harness, "Can't make it", OTHER)
    assert "Send me the recording" in _labels(cant)
    assert await _answering(harness, rsvps.GOING) == [f"discord:{p.MEMBER}"]

    options = [p.option("event", "1")]
    [counts] = await harness.run(
        p.command("events-admin", options, sub="attendees", user_id=p.ORGANIZER_USER, **ORGANIZER)
    )
    shown = _text(counts)
    assert "1 Going, 1 Can't make it" in shown and shown.count("1 (Discord 1)") == 2
    assert {"Message Going", "Message Maybe", "Export CSV"} <= set(_labels(counts))

    [refused] = await harness.run(p.command("events-admin", options, sub="attendees"))
    assert "organizer" in _text(refused).lower()


async def _interest(harness: Harness, discord_event: str, user_id: int, added: bool) -> None:
    """Feed the gateway dispatch as discord.py's gateway does, and wait for its handler."""
    name, data = harness.fake.interest(discord_event, user_id, added=added)
    harness.adapter.client._connection.parsers[name](data)
    handlers = [t for t in asyncio.all_tasks() if t.get_name().endswith("on_interest_changed")]
    assert handlers
    await asyncio.gather(*handlers)


async def test_interested_counts_as_maybe_and_taking_it_back_removes_it(
    harness: Harness,
) -> None:
    bot = harness.bot
    bot.deps.outbox.add("discord", harness.adapter.outbox)
    await publish(harness)
    mirror = harness.adapter.mirror
    assert mirror is not None
    await mirror.sync(await upcoming_events(bot.deps))
    [discord_event] = list(harness.fake.events)

    await _interest(harness, discord_event, p.MEMBER, True)
    assert await _answering(harness, rsvps.MAYBE) == [f"discord:{p.MEMBER}"]
    await bot.advance("1m")
    told = [c for c in harness.fake.sent_messages() if "Interested" in c.json.get("content", "")]
    assert len(told) == 1
    labels = [c["label"] for row in told[0].json["components"] for c in row["components"]]
    assert labels[:3] == ["Going", "Maybe", "Can't make it"]

    await _interest(harness, discord_event, p.MEMBER, False)
    assert await _answering(harness, *rsvps.ANSWERS) == []
    await _interest(harness, discord_event, p.MEMBER, True)  # back again: told only once
    await bot.advance("1m")
    told = [c for c in harness.fake.sent_messages() if "Interested" in c.json.get("content", "")]
    assert len(told) == 1

    # a member who said Going keeps Going; taking the interest back leaves it
    await _answer(harness, "Going", OTHER)
    await _interest(harness, discord_event, OTHER, True)
    await _interest(harness, discord_event, OTHER, False)
    assert await _answering(harness, rsvps.GOING) == [f"discord:{OTHER}"]
