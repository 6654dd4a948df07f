"""Recording a member's answer to an event, and keeping their reminders in step with it.

Going and Maybe get the reminders Remind me gives (a reminder subscription, planned per
session); Can't make it never gets one for the sessions it covers. Every answer is kept
under the person's home account, so linked accounts answer once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.deps import Deps
from bot.errors import BadInput, NotFound
from bot.features.events import plan, sessions
from bot.features.events.render import title_of
from bot.i18n import N_, _
from bot.model import Account, Actor
from storage import events as store
from storage import refs, rsvps
from storage.deliveries import cancel_pending
from storage.models.events import SCHEDULED, Event
from storage.models.rsvps import SERIES, Rsvp

OLD_CARD = N_("That button is from an old card. /events shows the event as it is now.")


async def live_event(deps: Deps, event_id: int) -> Event:
    async with deps.db.read() as session:
        event = await store.get(session, event_id)
    if event is None or event.status != SCHEDULED:
        raise NotFound(_("That event is not on the calendar any more. /events lists the others."))
    return event


def session_of(event: Event, raw: str, now: datetime) -> datetime:
    """The session a card's button is about ("" = the next one); refused once it started."""
    if not raw:
        start = sessions.next_start(event, after=now)
        if start is None:
            raise BadInput(
                _("{title} has started, so answers to it are closed.").format(title=title_of(event))
            )
        return start
    start = rsvps.unstamp(raw)
    if start is None:
        raise BadInput(_(OLD_CARD))
    if not sessions.is_session(event, start):
        raise BadInput(
            _(
                "That session was moved or skipped since this card was sent. "
                "/events shows the event as it is now."
            )
        )
    if start <= now:
        raise BadInput(_("That session has started, so answers to it are closed."))
    return start


def scope_for(event: Event, answer: str, choice: str, start: datetime) -> str:
    """Which answer row a press sets: the whole event, or one session of a series.

    Without a choice, Going and Maybe hold for every session (as Remind me did) and Can't
    make it for this session only; the reply offers the other."""
    if not event.rrule or choice == "every":
        return SERIES
    if choice == "this" or answer in (rsvps.CANT, rsvps.RECORDING):
        return rsvps.stamp(start)
    return SERIES


async def record(
    deps: Deps,
    actor: Actor,
    event: Event,
    start: datetime,
    scope: str,
    answer: str,
    *,
    every: bool = False,
    only: bool = False,
    source: str = rsvps.BUTTON,
) -> None:
    """Save the answer and re-plan the member's reminders in one transaction. `every`: it
    holds for every session (their single-session answers go); `only`: for this session
    only (the same answer given for every session goes)."""
    assert event.id is not None
    home, now = actor.member, deps.clock.now()
    async with deps.db.session() as session:
        if scope == SERIES:
            if every:
                await rsvps.forget_sessions(session, event.id, home)
            else:
                await _forget_one(session, event.id, home, start)
        elif only:
            for row in await rsvps.of_person(session, event.id, home):
                if row.session == SERIES and row.answer == answer:
                    await rsvps.remove(session, row)
        await rsvps.answer(
            session,
            event.id,
            home,
            scope,
            answer,
            answered_on=actor.platform,
            display_name=actor.display_name,
            now=now,
            source=source,
        )
        await sync_reminders(session, event, home, deps)


async def _forget_one(session: AsyncSession, event_id: int, home: Account, start: datetime) -> None:
    """A series answer pressed on one session's card holds for that session too."""
    for row in await rsvps.of_person(session, event_id, home):
        if row.session == rsvps.stamp(start):
            await rsvps.remove(session, row)


async def sync_reminders(session: AsyncSession, event: Event, home: Account, deps: Deps) -> None:
    """Reminders for exactly the sessions the person said Going or Maybe to."""
    assert event.id is not None
    answers = await rsvps.of_person(session, event.id, home)
    wanted = any(row.answer in rsvps.ATTENDING for row in answers)
    sub = await store.subscription(session, event.id, *home)
    await cancel_pending(session, ref=refs.event_member(event.id, home))
    if not wanted:
        if sub is not None:
            await store.unsubscribe(session, sub)
        return
    if sub is None:
        sub = await store.subscribe(
            session, event.id, home.platform, home.user_id, "", deps.clock.now()
        )
    else:
        await store.renew(session, sub)  # the withdrawn reminders are queued afresh
    await plan.plan_member(session, event, sub, deps)


async def answers_of(deps: Deps, event_id: int, actor: Actor) -> list[Rsvp]:
    async with deps.db.read() as session:
        return await rsvps.of_person(session, event_id, actor.member)
