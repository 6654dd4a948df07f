"""How a search is kept for insights: its normalized words and its week, nothing else."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

MAX_WORDS = 8
MAX_LENGTH = 200
# Bits of the member sketch; 62 keeps every value a positive signed 64-bit integer.
SKETCH_BITS = 62
_WORD = re.compile(r"[^\W_]+(?:[-'+][^\W_]+)*\+?", re.UNICODE)
_FILTER = re.compile(r"\b\w{2,12}:\S*")


def normalize(query: str) -> str:
    """Lower-case words without filters, punctuation or repeats, in the order typed."""
    text = _FILTER.sub(" ", query[:1000].lower())
    seen: list[str] = []
    for word in _WORD.findall(text):
        if word not in seen:
            seen.append(word)
        if len(seen) == MAX_WORDS:
            break
    return " ".join(seen)[:MAX_LENGTH].strip()


def week_of(moment: datetime, zone: ZoneInfo) -> str:
    """The Monday (in the collaborative's zone) of the week `moment` falls in."""
    day = moment.astimezone(zone).date()
    return (day - timedelta(days=day.weekday())).isoformat()


def month_of(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m")


def first_week_since(moment: datetime, zone: ZoneInfo, days: int) -> str:
    return week_of(moment - timedelta(days=days), zone)


def member_bit(salt: str, member_key: str) -> int:
    """One bit of the sketch for this member: the same member always sets the same bit."""
    digest = hmac.new(salt.encode(), member_key.encode(), hashlib.sha256).digest()
    return 1 << (int.from_bytes(digest[:8], "big") % SKETCH_BITS)


def at_least_members(bits: int) -> int:
    """How many different members set these bits, at least (two may share a bit)."""
    return bin(bits).count("1")


def months_back(moment: datetime, zone: ZoneInfo, count: int) -> list[str]:
    """The last `count` months up to and including this one, oldest first."""
    day = moment.astimezone(zone).date().replace(day=1)
    months: list[str] = []
    for _ in range(count):
        months.append(day.strftime("%Y-%m"))
        day = (day - timedelta(days=1)).replace(day=1)
    return months[::-1]


def parse_month(month: str) -> date:
    return date.fromisoformat(f"{month}-01")
