"""Cancelling an event: asked first, then reminders withdrawn and everyone concerned told."""

from __future__ import annotations

from datetime import datetime

from bot.actions import MAX_ID_LENGTH, Action, fit_arg
from bot.changes import EVENTS
from bot.deps import Deps
from bot.errors import BadInput, NotFound
from bot.features.events import plan, sessions
from bot.features.events.lookup import event_number, published_event
from bot.features.events.render import card, title_of, when_of
from bot.features.events.router import router
from bot.features.topics import api as topics
from bot.i18n import _, speak
from bot.i18n.reader import default_speaking
from bot.limits import cut
from bot.model import Button, ButtonPress, Command, Reply, Section, plain
from bot.params import Param, Params
from bot.words import counted
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
    params=(
        Param("event", "The event number", required=True),
        Param("reason", "Why: told to members with the cancellation (optional)", kind="rest"),
    ),
    organizer_only=True,
    examples=("/events cancel 12", "/events cancel 12 Speaker is ill; we will reschedule"),
)
async def cancel_event(cmd: Command, params: Params, deps: Deps) -> Reply:
    event = await published_event(deps, event_number(params.text("event")))
    assert event.id is not None
    reason = " ".join(params.text("reason").split())
    _check_fits(event.id, reason)
    planned = await topics.planned_for_event(deps, event.id)
    text = f"Cancel {event.title}? Members who asked for reminders are told"
    text += f", with your reason: “{reason}”." if reason else "."
    if planned:
        text += (
            f" {planned} suggestion{'s are' if planned != 1 else ' is'} planned for it: should "
            "they go back to review, or stay planned for a later event? Their followers are told."
        )
        buttons = tuple(
            Button(label, Action(CANCEL, (str(event.id), choice, reason)), style="danger")
            for label, choice in CHOICES
        )
    else:
        confirm = Action(CANCEL, (str(event.id), "", reason))
        buttons = (Button("Yes, cancel it", confirm, style="danger"),)
    section = card(event, event.starts_at, event.zone, buttons=buttons)
    return Reply(text=text, sections=(section,))


@router.action(CANCEL, organizer_only=True)
async def cancel_confirmed(press: ButtonPress, deps: Deps) -> Reply:
    event_id = press.action.number(0)
    choice = press.action.arg(1)
    reason = press.action.arg(2)
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
            session,
            event,
            deps,
            "cancelled",
            lambda zone: _cancelled_notice(event, zone, now, reason),
        )
        with speak(default_speaking(deps.settings.bot)):  # a channel reads [bot] language
            notice = _cancelled_notice(event, event.zone, now, reason)
        await plan.tell_channels(session, event, deps, notice)
        moved, followers = await topics.event_cancelled(
            session, deps, event_id, event.title, press.actor, choice
        )
    text = (
        f"Cancelled {event.title}: {counted(withdrawn, 'pending post')} withdrawn, "
        f"{counted(told, 'member')} told."
    )
    if moved:
        where = "back to review" if choice == topics.BACK_TO_REVIEW else "kept planned"
        text += f" {moved} planned suggestion(s) {where}; {followers} follower(s) told."
    deps.changes.notify(EVENTS)
    return Reply(text=text, replace_original=True)


def _check_fits(event_id: int, reason: str) -> None:
    """The reason travels in the confirm button's id (nothing is remembered in between)."""
    used = len(Action(CANCEL, (str(event_id), topics.BACK_TO_REVIEW, "")).encode())
    budget = MAX_ID_LENGTH - used
    if fit_arg(reason, budget) != reason:
        raise BadInput(
            f"A cancellation's reason can be at most about {budget} characters; yours has "
            f"{len(reason)}. Shorten it, e.g. /events cancel {event_id} Speaker is ill"
        )


def _cancelled_notice(event: Event, zone: str, now: datetime, reason: str = "") -> Reply:
    """Names the session that would have come next, never one that has passed."""
    title = title_of(event)
    text = _("Cancelled: {title} will not take place.").format(title=title)
    why = _("Reason: {reason}").format(reason=cut(reason, 200)) if reason else ""
    if why:
        text += f" {why}"
    upcoming = sessions.next_start(event, after=now)
    if event.rrule and upcoming is not None:
        shown = when_of(event, upcoming, zone)
        planned = _("The series is cancelled: no more sessions. The next was {when}.").format(
            when=shown
        )
    else:
        shown = when_of(event, upcoming or event.starts_at, zone)
        planned = _("It was planned for {when}.").format(when=shown)
    if why:
        planned += f"\n{why}"
    section = Section(title=_("Cancelled: {title}").format(title=title), text=plain(planned))
    return Reply(text=text, sections=(section,), private=False)
