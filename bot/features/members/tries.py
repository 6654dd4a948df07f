"""How many wrong /link codes may be typed: per account, and across all accounts at once.

A code is 8 of 30 characters, so guessing one is hopeless at any human pace; the review
typed 300 wrong codes in 0.37 s. Each account gets MAX_PER_ACCOUNT wrong codes per WINDOW;
all accounts together get MAX_OVERALL per WINDOW, so many accounts cannot pool their tries
against the codes outstanding. Counted in the process, like
bot/member_limits.py (held in deps.state).
"""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime, timedelta

from bot.errors import RateLimited
from bot.i18n import ngettext

WINDOW = timedelta(minutes=10)
MAX_PER_ACCOUNT = 5
MAX_OVERALL = 50
PRUNE_AT = 10_000


class LinkTries:
    def __init__(self) -> None:
        self._by_account: dict[str, deque[datetime]] = {}
        self._overall: deque[datetime] = deque()

    def check(self, account: str, now: datetime) -> None:
        """Raise RateLimited when this account, or everyone, typed too many wrong codes."""
        mine = self._recent(self._by_account.get(account), now)
        if len(mine) >= MAX_PER_ACCOUNT:
            raise RateLimited(_wait(mine[0], now, everyone=False))
        everyone = self._recent(self._overall, now)
        if len(everyone) >= MAX_OVERALL:
            raise RateLimited(_wait(everyone[0], now, everyone=True))

    def wrong(self, account: str, now: datetime) -> None:
        if account not in self._by_account and len(self._by_account) >= PRUNE_AT:
            self._prune(now)
        self._by_account.setdefault(account, deque()).append(now)
        self._overall.append(now)

    def _recent(self, times: deque[datetime] | None, now: datetime) -> deque[datetime]:
        if times is None:
            return deque()
        while times and now - times[0] >= WINDOW:
            times.popleft()
        return times

    def _prune(self, now: datetime) -> None:
        for account in [a for a, t in self._by_account.items() if not self._recent(t, now)]:
            del self._by_account[account]


def _wait(oldest: datetime, now: datetime, *, everyone: bool) -> str:
    minutes = max(1, math.ceil((oldest + WINDOW - now) / timedelta(minutes=1)))
    if everyone:
        text = ngettext(
            "Linking is paused: too many wrong codes were typed in 10 minutes. Try again in "
            "{minutes} minute, and check the code on your other account.",
            "Linking is paused: too many wrong codes were typed in 10 minutes. Try again in "
            "{minutes} minutes, and check the code on your other account.",
            minutes,
        )
    else:
        text = ngettext(
            "Linking is paused: {n} wrong codes in 10 minutes. Try again in {minutes} minute, "
            "and check the code on your other account.",
            "Linking is paused: {n} wrong codes in 10 minutes. Try again in {minutes} "
            "minutes, and check the code on your other account.",
            minutes,
        )
    return text.format(n=MAX_PER_ACCOUNT, minutes=minutes)
