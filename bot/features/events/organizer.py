"""Organizers add and edit events: a form or one line, previewed, published on Confirm.

Nothing is published until the organizer confirms the parsed time: a preview (an
event_drafts row, outside the numbered events) holds the proposal (for an edit, `draft_of`
names the event it would change), and Confirm applies it.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import Action
from bot.changes import EVENTS
from bot.deps import Deps
from bot.errors import BadInput, FormErrors, NotFound
from bot.features.events import exposure, plan, sessions
from bot.features.events.drafting import date_in_title, read_fields, when_text
from bot.features.events.lookup import event_number, published_event
from bot.features.events.render import (
    card,
    offsets_of,
    offsets_phrase,
    rsvp_buttons,
    title_of,
    when_of,
)
from bot.features.events.router import router
from bot.features.events.settings import EventsSettings
from bot.features.events.when import daylight_note
from bot.i18n import _
from bot.model import (
    Account,
    Actor,
    Button,
    ButtonPress,
    Command,
    Form,
    FormSubmit,
    Input,
    Reply,
    Section,
    plain,
)
from bot.params import Param, Params, parse
from storage import events as store
from storage import members
from storage.models.events import KINDS, SCHEDULED, Event, EventDraft

EVENT_PARAMS = (
    Param("when", 'Start, e.g. "March 19 1pm CST"', inline=True),
    Param("length", 'Length or end time, e.g. 1h or "2:30pm"', inline=True),
    Param("kind", "webinar, workshop, summit, ...", inline=True, kind="choice", choices=KINDS),
    Param("join", "Join link (https://...)", inline=True),
    Param("register", "Registration link (https://...)", inline=True),
    Param("series", "Series name, e.g. a workshop's three sessions", inline=True),
    Param(
        "repeat",
        'none, weekly, "every other week", monthly, monthly-date, daily; '
        'add "6 sessions" or "until June 30"',
        inline=True,
    ),
    Param("where", "Place or street address (shown with a map link)", inline=True),
    Param("reminders", "DM reminder times offered, e.g. 1d,1h", inline=True),
    Param("about", "Description", inline=True),
    Param("title_es", "The title in Spanish, for members who read Spanish", inline=True),
    Param("about_es", "The description in Spanish", inline=True),
)

ADD_PARAMS = (Param("title", "The event's title", kind="rest"), *EVENT_PARAMS)
EDIT_PARAMS = (
    Param("event", "The event number", required=True),
    Param("title", "A new title", kind="rest"),
    *EVENT_PARAMS,
)


async def _organizer_zone(deps: Deps, platform: str, user_id: str) -> str:
    async with deps.db.read() as session:
        zone = await members.zone(session, Account(platform, user_id))
    return zone or deps.settings.bot.timezone


def event_form(action: Action, title: str, base: Event | None) -> Form:
    return Form(
        action=action,
        title=title,
        inputs=(
            Input("title", "Title", initial=base.title if base else "", max_length=200),
            Input(
                "when",
                "When (e.g. March 19 1pm CST)",
                initial=when_text(base) if base else "",
                max_length=200,
            ),
            Input(
                "length",
                "Length or end time (e.g. 1h, 2:30pm)",
                required=False,
                initial=_length(base) if base else "1h",
                max_length=40,
            ),
            Input(
                "join",
                "Join link (https://...)",
                required=False,
                initial=base.join_url if base else "",
                max_length=500,
            ),
            Input(
                "about",
                "Description",
                kind="long",
                required=False,
                initial=base.description if base else "",
                max_length=4000,
            ),
        ),
        submit_label="Preview",
    )


def _length(event: Event) -> str:
    from bot.durations import format_duration

    return format_duration(event.ends_at - event.starts_at)


async def _save_draft(
    draft: Event, deps: Deps, by: Actor, when: str = "", *, edits: int | None = None
) -> Reply:
    """Kept as `by`'s preview (of an edit of event `edits`) and shown; `when` is the start
    as typed, for how it was read."""
    async with deps.db.session() as session:
        kept = await store.add_draft(
            session, draft, draft_of=edits, by=by.key, now=deps.clock.now()
        )
    note = "" if draft.all_day or not when else daylight_note(when, draft.starts_at, draft.zone)
    return _preview(kept, draft, deps, note)


def _preview(kept: EventDraft, draft: Event, deps: Deps, note: str = "") -> Reply:
    assert kept.id is not None
    # The note is a sentence of its own: in parentheses it nested "(CDT)" inside them.
    parsed = when_of(draft, draft.starts_at, draft.zone) + (f". {note}" if note else "")
    parsed = parsed.removesuffix(".")
    verb = f"change event #{kept.draft_of}" if kept.draft_of else "publish this event"
    offers = offsets_phrase(
        offsets_of(draft, deps.settings.section(EventsSettings).reminder_offsets)
    )
    buttons = (
        Button("Confirm", Action("events.confirm", (str(kept.id),)), style="primary"),
        Button("Cancel", Action("events.discard", (str(kept.id),)), style="danger"),
    )
    section = card(draft, draft.starts_at, draft.zone, footer=f"Reminders offered: {offers} before")
    exposed = exposure.warning(draft, deps.settings)
    check = Section(
        title="Is this right?",
        text=plain(
            f"I read the time as {parsed}. Confirm to {verb}." + (f" {exposed}" if exposed else "")
        ),
        buttons=buttons,
    )
    text = f"Please check: {draft.title}, {parsed}." + (f" {exposed}" if exposed else "")
    return Reply(text=text, sections=(section, check))


# `length:2 hours` typed without quotes: the unit belongs to the length, not to the title.
_BARE_LENGTH = re.compile(
    r"(?<!\S)(length:)(\d{1,4}(?:\.5)?)\s+(hours?|hrs?|minutes?|mins?|days?)\b", re.IGNORECASE
)


def _line_values(params: Params) -> dict[str, str]:
    return {name: params.text(name) for name in params}


def _typed_values(cmd: Command, params: Params, spec: tuple[Param, ...]) -> dict[str, str]:
    """The one-line fields, with an unquoted length's unit given back to the length."""
    text = cmd.text
    if " " not in cmd.name.strip():  # "/events add …": the sub-command's word comes first
        text = text.strip().partition(" ")[2]
    if not cmd.options and _BARE_LENGTH.search(text):
        fixed = _BARE_LENGTH.sub(lambda m: f'{m.group(1)}"{m.group(2)} {m.group(3)}"', text)
        params = parse(spec, fixed, {})
    return _line_values(params)


