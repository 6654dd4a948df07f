"""Going, Maybe and Can't make it: the buttons on every event card, and what follows them.

Going and Maybe are answered with the reminder times (and Stop reminding me), as Remind me
was; Can't make it with Send me the recording. For a series the reply says whether the
answer holds for this session or every session, with a button for the other.
"""

from __future__ import annotations

from datetime import datetime

from bot.actions import Action
from bot.deps import Deps
from bot.errors import BadInput
from bot.features.events import answers, plan
from bot.features.events.render import (
    RSVP,
    answer_words,
    offset_words,
    offsets_of,
    offsets_phrase,
    title_of,
    when_of,
)
from bot.features.events.router import router
from bot.features.events.settings import EventsSettings
from bot.i18n import _
from bot.member_limits import REMINDER
from bot.model import Button, ButtonPress, Reply, Section, plain
from storage import events as store
from storage import rsvps
from storage.models.events import Event
from storage.models.rsvps import SERIES

RECORDING_WISH = "events.recording"
CHOICES = ("", "this", "every")


@router.action(RSVP)
async def answer(press: ButtonPress, deps: Deps) -> Reply:
    deps.limits.take(REMINDER, press.actor.key, deps.clock.now())
    said, choice = press.action.arg(1), press.action.arg(3)
    if said not in (rsvps.GOING, rsvps.MAYBE, rsvps.CANT) or choice not in CHOICES:
        raise BadInput(_(answers.OLD_CARD))
    event = await answers.live_event(deps, press.action.number(0))
    start = answers.session_of(event, press.action.arg(2), deps.clock.now())
    scope = answers.scope_for(event, said, choice, start)
    await answers.record(
        deps, press.actor, event, start, scope, said, every=choice == "every", only=choice == "this"
    )
    if said == rsvps.CANT:
        return _cant_reply(event, start, scope)
    return await attending_reply(deps, press, event, start, scope, said)


@router.action(RECORDING_WISH)
async def send_me_the_recording(press: ButtonPress, deps: Deps) -> Reply:
    deps.limits.take(REMINDER, press.actor.key, deps.clock.now())
    event = await answers.live_event(deps, press.action.number(0))
    start = answers.session_of(event, press.action.arg(1), deps.clock.now())
    scope = SERIES if press.action.arg(2) == "every" or not event.rrule else rsvps.stamp(start)
    await answers.record(
        deps,
        press.actor,
        event,
        start,
        scope,
        rsvps.RECORDING,
        every=press.action.arg(2) == "every",
    )
    text = _(
        "Noted: you can't make {which}, and I will send you the "
        "recording when the organizers add it."
    ).format(which=_which(event, start, scope))
    return Reply(
        text=text,
        sections=(Section(text=plain(text), footer=_footer(event, rsvps.RECORDING, scope)),),
    )


def _which(event: Event, start: datetime, scope: str) -> str:
    title = title_of(event)
    if not event.rrule:
        return title
    if scope == SERIES:
        return _("any session of {title}").format(title=title)
    return _("the {when} session of {title}").format(
        when=when_of(event, start, event.zone), title=title
    )


def _footer(event: Event, said: str, scope: str) -> str:
    where = (
        _("every session")
        if event.rrule and scope == SERIES
        else (_("this session") if event.rrule else "")
    )
    suffix = f" ({where})" if where else ""
    answer = f"{answer_words(said)}{suffix}"
    return _("Event #{number} · Your answer: {answer}. You can change it until it starts.").format(
        number=event.id, answer=answer
    )


def _scope_buttons(event: Event, said: str, start: datetime, scope: str) -> tuple[Button, ...]:
    if not event.rrule:
        return ()
    stamp, ident = rsvps.stamp(start), str(event.id)
    if scope == SERIES:
        return (Button(_("This session"), Action(RSVP, (ident, said, stamp, "this"))),)
    return (Button(_("Every session"), Action(RSVP, (ident, said, stamp, "every"))),)


def _cant_reply(event: Event, start: datetime, scope: str) -> Reply:
    text = _("Sorry you can't make {which}. You will get no reminder for it.").format(
        which=_which(event, start, scope)
    )
    choice = "every" if scope == SERIES else "this"
    wish = Button(
        _("Send me the recording"),
        Action(RECORDING_WISH, (str(event.id), rsvps.stamp(start), choice)),
        style="primary",
    )
    buttons = (wish, *_scope_buttons(event, rsvps.CANT, start, scope))
    section = Section(text=plain(text), buttons=buttons, footer=_footer(event, rsvps.CANT, scope))
    return Reply(text=text, sections=(section,))


async def attending_reply(
    deps: Deps, press: ButtonPress, event: Event, start: datetime, scope: str, said: str
) -> Reply:
    """The answer, then the reminder times offered and Stop reminding me."""
    assert event.id is not None
    defaults = deps.settings.section(EventsSettings).reminder_offsets
    offered = offsets_of(event, defaults)
    async with deps.db.read() as session:
        sub = await store.subscription(session, event.id, *press.actor.member)
    chosen = plan.member_offsets(event, sub, defaults) if sub else offered
    which, phrase = _which(event, start, scope), offsets_phrase(chosen)
    head = (
        _("You're going to {which}.") if said == rsvps.GOING else _("You said Maybe to {which}.")
    ).format(which=which)
    tail = (
        _("I will send you a direct message {times} before each session.")
        if event.rrule and scope == SERIES
        else _("I will send you a direct message {times} before.")
    ).format(times=phrase)
    text = f"{head} {tail}"
    times = reminder_buttons(event, chosen, offered)
    sections = [Section(text=plain(text), buttons=times, footer=_footer(event, said, scope))]
    scopes = _scope_buttons(event, said, start, scope)
    if scopes:
        sections.append(
            Section(text=plain(_("Change which sessions this answer is for:")), buttons=scopes)
        )
    return Reply(text=text, sections=tuple(sections))


def reminder_buttons(event: Event, chosen: list[str], offered: list[str]) -> tuple[Button, ...]:
    """Only one of the offered reminder times, all of them, or Stop reminding me."""
    ident = str(event.id)
    buttons = [
        Button(
            _("Only {time} before").format(time=offset_words(o)),
            Action("events.remind", (ident, o)),
        )
        for o in offered
        if len(offered) > 1 and [o] != chosen
    ][:3]
    if chosen != offered:
        everything = _("All: {times} before").format(times=offsets_phrase(offered))
        buttons.append(Button(everything, Action("events.remind", (ident,))))
    buttons.append(Button(_("Stop reminding me"), Action("events.unremind", (ident,))))
    return tuple(buttons)
