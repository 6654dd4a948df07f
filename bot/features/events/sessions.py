"""The sessions of an event: its series rule, minus sessions skipped, plus sessions moved.

`Event.overrides` maps a session's original start to None (skipped) or to its new start;
the session keeps the event's length. Everything that lists, plans or checks sessions goes
through here so a skipped session is never reminded of and a moved one is reminded at its
new time.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.features.events import recurrence
from storage.models.events import Event

MAX_OVERRIDES = 100
_STEP = timedelta(seconds=1)


def overrides(event: Event) -> dict[datetime, datetime | None]:
    """Original start -> new start (None: skipped); unreadable entries are ignored."""
    try:
        raw = json.loads(event.overrides) if event.overrides else {}
    except ValueError:
        return {}
    found: dict[datetime, datetime | None] = {}
    if not isinstance(raw, dict):
        return found
    for key, value in raw.items():
        try:
            original = _utc(datetime.fromisoformat(str(key)))
            found[original] = _utc(datetime.fromisoformat(str(value))) if value else None
        except ValueError:
            continue
    return found


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def set_overrides(event: Event, found: dict[datetime, datetime | None]) -> None:
    items = sorted(found.items())[-MAX_OVERRIDES:]
    event.overrides = json.dumps(
        {k.isoformat(): (v.isoformat() if v else None) for k, v in items}, sort_keys=True
    )


def _raw(event: Event, *, after: datetime, before: datetime) -> list[datetime]:
    return recurrence.occurrences(
        event.starts_at, event.zone, event.rrule, after=after, before=before
    )


def starts(event: Event, *, after: datetime, before: datetime) -> list[datetime]:
    """Session starts (UTC) with `after` <= start < `before`, moves and skips applied."""
    changed = overrides(event)
    found = [s for s in _raw(event, after=after, before=before) if s not in changed]
    found += [new for new in changed.values() if new is not None and after <= new < before]
    return sorted(set(found))


def next_start(event: Event, *, after: datetime) -> datetime | None:
    """The first session that has not started by `after`."""
    changed = overrides(event)
    raw = recurrence.next_start(event.starts_at, event.zone, event.rrule, after=after)
    while raw is not None and raw in changed:
        raw = recurrence.next_start(event.starts_at, event.zone, event.rrule, after=raw)
    moved = [new for new in changed.values() if new is not None and new > after]
    return min([*moved, *([raw] if raw else [])], default=None)


def is_session(event: Event, when: datetime) -> bool:
    changed = overrides(event)
    if when in changed.values():
        return True
    if when in changed:
        return False
    return recurrence.is_occurrence(event.starts_at, event.zone, event.rrule, when)


def is_original(event: Event, when: datetime) -> bool:
    """Is `when` a session the series rule itself makes (not yet skipped or moved)?"""
    return when not in overrides(event) and recurrence.is_occurrence(
        event.starts_at, event.zone, event.rrule, when
    )


def original_of(event: Event, when: datetime) -> datetime:
    """The rule's start of the session now at `when` (itself, unless it was moved)."""
    for original, new in overrides(event).items():
        if new == when:
            return original
    return when


def on_day(event: Event, day: str, *, after: datetime) -> datetime | None:
    """The session (as it is now) whose local date in the event's zone is `day` (ISO)."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(event.zone)
    horizon = after + timedelta(days=800)
    for start in starts(event, after=after - _STEP, before=horizon):
        if start.astimezone(tz).date().isoformat() == day:
            return start
    return None
