"""Dates and times as the reader's language writes them (Babel's CLDR formats).

``mar, 19 ene 2027, 13:00 CST`` in Spanish, ``Tue, Jan 19, 2027, 1:00 PM CST`` in English.
The zone's abbreviation is the tz database's (CLDR has no Spanish one for US zones).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton, format_time

from bot.i18n.current import speaking


def _local(at: datetime, zone: ZoneInfo | str) -> datetime:
    return at.astimezone(ZoneInfo(zone) if isinstance(zone, str) else zone)


def moment(at: datetime, zone: ZoneInfo | str) -> str:
    """A moment with weekday, date, time and zone, in the reader's zone."""
    local, locale = _local(at, zone), speaking().locale
    day = format_skeleton("yMMMEd", local, locale=locale)
    # CLDR puts a narrow no-break space before AM/PM; a plain one reads the same and matches
    # what people type and search for ("1:00 PM").
    clock = format_time(local, "short", locale=locale).replace("\u202f", " ")
    return f"{day}, {clock} {local.tzname()}"


def day(on: date) -> str:
    """A date: ``19 ene 2027``, ``Jan 19, 2027``."""
    return format_date(on, "medium", locale=speaking().locale)


def weekday_date(on: date) -> str:
    """A date with its weekday, no year: ``mar, 19 ene``, ``Tue, Jan 19``."""
    return format_skeleton("MMMEd", on, locale=speaking().locale)
