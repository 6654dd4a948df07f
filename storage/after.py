"""Queries of what happens after a session: feedback (anonymous to organizers) and recordings.

Nothing here returns who gave a rating to anyone but that member: organizers' reads
(`ratings`, `next_topics`) return counts and unsigned words only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage import dialect
from storage.models.after import SessionFeedback, SessionRecording
from storage.models.deliveries import SENT, Delivery
from storage.models.events import Event
from storage.refs import event_all


async def feedback_of(
    session: AsyncSession, event_id: int, start: datetime, member_key: str
) -> SessionFeedback | None:
    statement = select(SessionFeedback).where(
        col(SessionFeedback.event_id) == event_id,
        col(SessionFeedback.session_start) == start,
        col(SessionFeedback.member_key) == member_key,
    )
    return (await session.execute(statement)).scalars().first()


async def rate(
    session: AsyncSession,
    event_id: int,
    start: datetime,
    member_key: str,
    rating: int,
    now: datetime,
) -> bool:
    """Keep the member's first rating of the session; False if they had rated it (a second
    press, an old DM, another process racing: the unique key decides)."""
    statement = (
        dialect.insert(session)(SessionFeedback)
        .values(
            event_id=event_id,
            session_start=start,
            member_key=member_key,
            rating=rating,
            next_topic="",
            answered_at=now,
        )
        .on_conflict_do_nothing(index_elements=["event_id", "session_start", "member_key"])
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


async def set_next_topic(
    session: AsyncSession, event_id: int, start: datetime, member_key: str, text: str
) -> bool:
    """The member's "what should we cover next?"; False when they have not rated the session."""
    row = await feedback_of(session, event_id, start, member_key)
    if row is None:
        return False
    row.next_topic = text
    session.add(row)
    await session.flush()
    return True


@dataclass(frozen=True)
class Ratings:
    """One session's ratings as organizers see them: no one's name."""

    event_id: int
    session_start: datetime
    by_stars: tuple[int, int, int, int, int]  # how many gave 1, 2, 3, 4, 5

    @property
    def count(self) -> int:
        return sum(self.by_stars)

    @property
    def average(self) -> float | None:
        if not self.count:
            return None
        return sum(n * (i + 1) for i, n in enumerate(self.by_stars)) / self.count


async def ratings(session: AsyncSession, event_ids: Sequence[int]) -> list[Ratings]:
    """Each rated session of these events, oldest first."""
    statement = (
        select(
            col(SessionFeedback.event_id),
            col(SessionFeedback.session_start),
            col(SessionFeedback.rating),
            func.count(),
        )
        .where(col(SessionFeedback.event_id).in_(list(event_ids)))
        .group_by(
            col(SessionFeedback.event_id),
            col(SessionFeedback.session_start),
            col(SessionFeedback.rating),
        )
    )
    found: dict[tuple[int, datetime], list[int]] = {}
    for event_id, start, rating, n in (await session.execute(statement)).all():
        stars = found.setdefault((int(event_id), start), [0] * 5)
        if 1 <= int(rating) <= 5:
            stars[int(rating) - 1] += int(n)
    return [
        Ratings(event_id, start, (s[0], s[1], s[2], s[3], s[4]))
        for (event_id, start), s in sorted(found.items(), key=lambda item: item[0][1])
    ]


@dataclass(frozen=True)
class NextTopic:
    """A "what next" answer as organizers see it: its id (for the button), never its author."""

    id: int
    event_id: int
    text: str
    suggestion_id: int | None


async def next_topics(session: AsyncSession, event_ids: Sequence[int]) -> list[NextTopic]:
    statement = (
        select(
            col(SessionFeedback.id),
            col(SessionFeedback.event_id),
            col(SessionFeedback.next_topic),
            col(SessionFeedback.suggestion_id),
        )
        .where(
            col(SessionFeedback.event_id).in_(list(event_ids)),
            col(SessionFeedback.next_topic) != "",
        )
        .order_by(col(SessionFeedback.id))
    )
    return [
        NextTopic(int(fid or 0), int(eid), str(text), sid)
        for fid, eid, text, sid in (await session.execute(statement)).all()
    ]


async def next_topic(session: AsyncSession, feedback_id: int) -> NextTopic | None:
    row = await session.get(SessionFeedback, feedback_id)
    if row is None or row.id is None or not row.next_topic:
        return None
    return NextTopic(row.id, row.event_id, row.next_topic, row.suggestion_id)


async def mark_suggested(session: AsyncSession, feedback_id: int, suggestion_id: int) -> bool:
    """Record the suggestion made of an answer; False when one was made already."""
    result = await session.execute(
        update(SessionFeedback)
        .where(col(SessionFeedback.id) == feedback_id, col(SessionFeedback.suggestion_id).is_(None))
        .values(suggestion_id=suggestion_id)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


async def feedback_by(session: AsyncSession, member_key: str) -> list[tuple[SessionFeedback, str]]:
    """The member's own answers with the event's title (for /privacy, shown only to them)."""
    statement = (
        select(SessionFeedback, col(Event.title))
        .join(Event, col(Event.id) == col(SessionFeedback.event_id))
        .where(col(SessionFeedback.member_key) == member_key)
        .order_by(col(SessionFeedback.session_start))
    )
    return [(row[0], str(row[1])) for row in (await session.execute(statement)).all()]


async def forget_feedback(session: AsyncSession, member_key: str) -> int:
    """What identifies the member goes (their key, their words); each rating stays as an
    anonymous count. Returns how many answers were unlinked."""
    result = await session.execute(
        update(SessionFeedback)
        .where(col(SessionFeedback.member_key) == member_key)
        .values(member_key=None, next_topic="")
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0))


async def reminders_delivered(
    session: AsyncSession, kind: str, event_ids: Sequence[int]
) -> dict[int, int]:
    """event id -> DM reminders of `kind` sent for it."""
    found: dict[int, int] = {}
    for event_id in event_ids:
        prefix = f"{event_all(event_id)}dm:"
        statement = select(func.count()).where(
            col(Delivery.kind) == kind,
            col(Delivery.status) == SENT,
            col(Delivery.ref).startswith(prefix, autoescape=True),
        )
        found[event_id] = int((await session.execute(statement)).scalar_one())
    return found


async def recording(
    session: AsyncSession, event_id: int, start: datetime
) -> SessionRecording | None:
    statement = select(SessionRecording).where(
        col(SessionRecording.event_id) == event_id,
        col(SessionRecording.session_start) == start,
    )
    return (await session.execute(statement)).scalars().first()


async def save_recording(
    session: AsyncSession,
    event_id: int,
    start: datetime,
    url: str,
    resource_id: int | None,
    by: str,
    now: datetime,
) -> tuple[SessionRecording, bool]:
    """Add the session's recording or change its link; True when it is new."""
    row = await recording(session, event_id, start)
    fresh = row is None
    if row is None:
        row = SessionRecording(
            event_id=event_id,
            session_start=start,
            url=url,
            added_by=by,
            added_at=now,
            updated_at=now,
        )
    row.url = url
    row.resource_id = resource_id
    row.updated_at = now
    session.add(row)
    await session.flush()
    return row, fresh
