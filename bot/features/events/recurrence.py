"""Recurring events as pure time math: rules are computed in the event's own zone.

A series is stored as its first start (UTC), its zone and an RRULE. Occurrences are
expanded on demand with dateutil on *local wall-clock* times and only then converted to
UTC, so a 1 PM Central webinar stays at 1 PM Central across daylight-saving changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton, format_time, get_day_names
from dateutil.rrule import rrule, rruleset, rrulestr

from bot.i18n import N_, _, language, ngettext, speaking

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
REPEATS = ("none", "daily", "weekly", "every other week", "monthly", "monthly-date")
MAX_SESSIONS = 200
_EVERY = {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "yearly": "YEARLY"}
_UNITS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
# How a repeating event reads to members (ORDINALS above is what organizers may type).
_SHOWN_ORDINALS = {1: N_("first"), 2: N_("second"), 3: N_("third"), 4: N_("fourth"), -1: N_("last")}


def nth_weekday(local: datetime) -> int:
    """Which weekday of its month `local` is: 1..4, or -1 for the last (a fifth) one."""
    n = (local.day - 1) // 7 + 1
    return -1 if n == 5 else n


@dataclass(frozen=True)
class Repeat:
    """What an organizer asked for: "every other Wednesday, 6 sessions", "weekly until June 30"."""

    word: str  # none, daily, weekly, monthly, monthly-date
    interval: int = 1
    count: int | None = None
    until: str = ""  # date text, read by the caller in the event's zone


_COUNT = re.compile(
    r"\b(\d{1,3})\s{0,3}(?:weekly\s{1,3}|monthly\s{1,3})?(?:sessions?|times|meetings?)\b"
)
_UNTIL = re.compile(r"\buntil\s{1,3}(.{1,40})$")
_OTHER = re.compile(r"\b(?:every\s{1,3}other|biweekly|fortnightly|every\s{1,3}2\s{1,3}weeks)\b")
_EVERY_N = re.compile(r"\bevery\s{1,3}(\d{1,2})\s{1,3}(day|week|month)s?\b")


def parse_repeat(text: str) -> Repeat:
    """Read "weekly", "every other Wednesday, 6 sessions", "4 weekly sessions", "until June 30".

    Raises ValueError with a sentence the organizer can act on.
    """
    lowered = " ".join(text.lower().replace(",", " ").split())[:120]
    until = ""
    found = _UNTIL.search(lowered)
    if found:
        until, lowered = found.group(1).strip(), lowered[: found.start()].strip()
    count = None
    found = _COUNT.search(lowered)
    if found:
        count = int(found.group(1))
        if not 1 <= count <= MAX_SESSIONS:
            raise ValueError(f"A series has 1 to {MAX_SESSIONS} sessions.")
    interval, word = 1, ""
    if _OTHER.search(lowered):
        interval, word = 2, "weekly"
    elif (every := _EVERY_N.search(lowered)) is not None:
        interval, word = (
            int(every.group(1)),
            {"day": "daily", "week": "weekly"}.get(every.group(2), "monthly"),
        )
    elif "monthly-date" in lowered or "same date" in lowered:
        word = "monthly-date"
    elif "month" in lowered:
        word = "monthly"
    elif "week" in lowered or any(day.lower() in lowered for day in DAY_NAMES):
        word = "weekly"
    elif "daily" in lowered or "every day" in lowered:
        word = "daily"
    elif lowered in ("", "none", "no", "once") and not (count or until):
        return Repeat("none")
    elif count or until:
        word = "weekly"  # "6 sessions" alone: workshops meet weekly
    if not word or interval < 1:
        raise ValueError(
            'Repeat is none, weekly, "every other week", monthly, monthly-date or daily, '
            'optionally with "6 sessions" or "until June 30".'
        )
    return Repeat(word, interval, count, until)


_ORDINAL_WORDS = {
    **{word: n for n, word in ORDINALS.items()},
    **{"1st": 1, "2nd": 2, "3rd": 3, "4th": 4},
}


def check_days(text: str, spec: Repeat, local_start: datetime) -> Repeat:
    """A repeat that names days, held to the first session's day: "every third Tuesday" on
    a third Tuesday is read as monthly; on any other day it is refused, never read as every
    Thursday. Raises ValueError with what to do instead."""
    lowered = " ".join(text.lower().replace(",", " ").split())[:120]
    start_day = DAY_NAMES[local_start.weekday()]
    named = [day for day in DAY_NAMES if re.search(rf"\b{day.lower()}s?\b", lowered)]
    first = f"{local_start:%A, %B} {local_start.day}"
    if any(day != start_day for day in named):
        other = next(day for day in named if day != start_day)
        raise ValueError(
            f"The first session is on {first}, but the repeat names {other}: a series repeats "
            f"on its first session's day. Start it on a {other}, or leave the day out "
            '(repeat:weekly, repeat:"monthly").'
        )
    pattern = rf"\b({'|'.join(_ORDINAL_WORDS)})\s+{start_day.lower()}\b"
    found = re.search(pattern, lowered)
    if found is None:
        return spec
    wanted, actual = _ORDINAL_WORDS[found.group(1)], nth_weekday(local_start)
    if wanted != actual:
        said = ORDINALS[actual]
        raise ValueError(
            f"{first} is the {said} {start_day} of its month, not the {found.group(1)}: start "
            f"the series on a {found.group(1)} {start_day}, or write repeat:monthly to repeat "
            f"on the {said} {start_day}."
        )
    if spec.word == "weekly" and spec.interval == 1:
        return Repeat("monthly", 1, spec.count, spec.until)
    return spec


def rule_for(
    repeat: str | Repeat,
    local_start: datetime,
    *,
    until_utc: datetime | None = None,
    all_day: bool = False,
) -> str:
    """The RRULE for a repeat, anchored on the first occurrence.

    RFC 5545: UNTIL is a UTC time when the start has a zone, and a bare date for all-day events.
    """
    spec = Repeat(repeat) if isinstance(repeat, str) else repeat
    if spec.word == "every other week":
        spec = Repeat("weekly", 2, spec.count, spec.until)
    day = WEEKDAYS[local_start.weekday()]
    by = {
        "weekly": f"BYDAY={day}",
        "monthly": f"BYDAY={nth_weekday(local_start):+d}{day}",
        "monthly-date": f"BYMONTHDAY={local_start.day}",
        "daily": "",
    }
    if spec.word not in by:
        return ""
    # RFC 5545's (and icalendar's) order, so an exported rule reads back identical.
    parts = [f"FREQ={'MONTHLY' if spec.word.startswith('monthly') else spec.word.upper()}"]
    if spec.count:
        parts.append(f"COUNT={spec.count}")
    elif until_utc is not None:
        end = f"{until_utc:%Y%m%d}" if all_day else f"{until_utc.astimezone(UTC):%Y%m%dT%H%M%SZ}"
        parts.insert(1, f"UNTIL={end}")
    if spec.interval > 1:
        parts.append(f"INTERVAL={spec.interval}")
    parts.append(by[spec.word])
    return ";".join(p for p in parts if p)


def reanchor(rule: str, local_start: datetime) -> str:
    """The same rule (interval, count, end) on a new first session's weekday or date."""
    day = WEEKDAYS[local_start.weekday()]
    out = []
    freq = _parts(rule).get("FREQ", "")
    for part in rule.split(";"):
        name = part.split("=", 1)[0].upper()
        if name == "BYDAY" and freq == "WEEKLY" and "," not in part:
            part = f"BYDAY={day}"
        elif name == "BYDAY" and freq == "MONTHLY" and "," not in part:
            part = f"BYDAY={nth_weekday(local_start):+d}{day}"
        elif name == "BYMONTHDAY" and freq == "MONTHLY":
            part = f"BYMONTHDAY={local_start.day}"
        out.append(part)
    return ";".join(out)


