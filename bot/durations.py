"""Durations as people write them in config and chat: ``1d``, ``1h``, ``30m``, ``1w 2d``."""

from __future__ import annotations

import re
from datetime import timedelta

_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
# Not inside a run of digits, and at most 7 of them: linear on any input, never an overflow.
_PART = re.compile(r"(?<!\d)(\d{1,7})\s*([wdhms])")


def parse_duration(text: str) -> timedelta:
    """``"1d 2h"`` -> 26 hours. Raises ValueError with a hint on anything else."""
    cleaned = text.strip().lower().replace(" ", "")
    if not cleaned or _PART.sub("", cleaned):
        raise ValueError(f"{text!r} is not a duration; write it like 1d, 2h, 30m or 1w")
    return timedelta(seconds=sum(int(n) * _UNITS[u] for n, u in _PART.findall(cleaned)))


def format_duration(delta: timedelta) -> str:
    """The shortest exact form: 90 minutes -> ``1h30m``."""
    seconds = int(delta.total_seconds())
    if seconds == 0:
        return "0m"
    parts = []
    for unit, size in _UNITS.items():
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)


def humanize(delta: timedelta) -> str:
    """For people: ``1 day``, ``2 hours``, ``30 minutes``."""
    seconds = int(delta.total_seconds())
    for unit, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return format_duration(delta)
