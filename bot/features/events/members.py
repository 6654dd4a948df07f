"""Members' side: /events (with Going, Maybe, Can't make it), reminder times, Add to calendar,
/reminders and /timezone."""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

from bot import platforms
from bot.actions import Action
from bot.deps import Deps
from bot.errors import BadInput, NotFound
from bot.features.events import answers, ics, plan, sessions, zones
from bot.features.events import feed as calendar_feed
from bot.features.events.render import (
    answer_words,
    card,
    clock,
    member_buttons,
    offsets_of,
    offsets_phrase,
    title_of,
    weekday,
)
from bot.features.events.router import router
from bot.features.events.rsvp import reminder_buttons
from bot.features.events.settings import EventsSettings
from bot.i18n import _, ngettext
from bot.member_limits import REMINDER
from bot.model import (
    Actor,
    Attachment,
    Button,
    ButtonPress,
    Command,
    Reply,
    Section,
    plain,
)
from bot.params import Param, Params
from storage import events as store
from storage import members, refs, rsvps
from storage.deliveries import cancel_pending
from storage.models.events import SCHEDULED, Event, ReminderSubscription
from storage.models.members import ZONE_CHOSEN, ZONE_PROFILE
from storage.models.rsvps import SERIES, Rsvp

PAGE = 5
MAX_LISTED = 50


DEFAULT_ZONE = "default"
FOLLOW_PROFILE = frozenset({"auto", "profile", "reset"})


async def zone_and_source(deps: Deps, actor: Actor) -> tuple[str, str]:
    """The reader's zone and where it came from: chosen, profile or default."""
    async with deps.db.read() as session:
        state = await members.zone_state(session, actor.account)
    if state.zone:
        return state.zone, state.source or ZONE_CHOSEN
    return deps.settings.bot.timezone, DEFAULT_ZONE


async def reader_zone(deps: Deps, actor: Actor) -> tuple[str, bool]:
    """The reader's zone and whether it is their own (False: the collaborative's default)."""
    zone, source = await zone_and_source(deps, actor)
    return zone, source != DEFAULT_ZONE


async def upcoming(deps: Deps) -> list[tuple[datetime, Event]]:
    """Each live event once, at its next start, soonest first."""
    now = deps.clock.now()
    async with deps.db.read() as session:
        events = await store.live(session, ends_after=now)
    found = []
    for event in events:
        start = sessions.next_start(event, after=now)
        if start is None and not event.rrule and event.ends_at > now:
            start = event.starts_at  # under way: still worth listing
        if start is not None:
            found.append((start, event))
    found.sort(key=lambda pair: (pair[0], pair[1].id or 0))
    return found


def _zone_note(zone: str, chosen: bool, platform: str) -> str:
    if chosen:
        return _("Times are in your time zone, {zone}.").format(zone=zone)
    if platforms.info(platform).viewer_local_times:
        return _("Times are in your own time zone, as your device has it.")
    return _(
        "Times are in {zone}, the collaborative's zone. Set yours with /timezone <city>."
    ).format(zone=zone)


async def _page(deps: Deps, actor: Actor, offset: int) -> Reply:
    listed = await upcoming(deps)
    zone, chosen = await reader_zone(deps, actor)
    if not listed:
        return Reply(text=_("No upcoming events yet. Check back soon!"))
    shown = listed[offset : offset + PAGE]
    if not shown:
        return Reply(text=_("That is all the upcoming events."))
    feed = calendar_feed.base_url(deps.settings.http.public_url)
    async with deps.db.read() as session:
        subs = {
            sub.event_id: sub
            for sub, _event in await store.subscriptions_of(session, *actor.member)
        }
        given: dict[int, list[Rsvp]] = {}
        for row, _event in await rsvps.mine(session, actor.member):
            given.setdefault(row.event_id, []).append(row)
    defaults = deps.settings.section(EventsSettings).reminder_offsets
    sections = []
    for start, e in shown:
        held = rsvps.effective(given.get(e.id or 0, []), start)
        said = held.answer if held else None
        buttons = member_buttons(e, feed, start, said)
        footer = _answer_footer(e, said, subs.get(e.id or 0), defaults)
        # A chosen zone is shown as chosen; otherwise a platform that can shows each viewer's own.
        sections.append(card(e, start, zone, buttons=buttons, footer=footer, stamp=not chosen))
    rest = len(listed) - offset - len(shown)
    note = _zone_note(zone, chosen, actor.platform)
    nav: list[Button] = []
    if offset > 0:  # a later page leads back, as /help and /topics pages do
        back = str(max(0, offset - PAGE))
        nav.append(Button(_("Previous"), Action("events.more", (back,))))
    if rest > 0 and offset + PAGE < MAX_LISTED:
        more = Button(_("More ({n})").format(n=rest), Action("events.more", (str(offset + PAGE),)))
        nav.append(more)
    sections.append(Section(text=plain(note), buttons=tuple(nav)))
    lines = "; ".join(f"{title_of(e)} (#{e.id})" for _start, e in shown)
    return Reply(text=_("Upcoming events: {events}").format(events=lines), sections=tuple(sections))


