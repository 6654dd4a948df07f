"""What organizers see of each event's loop: answers, reminders delivered, ratings, "what next".

No figure here names anyone: answers are counts per kind and platform, ratings a count, an
average and a distribution, and "what next" answers are unsigned words. Organizers turn
one into a topic suggestion with one button (next_topics.py, in the organizer's own name).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import Action
from bot.deps import Deps
from bot.features.events import sessions
from bot.features.events.plan import REMINDER
from bot.model import Button
from storage import after as store
from storage import events as events_store
from storage import rsvps
from storage.after import NextTopic, Ratings

KINDS = (rsvps.GOING, rsvps.MAYBE, rsvps.CANT, rsvps.RECORDING)
KIND_WORDS = {
    rsvps.GOING: "Going",
    rsvps.MAYBE: "Maybe",
    rsvps.CANT: "Can't make it",
    rsvps.RECORDING: "Send me the recording",
}
RECENT = timedelta(days=90)
MAX_EVENTS = 10
SUGGEST = "events.next.suggest"


@dataclass(frozen=True)
class Outcome:
    event_id: int
    title: str
    session_start: datetime  # the latest session that started, else the next one
    answers: tuple[tuple[str, str, int], ...]  # (kind, platform, members)
    reminders_delivered: int
    ratings: Ratings | None
    next_topics: tuple[NextTopic, ...]

    @property
    def answered(self) -> int:
        return sum(n for _, _, n in self.answers)

    def by_kind(self) -> list[tuple[str, int, str]]:
        """(kind's words, members, "slack 2, discord 1") for each kind someone answered."""
        out = []
        for kind in KINDS:
            rows = [(p, n) for k, p, n in self.answers if k == kind]
            if rows:
                per = ", ".join(f"{p} {n}" for p, n in rows)
                out.append((KIND_WORDS[kind], sum(n for _, n in rows), per))
        return out


def _shown_session(
    event_start: datetime, starts: list[datetime], upcoming: datetime | None
) -> datetime:
    return starts[-1] if starts else (upcoming or event_start)


async def _answers(
    session: AsyncSession, event_id: int, start: datetime
) -> tuple[tuple[str, str, int], ...]:
    found = []
    for kind in KINDS:
        people = await rsvps.people_answering(session, event_id, start, (kind,))
        for platform, n in sorted(Counter(a.platform for a in people).items()):
            found.append((kind, platform, n))
    return tuple(found)


async def outcomes(deps: Deps) -> list[Outcome]:
    """Events of the last 90 days and upcoming ones, soonest session last, at most 10."""
    now = deps.clock.now()
    async with deps.db.read() as session:
        shown = []
        for event in await events_store.live(session, ends_after=now - RECENT):
            started = sessions.starts(event, after=now - RECENT, before=now)
            upcoming = sessions.next_start(event, after=now)
            shown.append((_shown_session(event.starts_at, started, upcoming), event))
        # The latest ten only: answers are read per event and kind.
        shown = sorted(shown, key=lambda pair: (pair[0], pair[1].id or 0))[-MAX_EVENTS:]
        ids = [e.id for _, e in shown if e.id is not None]
        rated = {(r.event_id, r.session_start): r for r in await store.ratings(session, ids)}
        ideas = await store.next_topics(session, ids)
        delivered = await store.reminders_delivered(session, REMINDER, ids)
        found = []
        for start, event in shown:
            assert event.id is not None
            found.append(
                Outcome(
                    event_id=event.id,
                    title=event.title,
                    session_start=start,
                    answers=await _answers(session, event.id, start),
                    reminders_delivered=delivered.get(event.id, 0),
                    ratings=rated.get((event.id, start)),
                    next_topics=tuple(t for t in ideas if t.event_id == event.id),
                )
            )
    return found


def suggest_button(topic: NextTopic) -> Button | None:
    """One tap makes the answer a topic suggestion; none once it is one."""
    if topic.suggestion_id is not None:
        return None
    return Button("Suggest as a topic", Action(SUGGEST, (str(topic.id),)))