def _parts(rule: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)


def _days_phrase(byday: str, local_start: datetime) -> str:
    names = []
    for item in byday.split(","):
        code = item[-2:]
        if code in WEEKDAYS:
            names.append(_day_name(WEEKDAYS.index(code)))
    if not names:
        names = [_day_name(local_start.weekday())]
    if len(names) == 1:
        return names[0]
    return _("{items} and {last}").format(items=", ".join(names[:-1]), last=names[-1])


def _cadence(parts: dict[str, str], local_start: datetime) -> str:
    freq = parts.get("FREQ", "")
    interval = int(parts.get("INTERVAL", "1") or 1)
    if freq == "WEEKLY":
        days = _days_phrase(parts.get("BYDAY", ""), local_start)
        if interval == 1:
            return _("every {days}").format(days=days)
        if interval == 2:
            return _("every other {days}").format(days=days)
        return _("every {n} weeks on {days}").format(n=interval, days=days)
    if freq == "MONTHLY":
        monthly = (
            _("monthly")
            if interval == 1
            else _("every other month")
            if interval == 2
            else _("every {n} months").format(n=interval)
        )
        if "BYDAY" in parts and parts["BYDAY"][-2:] in WEEKDAYS:
            nth = _(_SHOWN_ORDINALS[nth_weekday(local_start)])
            day = _day_name(local_start.weekday())
            return _("{monthly} on the {nth} {day}").format(monthly=monthly, nth=nth, day=day)
        return _("{monthly} on day {n}").format(monthly=monthly, n=local_start.day)
    if freq == "DAILY" and interval == 1:
        return _("daily")
    return _every_unit(freq, interval)


