"""What members and organizers see on Discord after they act, through discord.py."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from typing import Any

from adapters.discord.adapter import DiscordAdapter
from adapters.discord.event_source import upcoming_events
from tests.discord import payloads as p
from tests.discord.conftest import Harness, discord_settings
from tests.events.test_flow import ONE_LINE, create
from tests.harness import TestBot
from tests.resources.helpers import load_rows

ORGANIZER = {"roles": [p.ORGANIZER_ROLE]}
STAMP = re.compile(r"<t:(\d+):F>")


def _button(body: dict[str, Any], label: str) -> str:
    rows = body["data"]["components"]
    for row in rows:
        for item in row["components"]:
            if item.get("label", "").startswith(label):
                return str(item["custom_id"])
    raise AssertionError(f"no {label!r} button in {rows}")


async def publish(harness: Harness, title: str = "Health Equity Webinar") -> dict[str, Any]:
    """/events-admin add with options, then Confirm: the published card."""
    options = [
        p.option("title", title),
        p.option("when", "January 20 2026 1pm CST"),
        p.option("length", "1h"),
        p.option("join", "https://example.org/j"),
    ]
    [preview] = await harness.run(p.command("events-admin", options, sub="add", **ORGANIZER))
    assert preview["type"] == 4, preview
    rows = preview["data"]["components"]
    confirm = _button(preview, "Confirm")
    ephemeral = bool(preview["data"].get("flags", 0) & 64)
    [done] = await harness.run(p.press(confirm, rows, ephemeral=ephemeral, **ORGANIZER))
    return done


async def test_event_times_are_discord_timestamps_in_each_viewers_zone(harness: Harness) -> None:
    await publish(harness)
    [listing] = await harness.run(p.command("events", sub="list"))
    [embed] = [
        e for e in listing["data"]["embeds"] if e.get("title", "").endswith("Health Equity Webinar")
    ]
    [when] = [f["value"] for f in embed["fields"] if f["name"] == "When"]
    start = datetime.fromisoformat("2026-01-20T13:00:00-06:00")
    assert when == (
        f"<t:{int(start.timestamp())}:F> – <t:{int(start.timestamp()) + 3600}:t> "
        f"(<t:{int(start.timestamp())}:R>)"
    )


async def test_a_dm_reminder_keeps_the_zone_a_member_chose(harness: Harness) -> None:
    bot = harness.bot
    bot.deps.outbox.add("discord", harness.adapter.outbox)
    done = await publish(harness)
    assert done["type"] == 7
    await harness.run(p.command("timezone", [p.option("zone", "Europe/Berlin")]))
    [listing] = await harness.run(p.command("events", sub="list"))
    remind = _button(listing, "Going")
    await harness.run(p.press(remind, listing["data"]["components"], ephemeral=True))
    await bot.advance(datetime.fromisoformat("2026-01-19T13:05:00-06:00") - bot.clock.now())
    dms = [c for c in harness.fake.sent_messages() if "Reminder" in c.json.get("content", "")]
    assert dms, [c.json for c in harness.fake.sent_messages()]
    [when] = [f["value"] for f in dms[0].json["embeds"][0]["fields"] if f["name"] == "When"]
    assert "<t:" not in when and "Europe/Berlin" in when and "8:00 PM" in when


async def test_remind_me_says_its_sentence_once(harness: Harness) -> None:
    await publish(harness)
    [listing] = await harness.run(p.command("events", sub="list"))
    remind = _button(listing, "Going")
    [body] = await harness.run(p.press(remind, listing["data"]["components"], ephemeral=True))
    data = body["data"]
    said = [data.get("content", "")] + [e.get("description", "") for e in data["embeds"]]
    sentence = "I will send you a direct message"
    assert sum(text.count(sentence) for text in said) == 1, said


async def test_the_pressed_vote_updates_the_listing_in_place(harness: Harness) -> None:
    await harness.run(p.command("suggest", [p.option("topic", "Rural clinic staffing")]))
    [listing] = await harness.run(p.command("topics", sub="list"))
    assert listing["type"] == 4 and listing["data"]["flags"] & 64
    vote = _button(listing, "▲ Vote (0)")
    before = len(harness.fake.calls)
    [body] = await harness.run(p.press(vote, listing["data"]["components"], ephemeral=True))
    assert body["type"] == 7  # UPDATE_MESSAGE: the same message, redrawn
    labels = [c["label"] for row in body["data"]["components"] for c in row["components"]]
    assert any(label.startswith("✓ Voted (1)") for label in labels), labels
    assert "You voted for" in body["data"]["content"]
    new = harness.fake.calls[before:]
    assert [c.method for c in new] == ["POST"] and new[0].path.endswith("/callback")
    # pressed again on the redrawn message: back to (0), still in place
    redrawn = body["data"]["components"]
    [again] = await harness.run(p.press(_button(body, "✓ Voted"), redrawn, ephemeral=True))
    assert again["type"] == 7
    assert _button(again, "▲ Vote (0)")


async def test_organizer_commands_in_a_dm_are_refused_with_a_clear_word(harness: Harness) -> None:
    payload = p.command("events-admin", sub="failed", user_id=p.ORGANIZER_USER)
    for key in ("guild_id", "member", "channel"):
        payload.pop(key)
    payload["data"].pop("guild_id")
    payload["user"] = {"id": str(p.ORGANIZER_USER), "username": "o", "discriminator": "0"}
    payload["context"] = 1
    [body] = await harness.run(payload)
    assert body["type"] == 4 and body["data"]["flags"] & 64
    assert "work in the server" in body["data"]["content"]


async def test_a_published_edited_or_cancelled_event_reaches_discord_events_at_once(
    harness: Harness,
) -> None:
    bot = harness.bot
    settings = discord_settings(mirror_scheduled_events=True)
    bot.runtime.settings = settings
    mirrored = DiscordAdapter(
        settings, "fake-token", events_source=upcoming_events, mirror_every=3600
    )
    await mirrored.start(bot.runtime)
    try:
        await publish(harness)
        [created] = await harness.fake.wait_for("POST", r"/scheduled-events$")
        assert created.json["name"] == "Health Equity Webinar"
        [event_id] = list(harness.fake.events)
        [cancel] = await harness.run(p.command("events-admin", [p.option("event", "1")],
                                               sub="cancel", **ORGANIZER))  # fmt: skip
        button = _button(cancel, "Yes, cancel it")
        await harness.run(
            p.press(button, cancel["data"]["components"], ephemeral=True, **ORGANIZER)
        )
        [edit] = await harness.fake.wait_for("PATCH", rf"/scheduled-events/{event_id}$")
        assert edit.json == {"status": 4}
        # one create, one cancel: each change synced once, not once per listener or loop
        assert len(harness.fake.find("POST", r"/scheduled-events$")) == 1
        assert len(harness.fake.find("PATCH", r"/scheduled-events/")) == 1
    finally:
        await mirrored.stop()


async def test_the_events_note_says_whose_zone_the_times_are_in(harness: Harness) -> None:
    """Without a chosen zone Discord shows each viewer's own time, and the note says so; a
    chosen zone is shown as chosen, as text, and named."""
    await publish(harness)
    [listing] = await harness.run(p.command("events", sub="list"))
    shown = str(listing["data"])
    assert STAMP.search(shown) and "your own time zone" in shown
    assert "collaborative's zone" not in shown
    [asked] = await harness.run(p.command("timezone"))
    assert "device's zone" in str(asked["data"]) and "collaborative" not in str(asked["data"])

    await harness.run(p.command("timezone", [p.option("zone", "Europe/Berlin")]))
    [listing] = await harness.run(p.command("events", sub="list"))
    shown = str(listing["data"])
    assert "your time zone, Europe/Berlin" in shown
    [embed] = [
        e for e in listing["data"]["embeds"] if e.get("title", "").endswith("Health Equity Webinar")
    ]
    [when] = [f["value"] for f in embed["fields"] if f["name"] == "When"]
    assert "<t:" not in when and "8:00 PM" in when


async def test_shared_results_name_the_member_as_a_mention_that_pings_no_one(
    harness: Harness,
) -> None:
    rows = [
        {"title": "Black maternal health in Minneapolis", "url": "https://lib.example/1"},
        {"title": "Maternal care deserts", "url": "https://lib.example/2"},
    ]
    await load_rows(harness.bot, rows)
    query = [p.option("query", "maternal")]
    [found] = await harness.run(p.command("resources", query, sub="search"))
    share = _button(found, "Share")
    [shared] = await harness.run(p.press(share, found["data"]["components"], ephemeral=True))
    posted = [shared, *(c.json for c in harness.fake.sent_messages())]
    said = str(posted)
    assert f"Shared by <@{p.MEMBER}>" in said, said
    titles = [
        t for t in ("Black maternal health in Minneapolis", "Maternal care deserts") if t in said
    ]
    assert len(titles) == 1, "only the one item is shared, not the page"
    for message in posted:
        data = message.get("data", message)
        if "Shared by" in str(data):
            assert data.get("allowed_mentions", {}).get("parse") == [], data


async def test_an_event_published_by_another_process_reaches_discord_events_soon(
    harness: Harness, database_url: str
) -> None:
    """A second bot process on the same database (a Slack-only one, say) publishes an
    event: this process notices from the calendar's version, not at its next full sync."""
    bot = harness.bot
    settings = discord_settings(mirror_scheduled_events=True)
    bot.runtime.settings = settings
    mirrored = DiscordAdapter(
        settings, "fake-token", events_source=upcoming_events, mirror_every=3600, watch_every=0.2
    )
    await mirrored.start(bot.runtime)
    other = await TestBot.open(database_url, start=bot.clock.now(), worker_id="other")
    try:
        await asyncio.sleep(0.5)  # the first sync: nothing to mirror yet
        assert harness.fake.find("POST", r"/scheduled-events$") == []
        await create(other, ONE_LINE)
        [created] = await harness.fake.wait_for("POST", r"/scheduled-events$")
        assert created.json["name"] == "Health Equity Webinar"
        await asyncio.sleep(0.6)  # a few more looks at an unchanged calendar: no more syncs
        assert len(harness.fake.find("POST", r"/scheduled-events$")) == 1
    finally:
        await other.close()
        await mirrored.stop()
