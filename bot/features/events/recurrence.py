"""Recurring events as pure time math: rules are computed in the event's own zone.

A series is stored as its first start (UTC), its zone and an RRULE. Occurrences are
expanded on demand with dateutil on *local wall-clock* times and only then converted to
UTC, so a 1 PM Central webinar stays at 1 PM Central across daylight-saving changes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rruleset, rrulestr

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
REPEATS = ("none", "weekly", "monthly", "monthly-date")


def nth_weekday(local: datetime) -> int:
    """Which weekday of its month `local` is: 1..4, or -1 for the last (a fifth) one."""
    n = (local.day - 1) // 7 + 1
    return -1 if n == 5 else n


def rule_for(repeat: str, local_start: datetime) -> str:
    """The RRULE for a simple repeat word, anchored on the first occurrence."""
    day = WEEKDAYS[local_start.weekday()]
    if repeat == "weekly":
        return f"FREQ=WEEKLY;BYDAY={day}"
    if repeat == "monthly":
        return f"FREQ=MONTHLY;BYDAY={nth_weekday(local_start):+d}{day}"
    if repeat == "monthly-date":
        return f"FREQ=MONTHLY;BYMONTHDAY={local_start.day}"
    return ""


def describe(rule: str, local_start: datetime) -> str:
    """A short human phrase for the rules we write ourselves; anything else says 'repeats'."""
    if not rule:
        return ""
    time = local_start.strftime("%I:%M %p").lstrip("0")
    day = local_start.strftime("%A")
    if rule.startswith("FREQ=WEEKLY"):
        return f"every {day} at {time}"
    if rule.startswith("FREQ=MONTHLY;BYDAY="):
        n = nth_weekday(local_start)
        return f"monthly on the {ORDINALS[n]} {day} at {time}"
    if rule.startswith("FREQ=MONTHLY;BYMONTHDAY="):
        return f"monthly on day {local_start.day} at {time}"
    return "repeats"


ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
MAX_OCCURRENCES = 1000
_MARGIN = timedelta(days=1)


def valid_rule(rule: str, start: datetime, zone: str) -> bool:
    """A rule we can expand: daily at most as often (no minutely rules from imports)."""
    freq = next((p[5:] for p in rule.upper().split(";") if p.startswith("FREQ=")), "")
    if freq not in ALLOWED_FREQUENCIES:
        return False
    try:
        _compile(rule, start, zone)[0].after(datetime(2000, 1, 1))
    except (ValueError, TypeError, KeyError, OverflowError):
        return False
    return True


def _compile(rule: str, start: datetime, zone: str) -> tuple[rrule | rruleset, ZoneInfo]:
    tz = ZoneInfo(zone)
    local = start.astimezone(tz).replace(tzinfo=None)
    return rrulestr(rule, dtstart=local, ignoretz=True), tz


def _utc(naive: datetime, tz: ZoneInfo) -> datetime:
    # fold=0 picks the first of two repeated wall times; gaps move forward with zoneinfo.
    return naive.replace(tzinfo=tz).astimezone(UTC)


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz).replace(tzinfo=None)


def occurrences(
    start: datetime, zone: str, rule: str, *, after: datetime, before: datetime
) -> list[datetime]:
    """Starts (UTC) of the occurrences with `after` <= start < `before`."""
    if not rule:
        return [start] if after <= start < before else []
    compiled, tz = _compile(rule, start, zone)
    # Search local wall times with a day's margin, then filter exactly in UTC.
    window = compiled.between(_local(after, tz) - _MARGIN, _local(before, tz) + _MARGIN, inc=True)
    found = [when for when in (_utc(n, tz) for n in window) if after <= when < before]
    return found[:MAX_OCCURRENCES]


def next_start(start: datetime, zone: str, rule: str, *, after: datetime) -> datetime | None:
    """The first occurrence that has not started by `after`, if any."""
    if not rule:
        return start if start > after else None
    compiled, tz = _compile(rule, start, zone)
    naive = compiled.after(_local(after, tz) - _MARGIN, inc=True)
    while naive is not None:
        when = _utc(naive, tz)
        if when > after:
            return when
        naive = compiled.after(naive)
    return None


def is_occurrence(start: datetime, zone: str, rule: str, when: datetime) -> bool:
    if not rule:
        return when == start
    window = occurrences(
        start, zone, rule, after=when - timedelta(seconds=1), before=when + timedelta(seconds=1)
    )
    return when in window