def _every_unit(freq: str, interval: int) -> str:
    """``every other day``, ``every 3 years``: the cadences without a weekday or date."""
    if freq not in _UNITS:
        return _("repeats")
    if interval <= 2:
        other = {
            "DAILY": (N_("every day"), N_("every other day")),
            "WEEKLY": (N_("every week"), N_("every other week")),
            "YEARLY": (N_("every year"), N_("every other year")),
        }
        pair = other.get(freq, (N_("monthly"), N_("every other month")))
        return _(pair[interval - 1])
    words = {
        "DAILY": N_("every {n} days"),
        "WEEKLY": N_("every {n} weeks"),
        "MONTHLY": N_("every {n} months"),
        "YEARLY": N_("every {n} years"),
    }
    return _(words[freq]).format(n=interval)


def describe(rule: str, local_start: datetime, *, all_day: bool = False) -> str:
    """``every other Wednesday at 1:00 PM, 6 sessions, until Apr 8``; '' when not repeating."""
    if not rule:
        return ""
    parts = _parts(rule)
    phrase = _cadence(parts, local_start)
    if not all_day:
        clock = format_time(local_start, "short", locale=speaking().locale).replace("\u202f", " ")
        phrase = _("{cadence} at {time}").format(cadence=phrase, time=clock)
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        phrase += ", " + ngettext("{n} session", "{n} sessions", count).format(n=count)
    if "COUNT" in parts or "UNTIL" in parts:
        last = _last_local(rule, local_start)
        if last is not None:
            phrase += ", " + _("until {date}").format(date=_until_date(last, local_start.year))
    return phrase


def _until_date(last: datetime, year: int) -> str:
    """``Apr 8`` (``8 abr``), with the year when it is not the first session's."""
    if language() == "en":
        shown = f"{last:%b} {last.day}"
        return shown + (f" {last.year}" if last.year != year else "")
    skeleton = "MMMd" if last.year == year else "yMMMd"
    return format_skeleton(skeleton, last, locale=speaking().locale)


def _day_name(index: int) -> str:
    """``Wednesday`` (``miércoles``): Monday is 0."""
    return str(get_day_names("wide", locale=speaking().locale)[index])


def _last_local(rule: str, local_start: datetime) -> datetime | None:
    tz = local_start.tzinfo if isinstance(local_start.tzinfo, ZoneInfo) else None
    naive = local_start.replace(tzinfo=None)
    try:
        compiled = rrulestr(_until_local(rule, tz), dtstart=naive, ignoretz=True)
        last = compiled[-1]  # finite: COUNT or UNTIL is set
    except (ValueError, TypeError, OverflowError, IndexError):
        return None
    return last if isinstance(last, datetime) else None


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


def _until_local(rule: str, tz: ZoneInfo | None) -> str:
    """RFC 5545 writes UNTIL in UTC; we expand on local wall times, so convert it."""
    parts = []
    for part in rule.split(";"):
        name, _, value = part.partition("=")
        if name.upper() == "UNTIL" and value.upper().endswith("Z") and tz is not None:
            moment = datetime.strptime(value.upper(), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            value = moment.astimezone(tz).strftime("%Y%m%dT%H%M%S")
        parts.append(f"{name}={value}" if _ else part)
    return ";".join(parts)


# Parsed once per series: /events and /journey find every series' next start for every
# member, and parsing the rule each time was a tenth of their work (issue 28). The rule
# objects are not changed by reading them (dateutil caches nothing unless asked).
@lru_cache(maxsize=512)
def _compile(rule: str, start: datetime, zone: str) -> tuple[rrule | rruleset, ZoneInfo]:
    tz = ZoneInfo(zone)
    local = start.astimezone(tz).replace(tzinfo=None)
    return rrulestr(_until_local(rule, tz), dtstart=local, ignoretz=True), tz


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
