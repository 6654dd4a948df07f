"""Cancelling an event: asked first, then reminders withdrawn and everyone concerned told."""

from __future__ import annotations

from datetime import datetime

from bot.actions import Action
from bot.changes import EVENTS
from bot.deps import Deps
from bot.errors import BadInput, NotFound
from bot.features.events import plan, sessions
from bot.features.events.lookup import event_number, published_event
from bot.features.events.render import card, when_of
from bot.features.events.router import router
from bot.features.topics import api as topics
from bot.model import Button, ButtonPress, Command, Reply, Section, plain
from bot.params import Param, Params
from storage import events as store
from storage import topics as topics_store
from storage.models.events import SCHEDULED, Event

CANCEL = "events.cancel"
CHOICES = (
    ("Cancel it; its suggestions back to review", "review"),
    ("Cancel it; keep its suggestions planned", "keep"),
)


@router.command(
    "events cancel",
    "Cancel an event: withdraws its reminders and tells who asked for them",
    params=(Param("event", "The event number", required=True),),
    organizer_only=True,
    examples=("/events cancel 12",),
)
async def cancel_event(cmd: Command, params: Params, deps: Deps) -> Reply:
    event = await published_event(deps, event_number(params.text("event")))
    assert event.id is not None
    planned = await topics.planned_for_event(deps, event.id)
    text = f"Cancel {event.title}? Members who asked for reminders are told."
    if planned:
        text += (
            f" {planned} suggestion{'s are' if planned != 1 else ' is'} planned for it: should "
            "they go back to review, or stay planned for a later event? Their followers are told."
        )
        buttons = tuple(
            Button(label, Action(CANCEL, (str(event.id), choice)), style="danger")
            for label, choice in CHOICES
        )
    else:
        buttons = (Button("Yes, cancel it", Action(CANCEL, (str(event.id),)), style="danger"),)
    section = card(event, event.starts_at, event.zone, buttons=buttons)
    return Reply(text=text, sections=(section,))


@router.action(CANCEL, organizer_only=True)
async def cancel_confirmed(press: ButtonPress, deps: Deps) -> Reply:
    event_id = press.action.number(0)
    choice = press.action.arg(1)
    async with deps.db.session() as session:
        event = await store.get(session, event_id)
        if event is None or event.status != SCHEDULED:
            raise NotFound("That event is already cancelled.")
        unchosen = choice not in (topics.BACK_TO_REVIEW, topics.KEEP_PLANNED)
        if unchosen and await topics_store.planned_for_event(session, event_id):
            raise BadInput(
                "Suggestions are planned for this event now; run /events cancel "
                f"{event_id} again to choose what becomes of them."
            )
        now = deps.clock.now()
        await store.cancel(session, event, now)
        withdrawn = await plan.withdraw(session, event_id)
        told = await plan.tell_subscribers(
            session, event, deps, "cancelled", lambda zone: _cancelled_notice(event, zone, now)
        )
        await plan.tell_channels(session, event, deps, _cancelled_notice(event, event.zone, now))
        moved, followers = await topics.event_cancelled(
            session, deps, event_id, event.title, press.actor, choice
        )
    text = f"Cancelled {event.title}: {withdrawn} pending post(s) withdrawn, {told} member(s) told."
    if moved:
        where = "back to review" if choice == topics.BACK_TO_REVIEW else "kept planned"
        text += f" {moved} planned suggestion(s) {where}; {followers} follower(s) told."
    deps.changes.notify(EVENTS)
    return Reply(text=text, replace_original=True)


def _cancelled_notice(event: Event, zone: str, now: datetime) -> Reply:
    """Names the session that would have come next, never one that has passed."""
    text = f"Cancelled: {event.title} will not take place."
    upcoming = sessions.next_start(event, after=now)
    if event.rrule and upcoming is not None:
        shown = when_of(event, upcoming, zone)
        planned = f"The series is cancelled: no more sessions. The next was {shown}."
    else:
        planned = f"It was planned for {when_of(event, upcoming or event.starts_at, zone)}."
    section = Section(title=f"Cancelled: {event.title}", text=plain(planned))
    return Reply(text=text, sections=(section,), private=False)
