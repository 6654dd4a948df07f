"""One session of a series skipped or moved (a holiday, a speaker's conflict), the rest untouched.

`/events sessions <n>` lists the coming sessions with Skip buttons; `/events skip` and
`/events move` name one by its date. Each asks first; on Confirm the event's overrides change,
its reminders are queued afresh (a skipped session has none, a moved one follows its new
time) and members who asked for reminders get one DM about that session only.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import Action
from bot.deps import Deps
from bot.errors import BadInput, NotFound
from bot.features.events import plan, sessions
from bot.features.events.lookup import event_number, published_event
from bot.features.events.render import rsvp_buttons, title_of, when_of
from bot.features.events.router import router
from bot.features.events.when import parse_when
from bot.i18n import _
from bot.model import Button, ButtonPress, Command, Reply, Section, plain
from bot.params import Param, Params
from bot.words import counted
from storage import events as store
from storage import rsvps
from storage.models.events import SCHEDULED, Event

LISTED = 8
RESTORE = "events.restore"
_STAMP = "%Y%m%dT%H%MZ"
_CLOCK_WORDS = ("am", "pm", ":", "noon", "midnight")


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_STAMP)


def _unstamp(text: str) -> datetime:
    try:
        return datetime.strptime(text, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        raise NotFound("That session is not there any more. /events sessions lists them.") from None


async def _series(deps: Deps, raw: str) -> Event:
    event = await published_event(deps, event_number(raw))
    if not event.rrule:
        raise BadInput(
            f"Event #{event.id} is a single event, not a series: change it with /events edit."
        )
    return event


def _session_on(event: Event, text: str, now: datetime) -> datetime:
    """The session on the date `text` names ("March 18"), in the event's zone."""
    if not text:
        raise BadInput('Name the session by its date, e.g. /events skip 12 "March 18".')
    moment, _said = parse_when(text, event.zone, now)
    day = moment.astimezone(ZoneInfo(event.zone)).date()
    found = sessions.on_day(event, day.isoformat(), after=now)
    if found is None:
        raise BadInput(
            f"{event.title} has no upcoming session on {day:%a, %b} {day.day}. "
            f"/events sessions {event.id} lists them."
        )
    return found


@router.command(
    "events sessions",
    "The coming sessions of a series, to skip or move one",
    params=(Param("event", "The event number", required=True),),
    organizer_only=True,
    examples=("/events sessions 12",),
)
async def list_sessions(cmd: Command, params: Params, deps: Deps) -> Reply:
    event = await _series(deps, params.text("event"))
    assert event.id is not None
    now = deps.clock.now()
    coming = sessions.starts(event, after=now, before=now + timedelta(days=800))[:LISTED]
    if not coming and not _skipped(event, now):
        return Reply(text=f"{event.title} has no sessions left.")
    sections = []
    for start in coming:
        moved = sessions.original_of(event, start) != start
        skip = Button("Skip", Action("events.skip", (str(event.id), stamp(start))), style="danger")
        note = " (moved)" if moved else ""
        sections.append(
            Section(text=plain(when_of(event, start, event.zone) + note), buttons=(skip,))
        )
    for original in _skipped(event, now)[:LISTED]:
        restore = Button("Restore", Action(RESTORE, (str(event.id), stamp(original))))
        shown = when_of(event, original, event.zone)
        sections.append(Section(text=plain(f"{shown} (skipped)"), buttons=(restore,)))
    hint = f'To move one: /events move {event.id} "<its date>" to:"<new date and time>".'
    sections.append(Section(text=plain(hint)))
    return Reply(text=f"Coming sessions of {event.title} (#{event.id}).", sections=tuple(sections))


@router.command(
    "events skip",
    "Skip one session of a series (the others stay)",
    params=(
        Param("event", "The event number", required=True),
        Param("date", "The session's date, e.g. March 18", kind="rest"),
    ),
    organizer_only=True,
    examples=('/events skip 12 "March 18"',),
)
async def skip_command(cmd: Command, params: Params, deps: Deps) -> Reply:
    event = await _series(deps, params.text("event"))
    start = _session_on(event, params.text("date").strip('"'), deps.clock.now())
    return _ask_skip(event, start)


def _ask_skip(event: Event, start: datetime) -> Reply:
    assert event.id is not None
    shown = when_of(event, start, event.zone)
    button = Button(
        "Yes, skip it", Action("events.skip.yes", (str(event.id), stamp(start))), style="danger"
    )
    text = f"Skip the {shown} session of {event.title}? Members who asked for reminders are told."
    return Reply(text=text, sections=(Section(text=plain(text), buttons=(button,)),))


@router.action("events.skip", organizer_only=True)
async def skip_button(press: ButtonPress, deps: Deps) -> Reply:
    event = await _series(deps, press.action.arg(0))
    start = _unstamp(press.action.arg(1))
    if not sessions.is_session(event, start):
        raise NotFound("That session was already skipped or moved.")
    return _ask_skip(event, start)


@router.command(
    "events move",
    "Move one session of a series (the others stay)",
    params=(
        Param("event", "The event number", required=True),
        Param("date", "The session's date, e.g. March 18", kind="rest"),
        Param("to", 'The new date and time, e.g. "March 25 1pm"', inline=True),
    ),
    organizer_only=True,
    examples=('/events move 12 "March 18" to:"March 25 1pm CST"',),
)
async def move_command(cmd: Command, params: Params, deps: Deps) -> Reply:
    event = await _series(deps, params.text("event"))
    assert event.id is not None
    now = deps.clock.now()
    start = _session_on(event, params.text("date").strip('"'), now)
    new = _new_start(event, start, params.text("to"), now)
    if sessions.is_session(event, new):
        raise BadInput("There is already a session at that time.")
    old, moved = when_of(event, start, event.zone), when_of(event, new, event.zone)
    button = Button(
        "Yes, move it",
        Action("events.move.yes", (str(event.id), stamp(start), stamp(new))),
        style="primary",
    )
    text = f"Move the {old} session of {event.title} to {moved}? Members with reminders are told."
    return Reply(text=text, sections=(Section(text=plain(text), buttons=(button,)),))


