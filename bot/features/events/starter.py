"""Starter content of the events feature, loaded on first start into an empty database.

The events follow the collaborative's real rhythm (starter.toml) with dates chosen relative
to the clock at load time, so a fresh demo always shows upcoming events.
"""

from __future__ import annotations

import tomllib
import uuid
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from bot.deps import Deps
from bot.features.events import plan, recurrence
from storage import events as store
from storage.models.events import SCHEDULED, Event


def nth_weekday_of(year: int, month: int, nth: int, weekday: int) -> date:
    """The `nth` (1-4, or -1 = last) `weekday` (0 = Monday) of a month."""
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    following = date(year + month // 12, month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def start_of(item: dict[str, Any], now: datetime) -> datetime:
    zone = ZoneInfo(item["zone"])
    local_now = now.astimezone(zone)
    index = local_now.year * 12 + local_now.month - 1 + int(item["month"])
    day = nth_weekday_of(
        index // 12, index % 12 + 1, int(item["nth"]), recurrence.WEEKDAYS.index(item["weekday"])
    )
    hour, minute = (int(p) for p in item["time"].split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)


def event_of(item: dict[str, Any], now: datetime) -> Event:
    starts_at = start_of(item, now)
    zone = item["zone"]
    local = starts_at.astimezone(ZoneInfo(zone))
    return Event(
        uid=f"starter-{uuid.uuid4()}@collab-bot",
        title=item["title"],
        kind=item["kind"],
        description=" ".join(item.get("description", "").split()),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=int(item["minutes"])),
        zone=zone,
        series=item.get("series", ""),
        rrule=recurrence.rule_for(item.get("repeat", "none"), local),
        status=SCHEDULED,
        created_by="starter",
        created_at=now,
        updated_at=now,
    )


def starter_items() -> list[dict[str, Any]]:
    text = resources.files("bot.features.events").joinpath("starter.toml").read_text("utf-8")
    items: list[dict[str, Any]] = tomllib.loads(text)["event"]
    return items


async def load(deps: Deps) -> int:
    """Load the starter content if this feature has none yet; returns how many items."""
    now = deps.clock.now()
    async with deps.db.session() as session:
        if await store.count(session):
            return 0
        events = [await store.add(session, event_of(item, now)) for item in starter_items()]
        for event in events:
            await plan.plan_event(session, event, deps)
    return len(events)