@router.command(
    "events add",
    "Add an event (opens a form, or give it in one line)",
    params=ADD_PARAMS,
    organizer_only=True,
    examples=(
        '/events add Health Equity Webinar when:"March 19 1pm CST" length:1h repeat:monthly',
        "/events add Medicaid webinar March 19 1pm CST length:2 hours",
    ),
)
async def add_event(cmd: Command, params: Params, deps: Deps) -> Reply:
    if not params:
        form = event_form(Action("events.add"), "New event", None)
        return Reply(text="Fill in the event; you will see it before it is published.", form=form)
    zone = await _organizer_zone(deps, cmd.actor.platform, cmd.actor.user_id)
    values = _typed_values(cmd, params, ADD_PARAMS)
    if "when" not in values and (split := date_in_title(values.get("title", ""))):
        values["title"], values["when"] = split
    try:
        draft = read_fields(
            values,
            base=None,
            zone=zone,
            now=deps.clock.now(),
            actor_key=cmd.actor.key,
        )
    except FormErrors as error:
        raise BadInput(_as_line(error)) from None
    return await _save_draft(draft, deps, cmd.actor, values.get("when", ""))


def _as_line(error: FormErrors) -> str:
    return "Please fix: " + "; ".join(f"{k}: {v}" for k, v in error.errors.items())


@router.form("events.add", organizer_only=True)
async def add_event_form(submit: FormSubmit, deps: Deps) -> Reply:
    zone = await _organizer_zone(deps, submit.actor.platform, submit.actor.user_id)
    draft = read_fields(
        submit.values, base=None, zone=zone, now=deps.clock.now(), actor_key=submit.actor.key
    )
    return await _save_draft(draft, deps, submit.actor, submit.values.get("when", ""))


