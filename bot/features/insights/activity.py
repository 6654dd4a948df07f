"""Counting what members do, for insights: a search's words, a member's month of activity.

Recording never fails the member's command: a problem here is logged and forgotten.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

from bot.deps import Deps
from bot.features.insights.settings import InsightsSettings
from bot.features.insights.tally import SearchTally
from bot.features.insights.words import month_of, normalize, week_of
from bot.model import Actor, Reply
from bot.router import Call, Next

log = logging.getLogger(__name__)


def record_search(deps: Deps, actor: Actor, query: str, *, empty: bool) -> None:
    """Count one search (its normalized words, its week, whether it found nothing) in the
    process's tally; the tally writes it shortly, so the member never waits for it."""
    if not deps.settings.section(InsightsSettings).enabled or actor.is_organizer:
        return  # organizers' own searches would count towards showing members' words
    words = normalize(query)
    if not words:
        return
    week = week_of(deps.clock.now(), deps.settings.bot.zone)
    tally = deps.state.get(SearchTally)
    tally.add(week, words, empty=empty, member_key=actor.key)
    if tally.full():
        tally.flush_soon(deps.db, deps.secrets.insights_key)


class ActivityTracker:
    """Counts each member once a month, in the process's tally (written shortly, with the
    search counts); remembers recent members so most acts cost nothing."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._seen: OrderedDict[str, str] = OrderedDict()

    async def note(self, deps: Deps, actor: Actor) -> None:
        if not deps.settings.section(InsightsSettings).enabled:
            return
        now = deps.clock.now()
        month = month_of(now, deps.settings.bot.zone)
        if self._seen.get(actor.account_key) == month:
            return
        tally = deps.state.get(SearchTally)
        tally.add_active(actor.platform, actor.user_id, month, now)
        if tally.full():
            tally.flush_soon(deps.db, deps.secrets.insights_key)
        self._seen[actor.account_key] = month
        self._seen.move_to_end(actor.account_key)
        while len(self._seen) > self.capacity:
            self._seen.popitem(last=False)

    def forget(self, actor_key: str) -> None:
        """After /privacy: the next act is counted again, as for a new member."""
        self._seen.pop(actor_key, None)


async def count_activity(call: Call, deps: Deps, next: Next) -> Reply:
    """Count the member as active this month once their interaction succeeded (a refused
    press changes nothing); runs after the person is resolved."""
    reply = await next(call)
    await deps.state.get(ActivityTracker).note(deps, call.interaction.actor)
    return reply
