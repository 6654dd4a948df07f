"""Mirroring our events as Discord Guild Scheduled Events: create, update, cancel, sync."""

from __future__ import annotations

from datetime import timedelta

from adapters.discord.scheduled_events import MirroredEvent
from storage import discord as store
from tests.discord import payloads as p
from tests.discord.conftest import Harness


def _event(harness: Harness, ref: str = "12", **changes: object) -> MirroredEvent:
    start = harness.bot.clock.now() + timedelta(days=3)
    values: dict[str, object] = {
        "ref": ref,
        "title": "Monthly webinar: housing and health",
        "description": "Join us @everyone",
        "start": start,
        "end": start + timedelta(hours=1),
        "location": "https://zoom.example/j/1",
        **changes,
    }
    return MirroredEvent(**values)  # type: ignore[arg-type]


async def test_upsert_creates_then_updates_only_when_changed(harness: Harness) -> None:
    mirror = harness.adapter.mirror
    assert mirror is not None
    assert await mirror.upsert(_event(harness)) == {"created": 1}
    [created] = harness.fake.find("POST", rf"/guilds/{p.GUILD}/scheduled-events$")
    body = created.json
    assert body["entity_type"] == 3 and body["privacy_level"] == 2
    assert body["entity_metadata"] == {"location": "https://zoom.example/j/1"}
    assert body["scheduled_start_time"].endswith("+00:00")

    assert await mirror.upsert(_event(harness)) == {"unchanged": 1}
    assert await mirror.upsert(_event(harness, title="Renamed")) == {"updated": 1}
    [edit] = harness.fake.find("PATCH", r"/scheduled-events/\d+$")
    assert edit.json["name"] == "Renamed"
    assert len(harness.fake.events) == 1


async def test_cancel_marks_the_discord_event_cancelled_and_forgets_it(harness: Harness) -> None:
    mirror = harness.adapter.mirror
    assert mirror is not None
    await mirror.upsert(_event(harness))
    assert await mirror.cancel("12") == {"cancelled": 1}
    [edit] = harness.fake.find("PATCH", r"/scheduled-events/\d+$")
    assert edit.json == {"status": 4}
    async with harness.bot.db.read() as session:
        assert await store.all_mirrored(session) == []


async def test_sync_creates_missing_and_cancels_vanished_events(harness: Harness) -> None:
    mirror = harness.adapter.mirror
    assert mirror is not None
    first = await mirror.sync([_event(harness, "1"), _event(harness, "2")])
    assert first == {"created": 2}
    second = await mirror.sync([_event(harness, "2")])
    assert second == {"unchanged": 1, "cancelled": 1}
    assert await mirror.sync([_event(harness, "2")]) == {"unchanged": 1}


async def test_past_events_are_not_mirrored_and_deleted_ones_come_back(harness: Harness) -> None:
    mirror = harness.adapter.mirror
    assert mirror is not None
    past = _event(harness, start=harness.bot.clock.now() - timedelta(hours=1))
    assert await mirror.upsert(past) == {"past": 1}
    await mirror.upsert(_event(harness))
    harness.fake.events.clear()  # an admin deleted it in Discord
    assert await mirror.upsert(_event(harness, title="Changed")) == {"created": 1}


async def test_long_text_is_cut_to_discord_limits(harness: Harness) -> None:
    mirror = harness.adapter.mirror
    assert mirror is not None
    await mirror.upsert(
        _event(harness, title="T" * 300, description="D" * 5000, location="L" * 300)
    )
    [created] = harness.fake.find("POST", r"/scheduled-events$")
    assert len(created.json["name"]) == 100
    assert len(created.json["description"]) == 1000
    assert len(created.json["entity_metadata"]["location"]) == 100
