"""What other features may ask of the calendar (kept small and stable)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import Action
from bot.deps import Deps
from bot.features.events import feed, render, sessions
from bot.features.events.interest import interested
from bot.features.events.members import reader_zone, upcoming
from bot.features.events.outcomes import Outcome, outcomes, suggest_button
from bot.features.events.plan import REMINDER, plan_member
from bot.features.events.settings import EventsSettings
from bot.features.events.zones import resolve as resolve_zone
from bot.model import Account, Actor, Button, Section, plain
from storage import events as store
from storage import members, rsvps
from storage.models.events import SCHEDULED, Event
from storage.models.rsvps import Rsvp

MAX_WORDS = 6
__all__ = [
    "REMINDER",
    "EventsSettings",
    "Outcome",
    "interested",
    "outcomes",
    "plan_member",
    "resolve_zone",
    "suggest_button",
]


@dataclass(frozen=True)
class EventHit:
    id: int
    title: str
    starts_at: datetime
    url: str | None = None


def _hit(event: Event, start: datetime) -> EventHit:
    assert event.id is not None
    return EventHit(event.id, event.title, start, event.join_url or event.registration_url or None)


async def find_similar(
    deps: Deps, text: str, limit: int = 3, *, any_word: bool = False
) -> list[EventHit]:
    """Past and upcoming events whose title or description match `text` (every word of it,
    or with `any_word` any one: candidates for a closer comparison)."""
    words = [w for w in re.findall(r"\w+", text.lower()) if len(w) > 2][:MAX_WORDS]
    if not words or limit <= 0:
        return []
    async with deps.db.read() as session:
        found = list(await store.matching(session, words, limit, any_word=any_word))
        if not found and len(words) > 1:
            # No event has every word: fall back to the longest word alone.
            found = list(await store.matching(session, [max(words, key=len)], limit))
    now = deps.clock.now()
    hits = []
    for event in found:
        start = sessions.next_start(event, after=now)
        hits.append(_hit(event, start or event.starts_at))
    return hits


async def upcoming_count(deps: Deps) -> int:
    """How many events are still to come (for journey placeholders)."""
    return len(await upcoming(deps))


async def upcoming_for(deps: Deps, actor: Actor, limit: int = 3) -> list[EventHit]:
    """The next events, those `actor` asked to be reminded of first (for a home view)."""
    listed = await upcoming(deps)
    async with deps.db.read() as session:
        subs = await store.subscriptions_of(session, *actor.member)
    mine = {event.id for _, event in subs}
    ordered = sorted(listed, key=lambda pair: (pair[1].id not in mine, pair[0]))
    return [_hit(event, start) for start, event in ordered[:limit]]


async def answer_cards(deps: Deps, actor: Actor, limit: int = 3) -> tuple[Section, ...]:
    """The next events as small cards with Going, Maybe and Can't make it, each showing
    `actor`'s own answer (for a home view); those they said Going or Maybe to first."""
    listed = await upcoming(deps)
    zone = await zone_of(deps, actor)
    async with deps.db.read() as session:
        given: dict[int, list[Rsvp]] = {}
        for row, _ in await rsvps.mine(session, actor.member):
            given.setdefault(row.event_id, []).append(row)

    def said(pair: tuple[datetime, Event]) -> str | None:
        held = rsvps.effective(given.get(pair[1].id or 0, []), pair[0])
        return held.answer if held else None

    ordered = sorted(listed, key=lambda pair: (said(pair) not in rsvps.ATTENDING, pair[0]))
    cards = []
    for start, event in ordered[:limit]:
        answer = said((start, event))
        footer = f"Your answer: {render.ANSWER_WORDS[answer]}" if answer else f"Event #{event.id}"
        cards.append(
            Section(
                title=render.card_title(event),
                text=plain(render.when_of(event, start, zone)),
                buttons=render.rsvp_buttons(event, start, answer),
                footer=footer,
            )
        )
    return tuple(cards)


async def zone_of(deps: Deps, actor: Actor) -> str:
    """The zone `actor` reads times in: chosen, from their profile, or the collaborative's."""
    zone, _ = await reader_zone(deps, actor)
    return zone


@dataclass(frozen=True)
class EventDetail:
    """One upcoming occurrence with what a calendar mirror shows."""

    id: int
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    location: str


async def calendar_version(deps: Deps) -> tuple[int, datetime | None]:
    """Changes whenever an event is published, edited or cancelled, by any process."""
    async with deps.db.read() as session:
        return await store.calendar_version(session)


async def upcoming_details(deps: Deps) -> list[EventDetail]:
    """Every live event at its next occurrence (for mirrors such as Discord's events list)."""
    details = []
    for start, event in await upcoming(deps):
        assert event.id is not None
        length = event.ends_at - event.starts_at
        location = event.location or event.join_url or event.registration_url
        details.append(
            EventDetail(event.id, event.title, event.description, start, start + length, location)
        )
    return details


def going_button(event_id: int) -> Button:
    """**Going** for the next session of event `event_id` (for a message that names it)."""
    return Button("Going", Action(render.RSVP, (str(event_id), "going", "")), style="primary")


@dataclass(frozen=True)
class EventBrief:
    """An event as a message about it names it: title, next session in a reader's zone."""

    id: int
    title: str
    when: str
    url: str
    upcoming: bool


async def brief(
    session: AsyncSession, deps: Deps, event_id: int, platform: str, user_id: str
) -> EventBrief | None:
    """Event `event_id` with its next session (or its start, once past) in the zone of the
    member (platform, user_id); None when it is not on the calendar."""
    event = await store.get(session, event_id)
    if event is None or event.id is None:
        return None
    state = await members.zone_state(session, Account(platform, user_id))
    zone = state.zone or deps.settings.bot.timezone
    start = sessions.next_start(event, after=deps.clock.now())
    shown = render.when_of(event, start or event.starts_at, zone)
    url = event.join_url or event.registration_url or ""
    live = start is not None and event.status == SCHEDULED
    return EventBrief(event.id, event.title, shown, url, live)


async def week_cards(
    deps: Deps, actor: Actor, within: timedelta = timedelta(days=7), limit: int = 3
) -> list[Section]:
    """The events whose next session starts within `within`, as the event cards /events
    shows (times in `actor`'s zone, the members' buttons), soonest first, at most `limit`."""
    until = deps.clock.now() + within
    soon = [(start, event) for start, event in await upcoming(deps) if start <= until]
    zone, chosen = await reader_zone(deps, actor)
    base = feed.base_url(deps.settings.http.public_url)
    return [
        render.card(
            event, start, zone, buttons=render.member_buttons(event, base), stamp=not chosen
        )
        for start, event in soon[:limit]
    ]