def _answer_footer(
    event: Event, said: str | None, sub: ReminderSubscription | None, defaults: list[str]
) -> str | None:
    """The member's own answer to this session, and their reminder times if they have any."""
    if said is None:
        return None
    footer = _("Event #{number} · Your answer: {answer}.").format(
        number=event.id, answer=answer_words(said)
    )
    if sub is not None and said in rsvps.ATTENDING:
        phrase = offsets_phrase(plan.member_offsets(event, sub, defaults))
        footer += " " + _("Reminders {times} before.").format(times=phrase)
    return footer


@router.command(
    "events",
    "Upcoming webinars, workshops and other events, in your time zone",
    examples=("/events",),
    group_default="list",
)
async def list_events(cmd: Command, params: Params, deps: Deps) -> Reply:
    return await _page(deps, cmd.actor, 0)


@router.action("events.more")
async def more(press: ButtonPress, deps: Deps) -> Reply:
    offset = press.action.number(0, 0)
    return await _page(deps, press.actor, offset)


async def _event(deps: Deps, event_id: int) -> Event:
    async with deps.db.read() as session:
        event = await store.get(session, event_id)
    if event is None or event.status != SCHEDULED:
        raise NotFound(_("That event is not on the calendar any more. /events lists the others."))
    return event


@router.action("events.remind")
async def remind_me(press: ButtonPress, deps: Deps) -> Reply:
    """The reminder times after Going or Maybe (and Remind me on cards sent before RSVPs)."""
    deps.limits.take(REMINDER, press.actor.key, deps.clock.now())
    event = await _event(deps, press.action.number(0))
    assert event.id is not None
    offered = offsets_of(event, deps.settings.section(EventsSettings).reminder_offsets)
    chosen = [o for o in press.action.arg(1).split(",") if o]
    if any(o not in offered for o in chosen):
        raise BadInput(_("That reminder time is not offered for this event any more."))
    actor = press.actor
    start = answers.session_of(event, "", deps.clock.now())
    given = await answers.answers_of(deps, event.id, actor)
    if not any(row.answer in rsvps.ATTENDING for row in given):
        await answers.record(deps, actor, event, start, SERIES, rsvps.GOING)
    async with deps.db.session() as session:
        await cancel_pending(session, ref=refs.event_member(event.id, actor.member))
        home, now = actor.member, deps.clock.now()
        before = await store.subscription(session, event.id, *home)
        generation = before.generation if before else 0
        sub = await store.subscribe(
            session, event.id, home.platform, home.user_id, ",".join(chosen), now
        )
        if sub.generation == generation:
            await store.renew(session, sub)
        await plan.plan_member(session, event, sub, deps)
    phrase = offsets_phrase(chosen or offered)
    text = _("I will send you a direct message {times} before {title}.").format(
        times=phrase, title=title_of(event)
    )
    if event.rrule:
        text += " " + _("That goes for every session you said Going or Maybe to.")
    buttons = reminder_buttons(event, chosen or offered, offered)
    return Reply(text=text, sections=(Section(text=plain(text), buttons=buttons),))


@router.action("events.unremind")
async def stop_reminding(press: ButtonPress, deps: Deps) -> Reply:
    deps.limits.take(REMINDER, press.actor.key, deps.clock.now())
    event_id = press.action.number(0)
    actor = press.actor
    async with deps.db.session() as session:
        sub = await store.subscription(session, event_id, *actor.member)
        if sub is None:
            return Reply(text=_("You had no reminder for that event."))
        await cancel_pending(session, ref=refs.event_member(event_id, actor.member))
        await store.unsubscribe(session, sub)
    return Reply(text=_("Done: no more reminders for that event."))


@router.action("events.ics")
async def add_to_calendar(press: ButtonPress, deps: Deps) -> Reply:
    event = await _event(deps, press.action.number(0))
    content = ics.export(
        [event], deps.settings.section(EventsSettings).reminder_offsets, event.title
    )
    attachment = Attachment(f"event-{event.id}.ics", content, "text/calendar")
    return Reply(
        text=_("Here is {title} for your calendar (open the file to add it).").format(
            title=title_of(event)
        ),
        attachments=(attachment,),
    )


