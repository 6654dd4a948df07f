"""How a search is kept for insights: its normalized words and its week, nothing else."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from storage.models.insights import WHO_LENGTH

MAX_WORDS = 8
MAX_LENGTH = 200
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


def completed_weeks(moment: datetime, zone: ZoneInfo, weeks: int) -> tuple[str, str]:
    """[first, before): the last `weeks` whole weeks, so no count moves while someone looks."""
    this_week = week_of(moment, zone)
    first = date.fromisoformat(this_week) - timedelta(weeks=weeks)
    return first.isoformat(), this_week


def searcher(key: str, words: str, person: str) -> str:
    """The keyed hash a person's searches of `words` are kept under (storage/models/insights.py).

    The same person and words always give the same value, so people are counted exactly and
    /privacy finds a person's rows; without the key nobody can compute it, and the person's
    rows for other words give different values, so rows cannot be joined into a profile."""
    sub = hmac.new(key.encode(), b"insights: searchers", hashlib.sha256).digest()
    message = f"{words}\n{person}".encode()
    return hmac.new(sub, message, hashlib.sha256).hexdigest()[:WHO_LENGTH]


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