@router.command(
    "events edit",
    "Change an event (opens a form, or give the changes in one line)",
    params=EDIT_PARAMS,
    organizer_only=True,
    examples=('/events edit 12 when:"March 26 1pm CST"',),
)
async def edit_event(cmd: Command, params: Params, deps: Deps) -> Reply:
    event = await published_event(deps, event_number(params.text("event")))
    assert event.id is not None
    values = {k: v for k, v in _typed_values(cmd, params, EDIT_PARAMS).items() if k != "event"}
    if values.get("title", "").lower().startswith("title:"):
        # People write title: like the other fields; the rest of the line is the title anyway.
        values["title"] = values["title"][len("title:") :].strip().strip('"')
    if not values:
        form = event_form(Action("events.edit", (str(event.id),)), "Edit event", event)
        return Reply(text=f"Change event #{event.id}.", form=form)
    try:
        draft = read_fields(
            values, base=event, zone=event.zone, now=deps.clock.now(), actor_key=cmd.actor.key
        )
    except FormErrors as error:
        raise BadInput(_as_line(error)) from None
    return await _save_draft(draft, deps, cmd.actor, values.get("when", ""), edits=event.id)


@router.form("events.edit", organizer_only=True)
async def edit_event_form(submit: FormSubmit, deps: Deps) -> Reply:
    event = await published_event(deps, submit.form.number(0))
    draft = read_fields(
        submit.values, base=event, zone=event.zone, now=deps.clock.now(), actor_key=submit.actor.key
    )
    return await _save_draft(
        draft, deps, submit.actor, submit.values.get("when", ""), edits=event.id
    )


@router.action("events.confirm", organizer_only=True)
async def confirm(press: ButtonPress, deps: Deps) -> Reply:
    draft_id = press.action.number(0)
    async with deps.db.session() as session:
        kept = await store.take_draft(session, draft_id)
        if kept is None:
            raise NotFound("That preview was already confirmed or cancelled.")
        draft = store.drafted(kept)
        if kept.draft_of is None:
            event = await _publish(session, draft, deps)
            verb = "Published"
        else:
            event = await _apply_edit(session, kept.draft_of, draft, deps)
            verb = "Saved the changes to"
    deps.changes.notify(EVENTS)  # committed: mirrors (Discord's Events list) update now
    section = card(event, event.starts_at, event.zone)
    note = exposure.warning(event, deps.settings)
    sections = (section, Section(text=plain(note))) if note else (section,)
    text = f"{verb} {event.title}." + (f" {note}" if note else "")
    return Reply(text=text, sections=sections, replace_original=True)


async def _publish(session: AsyncSession, draft: Event, deps: Deps) -> Event:
    """The event takes its number now, so previews nobody confirmed leave no gaps."""
    draft.status = SCHEDULED
    draft.updated_at = deps.clock.now()
    event = await store.add(session, draft)
    await plan.announce(session, event, deps, "new")
    await plan.plan_event(session, event, deps)
    return event


_COPIED = (
    "title",
    "kind",
    "description",
    "title_es",
    "description_es",
    "starts_at",
    "ends_at",
    "zone",
    "join_url",
    "registration_url",
    "series",
    "rrule",
    "reminder_offsets",
    "all_day",
    "location",
    "overrides",
)


async def _apply_edit(session: AsyncSession, event_id: int, draft: Event, deps: Deps) -> Event:
    event = await store.get(session, event_id)
    if event is None or event.status != SCHEDULED:
        raise NotFound("That event was cancelled in the meantime.")
    moved = (event.starts_at, event.ends_at, event.rrule) != (
        draft.starts_at,
        draft.ends_at,
        draft.rrule,
    )
    for name in _COPIED:
        setattr(event, name, getattr(draft, name))
    event.revision += 1
    event.updated_at = deps.clock.now()
    session.add(event)
    await session.flush()
    assert event.id is not None
    await plan.withdraw(session, event.id)
    await plan.plan_event(session, event, deps)
    await plan.announce(session, event, deps, "changed")
    start = sessions.next_start(event, after=deps.clock.now()) or event.starts_at
    await plan.tell_subscribers(
        session, event, deps, "changed", lambda zone: _changed_notice(event, zone, moved, start)
    )
    return event


def _changed_notice(event: Event, zone: str, moved: bool, start: datetime) -> Reply:
    text = (
        _("{title} has moved. Your answer still holds and your reminders follow the new details.")
        if moved
        else _(
            "{title} was updated. Your answer still holds and your reminders follow the new "
            "details."
        )
    ).format(title=title_of(event))
    section = card(event, start, zone, buttons=rsvp_buttons(event, start))
    return Reply(text=text, sections=(section,), private=False)


@router.action("events.discard", organizer_only=True)
async def discard(press: ButtonPress, deps: Deps) -> Reply:
    draft_id = press.action.number(0)
    async with deps.db.session() as session:
        await store.take_draft(session, draft_id)
    return Reply(text="Cancelled; nothing was changed.", replace_original=True)