@router.command(
    "reminders", "The event reminders you asked for, to cancel any", examples=("/reminders",)
)
async def my_reminders(cmd: Command, params: Params, deps: Deps) -> Reply:
    actor = cmd.actor
    async with deps.db.read() as session:
        subs = await store.subscriptions_of(session, *actor.member)
    if not subs:
        return Reply(text=_("You have no reminders. Press Going under an event in /events."))
    zone, chosen = await reader_zone(deps, actor)
    now = deps.clock.now()
    sections = []
    for sub, event in subs[:9]:
        start = sessions.next_start(event, after=now)
        if start is None:
            continue
        offsets = plan.member_offsets(
            event, sub, deps.settings.section(EventsSettings).reminder_offsets
        )
        cancel = Button(_("Cancel"), Action("events.unremind", (str(event.id),)), style="danger")
        footer = _("Reminded {times} before.").format(times=offsets_phrase(offsets))
        sections.append(
            card(event, start, zone, buttons=(cancel,), footer=footer, stamp=not chosen)
        )
    if not sections:
        return Reply(text=_("Your reminders are all for events that have passed."))
    note = _zone_note(zone, chosen, actor.platform)
    head = ngettext("Your reminders ({n}).", "Your reminders ({n}).", len(sections))
    return Reply(text=f"{head.format(n=len(sections))} {note}", sections=tuple(sections))


@router.command(
    "timezone",
    "Set your time zone for event times and reminders",
    params=(
        Param(
            "zone",
            "A tz name or a city (e.g. Chicago), or auto to follow your profile",
            kind="rest",
            autocomplete="timezones",
        ),
    ),
    examples=("/timezone America/Chicago", "/timezone New York", "/timezone auto"),
)
async def set_timezone(cmd: Command, params: Params, deps: Deps) -> Reply:
    text = params.text("zone")
    actor = cmd.actor
    if not text:
        return await _current_zone(deps, actor)
    if text.strip().lower() in FOLLOW_PROFILE:
        async with deps.db.session() as session:
            await members.forget_chosen_zone(session, actor.account)
        return Reply(
            text=_(
                "OK: you'll see times in your profile's time zone where the platform shares "
                "it (from your next action), otherwise in {zone}, the collaborative's zone."
            ).format(zone=deps.settings.bot.timezone)
        )
    deps.limits.take(REMINDER, actor.key, deps.clock.now())
    # The first place lookup loads the city list (about half a second): not on the event loop.
    found = await asyncio.to_thread(zones.find, text)
    if found.zone is None:
        return _which_place(found)
    return await _save_zone(deps, actor, found.zone, found.label)


def _which_place(found: zones.Found) -> Reply:
    buttons = tuple(
        Button(
            f"{place.label} – {zones.describe_zone(place.zone).split(' (')[0]}"[:75],
            Action("events.zone", (place.zone,)),
        )
        for place in found.choices
    )
    text = _("Which {place} do you mean? Each button sets that time zone.").format(
        place=found.label
    )
    return Reply(text=text, sections=(Section(text=plain(text), buttons=buttons),))


async def _save_zone(
    deps: Deps, actor: Actor, zone: str, label: str, *, replace: bool = False
) -> Reply:
    async with deps.db.session() as session:
        # One zone per person: linked accounts share it.
        now = deps.clock.now()
        await members.set_chosen_zone(session, actor.account, zone, now, actor.display_name)
    local = deps.clock.now().astimezone(ZoneInfo(zone))
    where = zone if label == zone else _("{zone}, for {place}").format(zone=zone, place=label)
    return Reply(
        text=_(
            "Your time zone is now {where}: it is {time} there now ({day}). "
            "Event times and reminders will use it."
        ).format(where=where, time=clock(local), day=weekday(local)),
        replace_original=replace,
    )


async def _current_zone(deps: Deps, actor: Actor) -> Reply:
    zone, source = await zone_and_source(deps, actor)
    if source == ZONE_CHOSEN:
        return Reply(
            text=_(
                "Your time zone is {zone} (you set it). Change it with /timezone <city>, "
                "or /timezone auto to follow your profile's zone."
            ).format(zone=zone)
        )
    if source == ZONE_PROFILE:
        where = platforms.info(actor.platform).display_name
        return Reply(
            text=_(
                "Your time zone is {zone}, from your {platform} profile. To use another one, "
                "set it with /timezone <city>."
            ).format(zone=zone, platform=where)
        )
    if platforms.info(actor.platform).viewer_local_times:
        return Reply(
            text=_(
                "You have not set a time zone, so event times show in your device's zone. "
                "To see them in another one, set it with /timezone <city>, e.g. /timezone Denver."
            )
        )
    return Reply(
        text=_(
            "You have not set a time zone, so you see {zone}, the collaborative's zone. "
            "Set yours with /timezone <city>, e.g. /timezone Denver."
        ).format(zone=zone)
    )


@router.action("events.zone")
async def choose_zone(press: ButtonPress, deps: Deps) -> Reply:
    zone = press.action.arg(0)
    if zone not in zones.zone_names():
        raise BadInput(_("That time zone is not one I know; try /timezone again."))
    return await _save_zone(deps, press.actor, zone, zones.describe_zone(zone), replace=True)


@router.completer("timezones")
async def complete_timezones(prefix: str, deps: Deps) -> list[str]:
    return zones.complete(prefix)
