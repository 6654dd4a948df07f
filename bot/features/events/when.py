"""Dates as organizers type them: "March 19 1pm CST", "next Tuesday 13:00", "2026-03-19 13:00".

dateparser does the reading, relative to the bot's clock in the organizer's zone. A zone
word in the text ("CST", "Central", "Pacific time", "America/New_York") is taken out first
and means that zone's local time on that date (see zones.py), never a fixed UTC offset.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.durations import parse_duration
from bot.errors import BadInput
from bot.features.events import zones

MAX_LENGTH = 200
_ZONE_WORD = re.compile(
    r"(?<![\w/])([A-Za-z]+(?:/[A-Za-z_+\-]+){1,2}|[A-Za-z]{1,8})(?:\s{1,3}time)?(?![\w/])",
    re.IGNORECASE,
)
# Matched on stripped text: two `\s*` around an optional part backtrack quadratically.
_TIME = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?", re.IGNORECASE)
HINT = 'Write it like "March 19 1pm CST", "next Tuesday 13:00" or "2026-03-19 13:00".'


def split_zone(text: str, default: str) -> tuple[str, str]:
    """The text without its zone word, and the zone it names (or `default`)."""
    found = default
    kept = text
    for match in reversed(list(_ZONE_WORD.finditer(text))):
        word = match.group(1)
        named = zones.zone_word(word)
        if named:
            found = named
            kept = kept[: match.start()] + kept[match.end() :]
            break
    return " ".join(kept.split()), found


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH = MONTH_WORDS
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s{{0,3}}(\d{{1,2}})(?:st|nd|rd|th)?\b", re.IGNORECASE)
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s{{1,3}}(?:of\s{{1,3}})?({_MONTH})\b", re.I
)
_MONTH_DAYS = {2: 29, 4: 30, 6: 30, 9: 30, 11: 30}
_MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)
# A clock time: 1pm, 1 p.m., 13:00, noon; or a moment from now ("in 2 hours").
_CLOCK = re.compile(
    r"\d{1,2}\s{0,2}[ap]\.?m\b\.?|\d{1,2}[:.h]\d{2}\b|\bnoon\b|\bmidnight\b|T\d{2}"
    r"|\bin\s{1,3}\d{1,4}\s{0,3}(?:min|minutes?|hours?|hrs?|h|m)\b|\bnow\b",
    re.IGNORECASE,
)
_STANDARD_WORDS = {"est", "cst", "mst", "pst", "akst", "hst"}
_DAYLIGHT_WORDS = {"edt", "cdt", "mdt", "pdt", "akdt"}


def has_clock_time(text: str) -> bool:
    """Whether `text` says a time of day, not only a date ("March 19")."""
    return _CLOCK.search(text) is not None


def check_day_of_month(text: str) -> None:
    """BadInput saying so when `text` names a day its month does not have ("February 30")."""
    for match in (*_MONTH_DAY.finditer(text), *_DAY_MONTH.finditer(text)):
        month_word, day = match.group(1), match.group(2)
        if month_word.isdigit():
            month_word, day = day, month_word
        month = _MONTHS[month_word.lower().rstrip(".")]
        most = _MONTH_DAYS.get(month, 31)
        if int(day) > most:
            name = _MONTH_NAMES[month - 1]
            days = "28 days (29 in a leap year)" if month == 2 else f"{most} days"
            raise BadInput(f"{name} has only {days}: {name} {int(day)} is not a date. {HINT}")


def daylight_note(text: str, start: datetime, zone: str) -> str:
    """When a standard-time word (CST) names a date on daylight time (or the other way):
    says how it was read, e.g. "Chicago is on daylight time then (CDT): 1pm CST is read as
    1pm Chicago time." Empty otherwise."""
    words = {match.group(1).lower() for match in _ZONE_WORD.finditer(text)}
    local = start.astimezone(ZoneInfo(zone))
    on_daylight = bool(local.dst())
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    for word in words:
        if zones.zone_word(word) != zone:
            continue
        if word in _STANDARD_WORDS and on_daylight:
            return (
                f"{city} is on daylight time then ({local:%Z}): I read {word.upper()} as "
                f"{city}'s clock that day."
            )
        if word in _DAYLIGHT_WORDS and not on_daylight:
            return (
                f"{city} is on standard time then ({local:%Z}): I read {word.upper()} as "
                f"{city}'s clock that day."
            )
    return ""


def parse_when(text: str, default_zone: str, now: datetime) -> tuple[datetime, str]:
    """The moment `text` means (aware UTC) and the zone it was read in."""
    cleaned = " ".join(text.split())[:MAX_LENGTH]
    if not cleaned:
        raise BadInput(f"Please say when. {HINT}")
    check_day_of_month(cleaned)
    rest, zone = split_zone(cleaned, default_zone)
    tz = ZoneInfo(zone)
    base = now.astimezone(tz).replace(tzinfo=None)
    rest = re.sub(r"(?i)\bnext\s+(mon|tue|wed|thu|fri|sat|sun)", r"\1", rest)
    settings = {
        "TIMEZONE": zone,
        "TO_TIMEZONE": "UTC",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": base,
    }
    import dateparser  # deferred: a slow import that only organizers' commands need

    try:
        parsed = dateparser.parse(rest, settings=settings) if rest else None
    except (ValueError, OverflowError, TypeError):
        parsed = None
    if parsed is None:
        raise BadInput(f"I could not read {cleaned[:60]!r} as a date and time. {HINT}")
    return _wall_clock(parsed, tz), zone


def _wall_clock(parsed: datetime, tz: ZoneInfo) -> datetime:
    # Re-attach the zone to the local wall time so the zone's own DST rule decides the offset.
    local = parsed.astimezone(tz).replace(tzinfo=None)
    return local.replace(tzinfo=tz).astimezone(UTC)


_UNIT_WORDS = re.compile(
    r"(\d{1,4})\s{0,3}(hours?|hrs?|minutes?|mins?|days?|weeks?)\b", re.IGNORECASE
)
_HALF_HOURS = re.compile(r"(\d{1,2})\.5\s{0,3}(?:hours?|hrs?|h)\b", re.IGNORECASE)


def _unit_letters(text: str) -> str:
    """ "2 hours", "1 hour 30 minutes", "1.5 hours" -> "2h", "1h30m", "1h30m"."""
    text = _HALF_HOURS.sub(lambda m: f"{m.group(1)}h30m", text)
    return _UNIT_WORDS.sub(lambda m: m.group(1) + m.group(2)[0].lower(), text).replace("and", "")


def parse_end(text: str, start: datetime, zone: str) -> datetime:
    """An end from a length ("90m", "1h30m", "2 hours") or a clock time on the start's day
    ("2:30pm")."""
    cleaned = _unit_letters(text.strip().lower())
    if not cleaned:
        return start + timedelta(hours=1)
    try:
        length = parse_duration(cleaned)
    except ValueError:
        length = None
    if length is not None:
        if not timedelta(minutes=1) <= length <= timedelta(days=14):
            raise BadInput("An event lasts between 1 minute and 14 days.")
        return start + length
    match = _TIME.fullmatch(cleaned)
    if match is None:
        raise BadInput('Give the length like "1h" or "90m", or the end time like "2:30pm".')
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        hour = hour % 12 + (12 if half.lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise BadInput(f"{text.strip()[:20]!r} is not a time of day.")
    local = start.astimezone(ZoneInfo(zone))
    end = local.replace(hour=hour, minute=minute).astimezone(UTC)
    if end <= start:
        raise BadInput("The end must be after the start.")
    return end
