"""Every figure organizers see, gathered from the database in one place.

The chat summary, the chart, the monthly digest and the dashboard all read one `Insights`,
so they can never disagree.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.deps import Deps
from bot.features.events.api import REMINDER, Outcome, outcomes
from bot.features.insights.settings import InsightsSettings
from bot.features.insights.sharing import Sharing, sharing_figures
from bot.features.insights.tally import SearchTally
from bot.features.insights.words import completed_weeks, month_of, months_back
from storage import insights as store
from storage import members, refs
from storage.models.deliveries import CANCELLED, FAILED, SENT, SKIPPED
from storage.models.events import Event
from storage.models.topics import COVERED, DECLINED, MERGED, OPEN, PLANNED, REVIEW

# Searches are shown for the last WINDOW_WEEKS whole weeks: a count that moves with every
# search would let an organizer watch who searches what, live.
WINDOW_WEEKS = 4
TOP_SEARCHES = 10
MONTHS_SHOWN = 6
DECIDED = (PLANNED, COVERED, DECLINED, MERGED)
SUGGESTION_ORDER = (OPEN, REVIEW, PLANNED, COVERED, DECLINED, MERGED)
MESSAGE_KIND = "message"


@dataclass(frozen=True)
class SearchFigure:
    words: str
    searches: int
    empty: int


@dataclass(frozen=True)
class Library:
    searches: int
    empty_searches: int
    top: tuple[SearchFigure, ...]
    not_found: tuple[SearchFigure, ...]
    hidden: int


@dataclass(frozen=True)
class Suggestions:
    by_status: tuple[tuple[str, int], ...]
    median_days_to_decision: float | None
    notices_owed: int
    notices_delivered: int

    @property
    def close_the_loop_rate(self) -> float | None:
        if not self.notices_owed:
            return None
        return self.notices_delivered / self.notices_owed


@dataclass(frozen=True)
class EventFigure:
    event_id: int
    title: str
    starts_at: datetime
    by_platform: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.by_platform)


@dataclass(frozen=True)
class Events:
    upcoming: tuple[EventFigure, ...]
    reminders_sent: int
    reminders_late: int
    reminders_failed: int


@dataclass(frozen=True)
class PromptFigure:
    quarter: str
    prompt_id: str
    replies: int
    participants: int


@dataclass(frozen=True)
class Journey:
    prompts: tuple[PromptFigure, ...]
    participants_by_quarter: tuple[tuple[str, int], ...]
    optouts: int


@dataclass(frozen=True)
class Members:
    met_by_platform: tuple[tuple[str, int], ...]
    active_by_month: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]

    @property
    def met(self) -> int:
        return sum(n for _, n in self.met_by_platform)

    def active_in(self, month: str) -> int:
        return sum(n for m, counts in self.active_by_month if m == month for _, n in counts)


@dataclass(frozen=True)
class Insights:
    generated_at: datetime
    month: str
    window_weeks: int
    min_members: int
    library: Library
    suggestions: Suggestions
    events: Events
    journey: Journey
    members: Members
    sharing: Sharing = field(default_factory=Sharing)
    # Per event: answers, reminders delivered, ratings and "what next" (never a name).
    after: tuple[Outcome, ...] = ()


async def gather(deps: Deps) -> Insights:
    now = deps.clock.now()
    zone = deps.settings.bot.zone
    minimum = deps.settings.section(InsightsSettings).min_members
    # This process's latest searches count too.
    await deps.state.get(SearchTally).flush_quietly(deps.db, deps.secrets.insights_key)
    async with deps.db.read() as session:
        searches = await store.search_totals(session, *completed_weeks(now, zone, WINDOW_WEEKS))
        statuses = await store.suggestion_statuses(session)
        decisions = await store.first_decisions(session, DECIDED)
        notices = await store.delivery_counts(
            session, kind=MESSAGE_KIND, key_prefix=refs.TOPIC_NOTICES
        )
        month_start = _month_start(now, deps)
        reminders = await store.delivery_counts(session, kind=REMINDER, since=month_start)
        upcoming = await store.reminder_counts(session, now)
        prompts = await store.journey_replies(session)
        participants = await store.journey_participants(session)
        optouts = await members.journey_optouts(session)
        met = await store.members_met(session)
        months = months_back(now, zone, MONTHS_SHOWN)
        monthly = await store.monthly_members(session, months[0])
        sharing = await sharing_figures(session)
    return Insights(
        generated_at=now,
        month=month_of(now, zone),
        window_weeks=WINDOW_WEEKS,
        min_members=minimum,
        library=_library(searches, minimum),
        suggestions=_suggestions(statuses, decisions, notices),
        events=_events(upcoming, reminders),
        journey=Journey(
            tuple(PromptFigure(*row) for row in prompts),
            tuple(sorted(participants.items())),
            optouts,
        ),
        members=Members(
            tuple(sorted(met.items())),
            tuple((m, tuple((p, n) for mm, p, n in monthly if mm == m)) for m in months),
        ),
        sharing=sharing,
        after=tuple(await outcomes(deps)),
    )


def _month_start(now: datetime, deps: Deps) -> datetime:
    local = now.astimezone(deps.settings.bot.zone)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _library(rows: list[store.SearchTotal], minimum: int) -> Library:
    """Words only where at least `minimum` different people searched them (never organizers:
    their searches are not counted); searches kept without a key have no words."""
    worded = [r for r in rows if r.words]
    shown = [SearchFigure(r.words, r.searches, r.empty) for r in worded if r.people >= minimum]
    top = sorted(shown, key=lambda s: (-s.searches, s.words))[:TOP_SEARCHES]
    missing = sorted((s for s in shown if s.empty), key=lambda s: (-s.empty, s.words))
    return Library(
        searches=sum(r.searches for r in rows),
        empty_searches=sum(r.empty for r in rows),
        top=tuple(top),
        not_found=tuple(missing[:TOP_SEARCHES]),
        hidden=len(worded) - len(shown),
    )


def _suggestions(
    statuses: dict[str, int],
    decisions: list[tuple[datetime, datetime]],
    notices: dict[tuple[str, bool], int],
) -> Suggestions:
    days = [(decided - created) / timedelta(days=1) for created, decided in decisions]
    owed = sum(n for (status, _), n in notices.items() if status not in (CANCELLED, SKIPPED))
    delivered = sum(n for (status, _), n in notices.items() if status == SENT)
    return Suggestions(
        by_status=tuple((s, statuses.get(s, 0)) for s in SUGGESTION_ORDER),
        median_days_to_decision=statistics.median(days) if days else None,
        notices_owed=owed,
        notices_delivered=delivered,
    )


def _events(
    upcoming: list[tuple[Event, str, int]], reminders: dict[tuple[str, bool], int]
) -> Events:
    figures: dict[int, EventFigure] = {}
    for event, platform, count in upcoming:
        assert event.id is not None
        known = figures.get(event.id)
        asked = ((platform, count),) if platform else ()
        counts = (*(known.by_platform if known else ()), *asked)
        figures[event.id] = EventFigure(event.id, event.title, event.starts_at, counts)
    return Events(
        upcoming=tuple(figures.values()),
        reminders_sent=sum(n for (s, _), n in reminders.items() if s == SENT),
        reminders_late=sum(n for (s, late), n in reminders.items() if s == SENT and late),
        reminders_failed=reminders.get((FAILED, False), 0) + reminders.get((FAILED, True), 0),
    )
