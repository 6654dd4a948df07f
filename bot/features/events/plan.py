"""Turning events into queued deliveries: announcements, channel reminders and members' DMs.

Reminders are materialized for occurrences starting within `HORIZON` (so a series never
floods the queue); an hourly job extends the window. Every key names the event revision and
the subscription generation, so queuing again is a no-op and a changed event queues afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.queue import schedule, send_message
from bot.deps import Deps
from bot.durations import parse_duration
from bot.features.events import sessions
from bot.features.events.payload import EventPayload
from bot.features.events.render import offsets_of
from bot.features.events.settings import EventsSettings
from bot.features.members import api as people
from bot.i18n import speak
from bot.i18n.reader import speaking_in
from bot.model import Account, Place, Reply
from storage import events as store
from storage import members, refs, rsvps
from storage.models.events import Event, ReminderSubscription
from storage.models.rsvps import Rsvp

HORIZON = timedelta(days=42)
REMINDER = "events.reminder"
ANNOUNCEMENT = "events.announcement"
ReplyFor = Callable[[str], Reply]


def _stamp(when: datetime) -> str:
    return when.strftime("%Y%m%dT%H%MZ")


def _window(event: Event, offsets: Sequence[str], now: datetime) -> list[datetime]:
    longest = max((parse_duration(o) for o in offsets), default=timedelta(0))
    return sessions.starts(event, after=now, before=now + HORIZON + longest)


def member_offsets(event: Event, sub: ReminderSubscription, defaults: list[str]) -> list[str]:
    """The member's chosen offsets that the event still offers, else all it offers."""
    offered = offsets_of(event, defaults)
    chosen = [o for o in sub.offsets.split(",") if o in offered]
    return chosen or offered


def _attending(answers: Sequence[Rsvp], start: datetime) -> bool:
    held = rsvps.effective(answers, start)
    return held is not None and held.answer in rsvps.ATTENDING


async def plan_member(
    session: AsyncSession, event: Event, sub: ReminderSubscription, deps: Deps
) -> int:
    """Queue `sub`'s DM reminders; one whose time has already passed is not queued."""
    assert event.id is not None and sub.id is not None
    now = deps.clock.now()
    offsets = member_offsets(event, sub, deps.settings.section(EventsSettings).reminder_offsets)
    target = await people.dm_target(session, sub.platform, sub.user_id)
    answers = await rsvps.of_person(session, event.id, Account(sub.platform, sub.user_id))
    queued = 0
    for start in _window(event, offsets, now):
        if answers and not _attending(answers, start):
            continue  # Can't make it (or no answer) for this session: no reminder
        for offset in offsets:
            due = start - parse_duration(offset)
            if due < now:
                continue
            payload = EventPayload(event.id, event.revision, occurrence=start, offset=offset)
            queued += await schedule(
                session,
                key=refs.event_key(
                    event.id, event.revision, f"s{sub.id}", sub.generation, _stamp(start), offset
                ),
                kind=REMINDER,
                target=target,
                due_at=due,
                now=now,
                ref=refs.event_member(event.id, Account(sub.platform, sub.user_id)),
                payload=payload.encode(),
                expires_at=start,
            )
    return queued


async def plan_channels(session: AsyncSession, event: Event, deps: Deps) -> int:
    assert event.id is not None
    now = deps.clock.now()
    offsets = deps.settings.section(EventsSettings).channel_offsets
    queued = 0
    for place in deps.settings.places("announcements", deps.platforms):
        for start in _window(event, offsets, now):
            for offset in offsets:
                due = start - parse_duration(offset)
                if due < now:
                    continue
                queued += await schedule(
                    session,
                    key=refs.event_key(
                        event.id,
                        event.revision,
                        "ch",
                        place.platform,
                        place.channel_id,
                        _stamp(start),
                        offset,
                    ),
                    kind=ANNOUNCEMENT,
                    target=place,
                    due_at=due,
                    now=now,
                    ref=refs.event_channel(event.id),
                    payload=EventPayload(
                        event.id, event.revision, start, what="reminder", offset=offset
                    ).encode(),
                    expires_at=start,
                )
    return queued


async def plan_event(session: AsyncSession, event: Event, deps: Deps) -> int:
    """Queue everything still to come for `event` (idempotent)."""
    assert event.id is not None
    queued = await plan_channels(session, event, deps)
    for sub in await store.subscriptions(session, event.id):
        queued += await plan_member(session, event, sub, deps)
    return queued


async def announce(session: AsyncSession, event: Event, deps: Deps, what: str) -> None:
    """Post `what` ("new", "changed") about the event to every announcement channel."""
    assert event.id is not None
    now = deps.clock.now()
    for place in deps.settings.places("announcements", deps.platforms):
        await schedule(
            session,
            key=refs.event_key(event.id, event.revision, what, place.platform, place.channel_id),
            kind=ANNOUNCEMENT,
            target=place,
            due_at=now,
            now=now,
            ref=refs.event_channel(event.id),
            payload=EventPayload(event.id, event.revision, what=what).encode(),
        )


async def tell_channels(session: AsyncSession, event: Event, deps: Deps, reply: Reply) -> None:
    assert event.id is not None
    now = deps.clock.now()
    for place in deps.settings.places("announcements", deps.platforms):
        await send_message(
            session,
            key=refs.event_key(
                event.id, event.revision, "notice", place.platform, place.channel_id
            ),
            target=Place(place.platform, place.channel_id),
            reply=reply,
            now=now,
            ref=refs.event_notice(event.id),
        )


async def concerned(session: AsyncSession, event: Event, now: datetime) -> list[Account]:
    """Who hears of a change: reminder subscribers and everyone who said Going or Maybe to
    the event or a session still to come (one home account per person)."""
    assert event.id is not None
    found = {
        Account(sub.platform, sub.user_id) for sub in await store.subscriptions(session, event.id)
    }
    for row in await rsvps.of_event(session, event.id):
        when = rsvps.unstamp(row.session) if row.session else None
        if row.answer in rsvps.ATTENDING and (when is None or when > now):
            found.add(Account(row.platform, row.user_id))
    return sorted(found, key=lambda account: account.key)


async def tell_subscribers(
    session: AsyncSession, event: Event, deps: Deps, what: str, reply_for: ReplyFor
) -> int:
    """DM everyone who asked to be reminded or said Going or Maybe; `reply_for(zone)`
    renders in their zone."""
    assert event.id is not None
    now = deps.clock.now()
    told = 0
    for person in await concerned(session, event, now):
        zone = await members.zone(session, person)
        # Written now for someone else: in their language, not the organizer's.
        with speak(await speaking_in(session, person, deps.settings.bot)):
            reply = reply_for(zone or deps.settings.bot.timezone)
        told += await send_message(
            session,
            key=refs.event_key(event.id, event.revision, what, person.platform, person.user_id),
            target=await people.dm_target(session, person.platform, person.user_id),
            reply=reply,
            now=now,
            ref=refs.event_notice(event.id),
        )
    return told


async def withdraw(session: AsyncSession, event_id: int) -> int:
    """Withdraw every pending reminder and announcement of the event."""
    return await store.withdraw(session, refs.event_all(event_id))
