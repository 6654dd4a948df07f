"""/events attendees: who answered an event, per answer and platform, for organizers only.

Counts and names (display names as the members' platforms gave them, never emails) for the
next session or the whole series; Message Going, Message Maybe and Message everyone who
answered open a form whose message goes to each of them through the delivery queue; the
list can be exported as CSV (names and answers only).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from bot import platforms
from bot.actions import Action
from bot.delivery.queue import send_message
from bot.deps import Deps
from bot.errors import BadInput
from bot.features.events import sessions
from bot.features.events.lookup import event_number, published_event
from bot.features.events.render import ANSWER_WORDS, card_title, when_of
from bot.features.events.router import router
from bot.features.members import api as people
from bot.model import (
    Account,
    Attachment,
    Button,
    ButtonPress,
    Command,
    Field,
    Form,
    FormSubmit,
    Input,
    Reply,
    Section,
    plain,
)
from bot.params import Param, Params
from bot.words import counted
from storage import refs, rsvps
from storage.models.events import Event
from storage.models.rsvps import SERIES, Rsvp

MESSAGE, SEND, EXPORT = "events.attendees.message", "events.attendees.send", "events.attendees.csv"
NEXT, WHOLE = "next", "series"
AUDIENCES = {
    rsvps.GOING: ("Message Going", (rsvps.GOING,)),
    rsvps.MAYBE: ("Message Maybe", (rsvps.MAYBE,)),
    "all": ("Message everyone who answered", rsvps.ANSWERS),
}
MAX_MESSAGE = 1500
MAX_NAMES = 40
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Answered:
    """One person and the answer that counts for the view."""

    person: Account
    name: str
    answer: str
    platform: str


@router.command(
    "events attendees",
    "Who answered an event: counts per answer and platform, names, message them",
    params=(
        Param("event", "The event number", required=True),
        Param(
            "for",
            "next (the next session, the default) or series (every-session answers)",
            kind="choice",
            choices=(NEXT, WHOLE),
        ),
    ),
    organizer_only=True,
    examples=("/events attendees 12", "/events attendees 12 series"),
)
async def attendees(cmd: Command, params: Params, deps: Deps) -> Reply:
    event = await published_event(deps, event_number(params.text("event")))
    view = params.text("for") or NEXT
    if view not in (NEXT, WHOLE):
        raise BadInput("Say next or series, e.g. /events attendees 12 series")
    return await _listing(deps, event, view)


async def _listing(deps: Deps, event: Event, view: str) -> Reply:
    assert event.id is not None
    start, found = await _answered(deps, event, view)
    what = _what(event, view, start)
    if not found:
        return Reply(text=f"No one has answered {what} yet.")
    counts = Counter(a.answer for a in found)
    fields = tuple(
        Field.of(ANSWER_WORDS[answer], _count_line(found, answer))
        for answer in rsvps.ANSWERS
        if counts[answer]
    )
    names = "\n".join(
        f"{ANSWER_WORDS[answer]}: " + _names(found, answer)
        for answer in rsvps.ANSWERS
        if counts[answer]
    )
    ident = (str(event.id), view)
    buttons = (
        *(Button(label, Action(MESSAGE, (*ident, who))) for who, (label, _) in AUDIENCES.items()),
        Button("Export CSV", Action(EXPORT, ident)),
    )
    summary = ", ".join(f"{counts[a]} {ANSWER_WORDS[a]}" for a in rsvps.ANSWERS if counts[a])
    text = f"Answers to {what}: {summary}."
    sections = (
        Section(title=card_title(event), text=plain(text), fields=fields),
        Section(text=plain(names), buttons=buttons, footer="Names are shown to organizers only."),
    )
    return Reply(text=text, sections=sections)


def _what(event: Event, view: str, start: datetime | None) -> str:
    if view == WHOLE and event.rrule:
        return f"every session of {event.title}"
    if event.rrule and start is not None:
        return f"the {when_of(event, start, event.zone)} session of {event.title}"
    return event.title


def _count_line(found: list[Answered], answer: str) -> str:
    mine = [a for a in found if a.answer == answer]
    per = Counter(platforms.info(a.platform).display_name for a in mine)
    return f"{len(mine)} (" + ", ".join(f"{name} {n}" for name, n in sorted(per.items())) + ")"


def _names(found: list[Answered], answer: str) -> str:
    names = sorted(a.name for a in found if a.answer == answer)
    shown = ", ".join(names[:MAX_NAMES])
    return shown + (f" and {len(names) - MAX_NAMES} more" if len(names) > MAX_NAMES else "")


async def _answered(deps: Deps, event: Event, view: str) -> tuple[datetime | None, list[Answered]]:
    """The next session (None for the series view) and one answer per person for it."""
    assert event.id is not None
    async with deps.db.read() as session:
        rows = await rsvps.of_event(session, event.id)
    start = None if view == WHOLE else sessions.next_start(event, after=deps.clock.now())
    if view != WHOLE and start is None:
        raise BadInput(
            f"{event.title} has no session still to come; "
            f"/events attendees {event.id} series counts the answers given."
        )
    found = []
    for person, mine in rsvps.by_person(rows).items():
        held = _held(mine, start)
        if held is not None:
            name = next((r.display_name for r in mine if r.display_name), "") or _nameless(person)
            found.append(Answered(person, name, held.answer, held.answered_on or person.platform))
    return start, found


def _held(mine: list[Rsvp], start: datetime | None) -> Rsvp | None:
    if start is not None:
        return rsvps.effective(mine, start)
    return next((r for r in mine if r.session == SERIES), None)


def _nameless(person: Account) -> str:
    return f"a {platforms.info(person.platform).display_name} member"


@router.action(MESSAGE, organizer_only=True)
async def message_form(press: ButtonPress, deps: Deps) -> Reply:
    event = await published_event(deps, press.action.number(0))
    view, who = press.action.arg(1), press.action.arg(2)
    if who not in AUDIENCES or view not in (NEXT, WHOLE):
        raise BadInput("That button is from an old list; run /events attendees again.")
    label = AUDIENCES[who][0]
    form = Form(
        action=Action(SEND, (str(event.id), view, who)),
        title=label[:24],
        inputs=(
            Input(
                "message",
                f"Your message about {event.title}"[:45],
                kind="long",
                max_length=MAX_MESSAGE,
            ),
        ),
        submit_label="Send",
    )
    return Reply(text=f"{label}: write the message.", form=form)


@router.form(SEND, organizer_only=True)
async def send(submit: FormSubmit, deps: Deps) -> Reply:
    event = await published_event(deps, submit.form.number(0))
    assert event.id is not None
    view, who = submit.form.arg(1), submit.form.arg(2)
    if who not in AUDIENCES or view not in (NEXT, WHOLE):
        raise BadInput("That form is from an old list; run /events attendees again.")
    text = submit.values.get("message", "").strip()
    if not text:
        raise BadInput("Write a message to send.")
    _, found = await _answered(deps, event, view)
    chosen = [a for a in found if a.answer in AUDIENCES[who][1]]
    digest = hashlib.sha256(f"{view}|{who}|{text}".encode()).hexdigest()[:16]
    reply = _message(event, text)
    now, queued = deps.clock.now(), 0
    async with deps.db.session() as session:
        for answered in chosen:
            queued += await send_message(
                session,
                key=refs.event_message(event.id, digest, answered.person),
                target=await people.dm_target(session, *answered.person),
                reply=reply,
                now=now,
                ref=refs.event_notice(event.id),
            )
    again = len(chosen) - queued
    note = f" ({counted(again, 'member')} had it already.)" if again else ""
    return Reply(
        text=f"Sending your message to {counted(queued, 'member')}.{note} "
        "Anything that cannot be delivered shows in /events failed."
    )


def _message(event: Event, text: str) -> Reply:
    head = f"A message from the organizers of {event.title}:"
    return Reply(
        text=f"{head} {text}",
        sections=(
            Section(
                title=card_title(event), text=plain(f"{head}\n{text}"), footer=f"Event #{event.id}"
            ),
        ),
        private=False,
    )


@router.action(EXPORT, organizer_only=True)
async def export(press: ButtonPress, deps: Deps) -> Reply:
    event = await published_event(deps, press.action.number(0))
    view = press.action.arg(1)
    if view not in (NEXT, WHOLE):
        raise BadInput("That button is from an old list; run /events attendees again.")
    _, found = await _answered(deps, event, view)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("name", "answer"))
    for a in sorted(found, key=lambda a: (rsvps.ANSWERS.index(a.answer), a.name.lower())):
        writer.writerow((_cell(a.name), ANSWER_WORDS[a.answer]))
    content = out.getvalue().encode()
    attachment = Attachment(f"event-{event.id}-answers.csv", content, "text/csv")
    return Reply(
        text=f"The answers to {event.title} ({counted(len(found), 'member')}), as CSV.",
        attachments=(attachment,),
    )


def _cell(text: str) -> str:
    """Text a spreadsheet shows as text: a leading = + - @ would start a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text