def _new_start(event: Event, start: datetime, text: str, now: datetime) -> datetime:
    """The new start; a date alone keeps the session's time of day."""
    if not text:
        raise BadInput('Say where it moves to, e.g. to:"March 25 1pm".')
    moment, zone = parse_when(text, event.zone, now)
    tz = ZoneInfo(zone)
    if event.all_day or not any(word in text.lower() for word in _CLOCK_WORDS):
        local = start.astimezone(ZoneInfo(event.zone))
        day = moment.astimezone(tz).date()
        moment = local.replace(year=day.year, month=day.month, day=day.day).astimezone(UTC)
    if moment <= now:
        raise BadInput("That time has passed; give a time in the future.")
    return moment


def _skipped(event: Event, now: datetime) -> list[datetime]:
    """Upcoming sessions the rule makes that were skipped, soonest first."""
    return sorted(o for o, new in sessions.overrides(event).items() if new is None and o > now)


@router.action("events.skip.yes", organizer_only=True)
async def skip_confirmed(press: ButtonPress, deps: Deps) -> Reply:
    reply = await _change(deps, press.action.arg(0), _unstamp(press.action.arg(1)), None)
    undo = Button("Restore it", Action(RESTORE, (press.action.arg(0), press.action.arg(1))))
    return replace(reply, sections=(Section(text=plain(reply.text), buttons=(undo,)),))


@router.action(RESTORE, organizer_only=True)
async def restore(press: ButtonPress, deps: Deps) -> Reply:
    """A skipped session takes place after all: reminders are queued for it again."""
    event_id = event_number(press.action.arg(0))
    original = _unstamp(press.action.arg(1))
    async with deps.db.session() as session:
        event = await store.get(session, event_id)
        changed = sessions.overrides(event) if event is not None else {}
        if event is None or event.status != SCHEDULED or original not in changed:
            raise NotFound("That session is not skipped any more, or the event was cancelled.")
        if changed[original] is not None or original <= deps.clock.now():
            raise BadInput("Only a skipped session still to come can be restored.")
        del changed[original]
        sessions.set_overrides(event, changed)
        told = await _replan(
            session, event, deps, "restored", lambda zone: _restored(event, original, zone)
        )
    shown = when_of(event, original, event.zone)
    return Reply(
        text=f"The {shown} session of {event.title} takes place after all. "
        f"{told} member{'' if told == 1 else 's'} told.",
        replace_original=True,
    )


def _restored(event: Event, start: datetime, zone: str) -> Reply:
    text = _(
        "{title}: the {when} session takes place after all; your reminder for it is back."
    ).format(title=title_of(event), when=when_of(event, start, zone))
    return Reply(text=text, sections=(Section(text=plain(text)),), private=False)


@router.action("events.move.yes", organizer_only=True)
async def move_confirmed(press: ButtonPress, deps: Deps) -> Reply:
    new = _unstamp(press.action.arg(2))
    return await _change(deps, press.action.arg(0), _unstamp(press.action.arg(1)), new)


async def _change(deps: Deps, raw: str, start: datetime, new: datetime | None) -> Reply:
    event_id = event_number(raw)
    async with deps.db.session() as session:
        event = await store.get(session, event_id)
        if event is None or event.status != SCHEDULED or not sessions.is_session(event, start):
            raise NotFound("That session was already changed, or the event was cancelled.")
        changed = sessions.overrides(event)
        changed[sessions.original_of(event, start)] = new
        sessions.set_overrides(event, changed)
        if new is not None:  # the answers given to that session follow it
            await rsvps.move_session(session, event_id, start, new)
        told = await _replan(
            session,
            event,
            deps,
            "moved" if new else "skipped",
            lambda zone: _notice(event, start, new, zone),
        )
    old = when_of(event, start, event.zone)
    done = f"moved to {when_of(event, new, event.zone)}" if new else "skipped"
    return Reply(
        text=f"The {old} session of {event.title} is {done}; the other sessions are unchanged. "
        f"{counted(told, 'member')} told.",
        replace_original=True,
    )


async def _replan(
    session: AsyncSession,
    event: Event,
    deps: Deps,
    what: str,
    notice: plan.ReplyFor,
) -> int:
    """A session skipped, moved or restored: the event's new revision, its reminders queued
    afresh, and a `notice` to each member who asked for reminders; how many were told."""
    assert event.id is not None
    event.revision += 1
    event.updated_at = deps.clock.now()
    session.add(event)
    await session.flush()
    await plan.withdraw(session, event.id)
    await plan.plan_event(session, event, deps)
    return await plan.tell_subscribers(session, event, deps, what, notice)


def _notice(event: Event, start: datetime, new: datetime | None, zone: str) -> Reply:
    old, title = when_of(event, start, zone), title_of(event)
    if new is None:
        text = _(
            "{title}: the {when} session is skipped. The other sessions are unchanged."
        ).format(title=title, when=old)
    else:
        text = _(
            "{title}: the {when} session moves to {new}. "
            "Your answer to it stays as it was and your reminder follows it; the other "
            "sessions are unchanged."
        ).format(title=title, when=old, new=when_of(event, new, zone))
        buttons = rsvp_buttons(event, new)
        return Reply(
            text=text, sections=(Section(text=plain(text), buttons=buttons),), private=False
        )
    return Reply(text=text, sections=(Section(text=plain(text)),), private=False)
