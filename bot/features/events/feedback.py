"""After a session: one "How was <title>?" DM to each member who said Going, and its answers.

A job queues the DM for each member who says Going to a session in the coming day, due
`[events] feedback_delay` after it ends; when it goes out it is rendered only if they still
say Going (answers change until the start). Its key names the event, the session and the
member, so a second process or a second run queues nothing more. A rating is one tap; the
optional "what next" is a short form. Organizers see counts and unsigned words only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.actions import Action
from bot.delivery.queue import schedule
from bot.deps import Deps
from bot.durations import parse_duration
from bot.errors import BadInput, NotFound
from bot.features.events import sessions
from bot.features.events.payload import EventPayload
from bot.features.events.render import title_of
from bot.features.events.router import router
from bot.features.events.settings import EventsSettings
from bot.features.members import api as people
from bot.i18n import N_, _
from bot.limits import cut
from bot.model import (
    Actor,
    Button,
    ButtonPress,
    Form,
    FormSubmit,
    Input,
    Reply,
    Section,
    plain,
)
from storage import after as store
from storage import events as events_store
from storage import refs, rsvps
from storage.models.deliveries import Delivery
from storage.models.events import SCHEDULED, Event

FEEDBACK = "events.feedback"
RATE = "events.rate"
ASK_NEXT = "events.next.ask"
NEXT = "events.next"
# A session is asked about only this long after its DM was due (the bot was down longer:
# too late to ask), and answers are taken this long after it ended.
CATCH_UP = timedelta(days=1)
AHEAD = timedelta(days=1)  # queued this far ahead, so it goes out on time
OPEN_FOR = timedelta(days=30)
NEXT_MAX = 300
ANONYMOUS = N_("Answers are anonymous to organizers: they see counts, never who answered.")
QUESTION = N_("What should we cover next?")


def delay(deps: Deps) -> timedelta:
    return parse_duration(deps.settings.section(EventsSettings).feedback_delay)


def length(event: Event) -> timedelta:
    return event.ends_at - event.starts_at


def session_arg(start: datetime) -> str:
    """A session in a button's id: its start as whole seconds since 1970 (UTC)."""
    return str(int(start.timestamp()))


def session_of(arg: str) -> datetime:
    if not (arg.isascii() and arg.isdigit()) or len(arg) > 12:
        raise BadInput(_("That button is not one I know any more."))
    return datetime.fromtimestamp(int(arg), UTC)


@router.every("events.feedback", seconds=600)
async def queue_feedback(deps: Deps) -> None:
    """Queue the DM for every session of the coming day and every one whose DM is not long
    overdue, to each member who says Going now (idempotent)."""
    settings = deps.settings.section(EventsSettings)
    if not settings.ask_feedback:
        return
    now, wait = deps.clock.now(), delay(deps)
    async with deps.db.session() as session:
        for event in await events_store.live(session, ends_after=now - wait - CATCH_UP):
            assert event.id is not None
            earliest = now - wait - CATCH_UP - length(event)
            for start in sessions.starts(event, after=earliest, before=now + AHEAD):
                due = start + length(event) + wait
                for account in await rsvps.people_answering(
                    session, event.id, start, (rsvps.GOING,)
                ):
                    await schedule(
                        session,
                        key=refs.event_feedback(event.id, refs.session_stamp(start), account),
                        kind=FEEDBACK,
                        target=await people.dm_target(session, *account),
                        due_at=due,
                        now=now,
                        ref=refs.event_after(event.id),
                        payload=EventPayload(event.id, event.revision, start).encode(),
                        expires_at=due + CATCH_UP,
                    )


def _rating_buttons(event_id: int, start: datetime) -> tuple[Button, ...]:
    return tuple(
        Button(str(n), Action(RATE, (str(event_id), session_arg(start), str(n))))
        for n in range(1, 6)
    )


