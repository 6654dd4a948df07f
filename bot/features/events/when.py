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


def parse_when(text: str, default_zone: str, now: datetime) -> tuple[datetime, str]:
    """The moment `text` means (aware UTC) and the zone it was read in."""
    cleaned = " ".join(text.split())[:MAX_LENGTH]
    if not cleaned:
        raise BadInput(f"Please say when. {HINT}")
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


def parse_end(text: str, start: datetime, zone: str) -> datetime:
    """An end from a length ("90m", "1h30m") or a clock time on the start's day ("2:30pm")."""
    cleaned = text.strip().lower()
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
