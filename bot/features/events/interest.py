"""Discord's Interested on a mirrored Scheduled Event counts as Maybe; removing it, no more.

The member is told once, by DM, with the Going, Maybe and Can't make it buttons. A member
who already said Going keeps Going; only a Maybe that Interested made is taken back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.delivery.queue import send_message
from bot.deps import Deps
from bot.features.events import answers, sessions
from bot.features.events.render import card, rsvp_buttons, title_of
from bot.features.members import api as people
from bot.i18n import _, speak
from bot.i18n.reader import speaking_in
from bot.model import Actor, Reply
from storage import events as store
from storage import members, refs, rsvps
from storage.models.events import SCHEDULED, Event
from storage.models.rsvps import SERIES, Rsvp


async def _as_person(deps: Deps, actor: Actor) -> Actor:
    """The actor with their person key, as the members middleware sets it for commands."""
    async with deps.db.read() as session:
        home = await members.home(session, actor.account)
    return actor if home == actor.account else replace(actor, person_key=home.key)


def _session(event: Event, mirrored: datetime | None, now: datetime) -> datetime | None:
    if mirrored is not None and mirrored > now and sessions.is_session(event, mirrored):
        return mirrored
    return sessions.next_start(event, after=now)


async def interested(
    deps: Deps, actor: Actor, event_id: int, mirrored: datetime | None, added: bool
) -> bool:
    """Interested (`added`) or not on the Discord event mirroring `event_id`, whose session
    starts at `mirrored`; True when an answer changed."""
    async with deps.db.read() as session:
        event = await store.get(session, event_id)
    now = deps.clock.now()
    if event is None or event.id is None or event.status != SCHEDULED:
        return False
    start = _session(event, mirrored, now)
    if start is None:
        return False  # under way or over: answers are closed
    actor = await _as_person(deps, actor)
    scope = rsvps.stamp(start) if event.rrule else SERIES
    given = await answers.answers_of(deps, event.id, actor)
    if not added:
        return await _withdraw(deps, actor, event, scope, given)
    held = rsvps.effective(given, start)
    if held is not None and held.answer == rsvps.GOING:
        return False
    await answers.record(deps, actor, event, start, scope, rsvps.MAYBE, source=rsvps.INTERESTED)
    await _tell_once(deps, actor, event, start)
    return True


async def _withdraw(deps: Deps, actor: Actor, event: Event, scope: str, given: list[Rsvp]) -> bool:
    made = [r for r in given if r.source == rsvps.INTERESTED and r.answer == rsvps.MAYBE]
    if not made:
        return False
    async with deps.db.session() as session:
        for row in made:
            found = await session.get(Rsvp, row.id)
            if found is not None:
                await rsvps.remove(session, found)
        await answers.sync_reminders(session, event, actor.member, deps)
    return True


async def _tell_once(deps: Deps, actor: Actor, event: Event, start: datetime) -> None:
    assert event.id is not None
    async with deps.db.session() as session:
        zone = await members.zone(session, actor.member) or deps.settings.bot.timezone
        with speak(await speaking_in(session, actor.member, deps.settings.bot)):
            text = _(
                "You marked {title} as Interested on Discord, so I count you as Maybe and will "
                "remind you before it. Going or can't make it? Say so here."
            ).format(title=title_of(event))
            section = card(event, start, zone, buttons=rsvp_buttons(event, start, rsvps.MAYBE))
        await send_message(
            session,
            key=refs.event_interested(event.id, actor.account),
            target=await people.dm_target(session, *actor.member),
            reply=Reply(text=text, sections=(section,), private=False),
            now=deps.clock.now(),
        )