@router.renderer(FEEDBACK)
async def render_feedback(delivery: Delivery, deps: Deps) -> Reply | None:
    """Nothing for an event cancelled, a session no longer in it, or a member who no longer
    says Going."""
    payload = EventPayload.decode(delivery.payload)
    start, member = payload.occurrence, refs.feedback_account(delivery.key)
    if start is None or member is None:
        return None
    async with deps.db.read() as session:
        event = await events_store.get(session, payload.event_id)
        going = await rsvps.people_answering(session, payload.event_id, start, (rsvps.GOING,))
    if event is None or event.status != SCHEDULED or not sessions.is_session(event, start):
        return None
    if member not in going:
        return None  # they changed their answer before the session
    text = _("How was {title}?").format(title=title_of(event))
    intro = _("One tap: 1 is poor, 5 is great. Then, if you like, one question:")
    section = Section(
        title=text[:150],
        text=plain(f"{intro} {_(QUESTION)}"),
        buttons=_rating_buttons(payload.event_id, start),
        footer=_(ANONYMOUS),
    )
    return Reply(text=text, sections=(section,))


async def _asked(deps: Deps, event_id: int, start: datetime, actor: Actor) -> Event:
    """The event, if this member was asked about this session and it is still open."""
    async with deps.db.read() as session:
        event = await events_store.get(session, event_id)
        going = await rsvps.people_answering(session, event_id, start, (rsvps.GOING,))
    if event is None or event.status != SCHEDULED:
        raise NotFound(_("That event is not on the calendar any more; thank you all the same."))
    if deps.clock.now() > start + length(event) + OPEN_FOR:
        raise BadInput(
            _("Feedback on {title} is closed now; thank you all the same.").format(
                title=title_of(event)
            )
        )
    if actor.member not in going and actor.account not in going:
        raise BadInput(_("Only members who said Going to that session are asked about it."))
    return event


def _next_button(event_id: int, start: datetime) -> Button:
    return Button(_(QUESTION), Action(ASK_NEXT, (str(event_id), session_arg(start))))


@router.action(RATE)
async def rate(press: ButtonPress, deps: Deps) -> Reply:
    event_id = press.action.number(0)
    start = session_of(press.action.arg(1))
    rating = press.action.number(2)
    if not 1 <= rating <= 5:
        raise BadInput(_("A rating is 1 to 5."))
    event = await _asked(deps, event_id, start, press.actor)
    async with deps.db.session() as session:
        counted = await store.rate(
            session, event_id, start, press.actor.key, rating, deps.clock.now()
        )
        mine = await store.feedback_of(session, event_id, start, press.actor.key)
    if not counted:
        title = title_of(event)
        said = (
            _("You already rated {title} (you gave {rating}). Thank you!").format(
                title=title, rating=mine.rating
            )
            if mine is not None
            else _("You already rated {title}. Thank you!").format(title=title)
        )
        return Reply(text=said)
    text = _("Thank you! You rated {title} {rating} out of 5.").format(
        title=title_of(event), rating=rating
    )
    section = Section(
        text=plain(f"{text} {_('One more question, if you like:')}"),
        buttons=(_next_button(event_id, start),),
        footer=_(ANONYMOUS),
    )
    return Reply(text=text, sections=(section,), replace_original=True)


@router.action(ASK_NEXT)
async def ask_next(press: ButtonPress, deps: Deps) -> Reply:
    event_id = press.action.number(0)
    start = session_of(press.action.arg(1))
    event = await _asked(deps, event_id, start, press.actor)
    field = Input("next", _(QUESTION), required=False, max_length=NEXT_MAX)
    form = Form(Action(NEXT, (str(event_id), session_arg(start))), _("What next?"), (field,))
    text = _("After {title}: {question}").format(title=title_of(event), question=_(QUESTION))
    return Reply(text=text, form=form)


@router.form(NEXT)
async def next_topic(submit: FormSubmit, deps: Deps) -> Reply:
    event_id = submit.form.number(0)
    start = session_of(submit.form.arg(1))
    event = await _asked(deps, event_id, start, submit.actor)
    text = " ".join(submit.values.get("next", "").split())
    if not text:
        return Reply(text=_("Nothing to add: that is fine. Thank you!"))
    async with deps.db.session() as session:
        mine = await store.feedback_of(session, event_id, start, submit.actor.key)
        if mine is None:
            raise BadInput(
                _("Rate {title} first, with the buttons 1 to 5 in its message.").format(
                    title=title_of(event)
                )
            )
        if mine.suggestion_id is not None:
            return Reply(text=_("Organizers already took up your idea as a topic. Thank you!"))
        await store.set_next_topic(session, event_id, start, submit.actor.key, cut(text, NEXT_MAX))
    return Reply(text=_("Thank you: organizers see your idea, without your name."))
