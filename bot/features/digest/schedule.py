"""When a member's digest is due: weekly on a weekday, or monthly on the month's first such
weekday, at a local time in the member's own zone, as pure functions.

Local dates and times are combined in the member's zone and only then turned into UTC, so a
digest at 9:00 in Chicago stays at 9:00 across a daylight-saving change. A time that does not
exist that night (2:30 when clocks spring forward) comes out an hour later, as the clock on
the wall shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKLY = "weekly"
MONTHLY = "monthly"
OFF = "off"
FREQUENCIES = (WEEKLY, MONTHLY, OFF)
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Plan:
    """How often, which weekday (0 = Monday) and what local time, HH:MM."""

    frequency: str
    day: int
    at: str

    @property
    def hour_minute(self) -> tuple[int, int]:
        hour, minute = self.at.split(":")
        return int(hour), int(minute)


def local_at(day: date, plan: Plan, zone: ZoneInfo) -> datetime:
    """`day` at the plan's wall-clock time in `zone`, as aware UTC."""
    hour, minute = plan.hour_minute
    # Through UTC and back: a time in the spring-forward gap becomes the real moment.
    return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)


def first_weekday(year: int, month: int, weekday: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7)


def _month(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + step
    return index // 12, index % 12 + 1


def next_due(plan: Plan, zone: ZoneInfo, after: datetime) -> datetime:
    """The first digest time strictly after `after`."""
    today = after.astimezone(zone).date()
    if plan.frequency == WEEKLY:
        day = today + timedelta(days=(plan.day - today.weekday()) % 7)
        due = local_at(day, plan, zone)
        return due if due > after else local_at(day + timedelta(days=7), plan, zone)
    for step in range(3):
        year, month = _month(today.year, today.month, step)
        due = local_at(first_weekday(year, month, plan.day), plan, zone)
        if due > after:
            return due
    raise AssertionError("a monthly digest is always due within three months")


def previous_due(plan: Plan, zone: ZoneInfo, due: datetime) -> datetime:
    """The digest time before `due` (where the one due at `due` starts counting news)."""
    local = due.astimezone(zone).date()
    if plan.frequency == WEEKLY:
        return local_at(local - timedelta(days=7), plan, zone)
    year, month = _month(local.year, local.month, -1)
    return local_at(first_weekday(year, month, plan.day), plan, zone)


def coming(plan: Plan) -> timedelta:
    """How far ahead a digest looks for sessions: the week, or the month to come."""
    return timedelta(days=7 if plan.frequency == WEEKLY else 31)
