"""Queries of the events feature: events, organizers' previews and reminder subscriptions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, bindparam, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.deliveries import CANCELLED as WITHDRAWN
from storage.models.deliveries import PENDING, Delivery
from storage.models.events import CANCELLED, SCHEDULED, Event, EventDraft, ReminderSubscription
from storage.refs import Prefix


async def get(session: AsyncSession, event_id: int) -> Event | None:
    return await session.get(Event, event_id)


async def by_uid(session: AsyncSession, uid: str) -> Event | None:
    result = await session.execute(select(Event).where(col(Event.uid) == uid))
    return result.scalars().first()


async def add(session: AsyncSession, event: Event) -> Event:
    session.add(event)
    await session.flush()
    return event


async def count(session: AsyncSession) -> int:
    result = await session.execute(select(func.count()).select_from(Event))
    return int(result.scalar_one())


async def calendar_version(session: AsyncSession) -> tuple[int, datetime | None]:
    """How many events there are, and the latest edit among them: a change to either is
    how another process learns the calendar changed (every publish, edit and cancel stamps
    `updated_at`)."""
    statement = select(func.count(), func.max(col(Event.updated_at)))
    count, latest = (await session.execute(statement)).one()
    return int(count), latest


# What /events, /journey and the Home read for every member, built once: building the ORM
# select cost more than running it (issue 28).
_LIVE = (
    select(Event)
    .where(
        col(Event.status) == SCHEDULED,
        or_(col(Event.ends_at) > bindparam("ends_after"), col(Event.rrule) != ""),
    )
    .order_by(col(Event.starts_at), col(Event.id))
)
_SUBSCRIPTIONS_OF = (
    select(ReminderSubscription, Event)
    .join(Event, col(Event.id) == col(ReminderSubscription.event_id))
    .where(
        col(ReminderSubscription.platform) == bindparam("platform"),
        col(ReminderSubscription.user_id) == bindparam("user_id"),
        col(Event.status) == SCHEDULED,
    )
    .order_by(col(Event.starts_at))
)


async def live(session: AsyncSession, *, ends_after: datetime) -> Sequence[Event]:
    """Scheduled events that have not ended, and every scheduled series (it may recur)."""
    return (await session.execute(_LIVE, {"ends_after": ends_after})).scalars().all()


async def published(session: AsyncSession) -> Sequence[Event]:
    """Every event (cancelled ones too, so calendars can drop them)."""
    statement = select(Event).order_by(col(Event.starts_at))
    return (await session.execute(statement)).scalars().all()


async def matching(
    session: AsyncSession, words: Sequence[str], limit: int, *, any_word: bool = False
) -> Sequence[Event]:
    """Published events whose title, description or series contain every word (any one of
    them with `any_word`)."""
    statement = select(Event).where(col(Event.status) == SCHEDULED)
    conditions = []
    for word in words:
        pattern = f"%{_escape_like(word.lower())}%"
        conditions.append(
            or_(
                func.lower(col(Event.title)).like(pattern, escape="\\"),
                func.lower(col(Event.description)).like(pattern, escape="\\"),
                func.lower(col(Event.series)).like(pattern, escape="\\"),
            )
        )
    if conditions:
        statement = statement.where(or_(*conditions) if any_word else and_(*conditions))
    statement = statement.order_by(col(Event.starts_at).desc()).limit(limit)
    return (await session.execute(statement)).scalars().all()


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def add_draft(
    session: AsyncSession, event: Event, *, draft_of: int | None, by: str, now: datetime
) -> EventDraft:
    """Keep `event` (not saved as an event) as `by`'s preview; for an edit, an earlier
    preview of the same event goes."""
    if draft_of is not None:
        await session.execute(delete(EventDraft).where(col(EventDraft.draft_of) == draft_of))
    draft = EventDraft(
        draft_of=draft_of,
        fields=event.model_dump_json(exclude={"id"}),
        created_by=by,
        updated_at=now,
    )
    session.add(draft)
    await session.flush()
    return draft


# Table models take values as given, so the JSON's times are read back here.
_MOMENTS = tuple(name for name, field in Event.model_fields.items() if field.annotation is datetime)


def drafted(draft: EventDraft) -> Event:
    """The event a preview would save (no id: it takes its number when published)."""
    values = {k: v for k, v in json.loads(draft.fields).items() if k in Event.model_fields}
    for name in _MOMENTS:
        values[name] = datetime.fromisoformat(values[name])
    return Event(**values)


async def take_draft(session: AsyncSession, draft_id: int) -> EventDraft | None:
    """The preview, removed: None when it is gone, also when a second press of Confirm (in
    another process) took it first."""
    draft = await session.get(EventDraft, draft_id)
    if draft is None:
        return None
    result = await session.execute(delete(EventDraft).where(col(EventDraft.id) == draft_id))
    return draft if result.rowcount else None  # type: ignore[attr-defined]


async def delete_stale_drafts(session: AsyncSession, *, older_than: datetime) -> int:
    """Previews nobody confirmed: they only ever live a short while."""
    result = await session.execute(
        delete(EventDraft).where(col(EventDraft.updated_at) < older_than)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def cancel(session: AsyncSession, event: Event, now: datetime) -> None:
    event.status = CANCELLED
    event.revision += 1
    event.updated_at = now
    session.add(event)
    await session.flush()


async def subscription(
    session: AsyncSession, event_id: int, platform: str, user_id: str
) -> ReminderSubscription | None:
    statement = select(ReminderSubscription).where(
        col(ReminderSubscription.event_id) == event_id,
        col(ReminderSubscription.platform) == platform,
        col(ReminderSubscription.user_id) == user_id,
    )
    return (await session.execute(statement)).scalars().first()


async def subscriptions(session: AsyncSession, event_id: int) -> Sequence[ReminderSubscription]:
    statement = (
        select(ReminderSubscription)
        .where(col(ReminderSubscription.event_id) == event_id)
        .order_by(col(ReminderSubscription.id))
    )
    return (await session.execute(statement)).scalars().all()


async def subscriptions_of(
    session: AsyncSession, platform: str, user_id: str
) -> Sequence[tuple[ReminderSubscription, Event]]:
    params = {"platform": platform, "user_id": user_id}
    return [(row[0], row[1]) for row in (await session.execute(_SUBSCRIPTIONS_OF, params)).all()]


async def subscribe(
    session: AsyncSession, event_id: int, platform: str, user_id: str, offsets: str, now: datetime
) -> ReminderSubscription:
    """Create the member's subscription, or change its offsets (a new generation)."""
    found = await subscription(session, event_id, platform, user_id)
    if found is None:
        found = ReminderSubscription(
            event_id=event_id, platform=platform, user_id=user_id, offsets=offsets, created_at=now
        )
    elif found.offsets != offsets:
        found.offsets = offsets
        found.generation += 1
    session.add(found)
    await session.flush()
    return found


async def unsubscribe(session: AsyncSession, sub: ReminderSubscription) -> None:
    await session.delete(sub)
    await session.flush()


async def withdraw(session: AsyncSession, prefix: Prefix) -> int:
    """Withdraw every pending delivery whose ref starts with `prefix` (storage/refs.py)."""
    statement = (
        update(Delivery)
        .where(
            col(Delivery.ref).like(f"{_escape_like(prefix)}%", escape="\\"),
            col(Delivery.status) == PENDING,
        )
        .values(status=WITHDRAWN)
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(statement)
    return int(result.rowcount)  # type: ignore[attr-defined]


async def renew(session: AsyncSession, sub: ReminderSubscription) -> None:
    """A new generation: reminders withdrawn for it can be queued again under new keys."""
    sub.generation += 1
    session.add(sub)
    await session.flush()
