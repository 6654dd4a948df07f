"""Counting what members do, for insights: a search's words, a member's month of activity.

Recording never fails the member's command: a problem here is logged and forgotten.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

from bot.deps import Deps
from bot.features.insights.words import month_of, normalize, week_of
from bot.model import Actor

log = logging.getLogger(__name__)


def record_search(deps: Deps, actor: Actor, query: str, *, empty: bool) -> None:
    """Count one search (its normalized words, its week, whether it found nothing) in the
    process's tally; the tally writes it shortly, so the member never waits for it."""
    if not deps.settings.insights.enabled:
        return
    words = normalize(query)
    if not words:
        return
    week = week_of(deps.clock.now(), deps.settings.bot.zone)
    deps.searches.add(week, words, empty=empty, member_key=actor.key)
    if deps.searches.full():
        deps.searches.flush_soon(deps.db)


class ActivityTracker:
    """Counts each member once a month, in the process's tally (written shortly, with the
    search counts); remembers recent members so most acts cost nothing."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._seen: OrderedDict[str, str] = OrderedDict()

    async def note(self, deps: Deps, actor: Actor) -> None:
        if not deps.settings.insights.enabled:
            return
        now = deps.clock.now()
        month = month_of(now, deps.settings.bot.zone)
        if self._seen.get(actor.account_key) == month:
            return
        deps.searches.add_active(actor.platform, actor.user_id, month, now)
        if deps.searches.full():
            deps.searches.flush_soon(deps.db)
        self._seen[actor.account_key] = month
        self._seen.move_to_end(actor.account_key)
        while len(self._seen) > self.capacity:
            self._seen.popitem(last=False)

    def forget(self, actor_key: str) -> None:
        """After /privacy: the next act is counted again, as for a new member."""
        self._seen.pop(actor_key, None)
