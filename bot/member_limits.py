"""Per-member limits on quick, repeatable actions: a token bucket per (kind, member).

A member may vote, search, change reminders or start suggestion drafts in a burst of
`per_minute` and then at that steady rate; beyond it they are told how long to wait. The
buckets live in the process (see docs/production.md for why that is enough): they protect
the bot and the channels from a stuck key or a script, and a second process only means a
member's burst is per process. Durable quotas (suggestions per day) are counted in the
database instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from bot.errors import RateLimited
from bot.i18n import N_, _, ngettext

VOTE = "votes"
SEARCH = "searches"
REMINDER = "reminders"
DRAFT = "drafts"
WHAT = {
    VOTE: N_("You're voting faster than the bot allows ({size} a minute)."),
    SEARCH: N_("You're searching faster than the bot allows ({size} a minute)."),
    REMINDER: N_("You're changing reminders faster than the bot allows ({size} a minute)."),
    DRAFT: N_("You're suggesting topics faster than the bot allows ({size} a minute)."),
}
# Buckets that are full again are forgotten once this many are kept.
PRUNE_AT = 10_000


class LimitsSettings(BaseModel):
    """[limits]: how many of each a member may do per minute (a burst of that many, too)."""

    model_config = ConfigDict(extra="forbid")

    votes: int = Field(default=20, ge=1, le=10_000)
    searches: int = Field(default=20, ge=1, le=10_000)
    reminders: int = Field(default=10, ge=1, le=10_000)
    drafts: int = Field(default=6, ge=1, le=10_000)

    def per_minute(self, kind: str) -> int:
        return int(getattr(self, kind))


@dataclass
class _Bucket:
    tokens: float
    at: datetime


class MemberLimits:
    def __init__(self, settings: LimitsSettings) -> None:
        self.settings = settings
        self._buckets: dict[tuple[str, str], _Bucket] = {}

    def take(self, kind: str, member_key: str, now: datetime) -> None:
        """Spend one of `kind` for the member, or raise RateLimited saying how long to wait."""
        size = self.settings.per_minute(kind)
        rate = size / 60.0
        bucket = self._buckets.get((kind, member_key))
        if bucket is None:
            if len(self._buckets) >= PRUNE_AT:
                self._prune(now)
            bucket = self._buckets[(kind, member_key)] = _Bucket(float(size), now)
        elapsed = max((now - bucket.at).total_seconds(), 0.0)
        bucket.tokens = min(float(size), bucket.tokens + elapsed * rate)
        bucket.at = max(bucket.at, now)
        if bucket.tokens < 1.0:
            wait = math.ceil((1.0 - bucket.tokens) / rate)
            wait_text = ngettext(
                "Please wait {n} second and try again.",
                "Please wait {n} seconds and try again.",
                wait,
            ).format(n=wait)
            raise RateLimited(f"{_(WHAT[kind]).format(size=size)} {wait_text}")
        bucket.tokens -= 1.0

    def _prune(self, now: datetime) -> None:
        for key, bucket in list(self._buckets.items()):
            size = self.settings.per_minute(key[0])
            if bucket.tokens + (now - bucket.at).total_seconds() * size / 60.0 >= size:
                del self._buckets[key]
