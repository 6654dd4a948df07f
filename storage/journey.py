"""Queries of the journey feature: its prompt posts in the queue, replies, skips, opt-outs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.dialect import insert
from storage.models.deliveries import PENDING, SENT, Delivery
from storage.models.journey import JourneyPost, JourneyReply, JourneySkip


async def deliveries_by_key(session: AsyncSession, keys: Iterable[str]) -> dict[str, Delivery]:
    wanted = list(keys)
    if not wanted:
        return {}
    rows = await session.execute(select(Delivery).where(col(Delivery.key).in_(wanted)))
    return {row.key: row for row in rows.scalars()}


async def deliveries_for_ref(session: AsyncSession, ref: str, kind: str) -> Sequence[Delivery]:
    statement = select(Delivery).where(col(Delivery.ref) == ref, col(Delivery.kind) == kind)
    return (await session.execute(statement)).scalars().all()


async def move_pending(
    session: AsyncSession,
    key: str,
    *,
    due_at: datetime,
    expires_at: datetime,
    only_after: datetime | None = None,
) -> bool:
    """Give a still-pending delivery a new due time (and window); False if it is not pending.

    `only_after` leaves rows alone that are already due, e.g. one an organizer pulled forward.
    """
    statement = update(Delivery).where(col(Delivery.key) == key, col(Delivery.status) == PENDING)
    if only_after is not None:
        statement = statement.where(col(Delivery.due_at) > only_after)
    result = await session.execute(
        statement.values(due_at=due_at, expires_at=expires_at).execution_options(
            synchronize_session=False
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def sent_post_for_thread(
    session: AsyncSession, *, kind: str, platform: str, thread_id: str, channel_id: str
) -> Delivery | None:
    """The sent post of `kind` whose message started thread `thread_id` on `platform`."""
    statement = select(Delivery).where(
        col(Delivery.kind) == kind,
        col(Delivery.status) == SENT,
        col(Delivery.platform) == platform,
        col(Delivery.external_id) == thread_id,
    )
    rows = (await session.execute(statement)).scalars().all()
    # Slack timestamps are unique per channel only: prefer the post in this channel.
    return next((r for r in rows if r.target_id == channel_id), rows[0] if rows else None)


async def unrecorded_posts(session: AsyncSession, kind: str) -> Sequence[Delivery]:
    """Sent deliveries of `kind` that have no journey_posts row yet."""
    recorded = exists().where(col(JourneyPost.key) == col(Delivery.key))
    statement = select(Delivery).where(
        col(Delivery.kind) == kind, col(Delivery.status) == SENT, ~recorded
    )
    return (await session.execute(statement)).scalars().all()


async def record_post(session: AsyncSession, post: JourneyPost) -> None:
    statement = (
        insert(session)(JourneyPost)
        .values(**post.model_dump(exclude={"id"}))
        .on_conflict_do_nothing(index_elements=["key"])
    )
    await session.execute(statement)


async def posted_keys(session: AsyncSession, keys: Iterable[str]) -> set[str]:
    wanted = list(keys)
    if not wanted:
        return set()
    statement = select(col(JourneyPost.key)).where(col(JourneyPost.key).in_(wanted))
    return set((await session.execute(statement)).scalars())


async def post_for_thread(
    session: AsyncSession, *, platform: str, thread_id: str, channel_id: str
) -> JourneyPost | None:
    """The recorded post whose message started thread `thread_id` on `platform`."""
    statement = select(JourneyPost).where(
        col(JourneyPost.platform) == platform, col(JourneyPost.external_id) == thread_id
    )
    rows = (await session.execute(statement)).scalars().all()
    # Slack timestamps are unique per channel only: prefer the post in this channel.
    return next((r for r in rows if r.channel_id == channel_id), rows[0] if rows else None)


async def latest_posted_quarter(session: AsyncSession) -> str | None:
    """The quarter of the most recent journey post that went out, if any."""
    statement = (
        select(col(JourneyPost.quarter))
        .order_by(col(JourneyPost.posted_at).desc(), col(JourneyPost.id).desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def skipped(session: AsyncSession) -> set[tuple[str, str]]:
    rows = await session.execute(select(col(JourneySkip.quarter), col(JourneySkip.prompt_id)))
    return {(quarter, prompt) for quarter, prompt in rows.all()}


async def add_skip(
    session: AsyncSession, *, quarter: str, prompt_id: str, by: str, now: datetime
) -> bool:
    statement = (
        insert(session)(JourneySkip)
        .values(quarter=quarter, prompt_id=prompt_id, skipped_by=by, skipped_at=now)
        .on_conflict_do_nothing(index_elements=["quarter", "prompt_id"])
        .returning(col(JourneySkip.id))
    )
    return (await session.execute(statement)).first() is not None


async def add_reply(session: AsyncSession, reply: JourneyReply) -> bool:
    """Keep a reply once per (platform, message id); True if it was new."""
    values = reply.model_dump(exclude={"id"})
    statement = (
        insert(session)(JourneyReply)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["platform", "message_id"])
        .returning(col(JourneyReply.id))
    )
    return (await session.execute(statement)).first() is not None


async def forget_replies_of(session: AsyncSession, author_keys: Sequence[str]) -> int:
    """Delete the replies kept under any of `author_keys`; returns how many."""
    deleted = 0
    for key in author_keys:
        deleted += await forget_replies(session, key)
    return deleted


async def forget_replies(session: AsyncSession, author_key: str) -> int:
    result = await session.execute(
        delete(JourneyReply).where(col(JourneyReply.author_key) == author_key)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def reply_counts(session: AsyncSession, quarter: str) -> list[tuple[str, str, int]]:
    """(prompt id, platform, replies) for one quarter."""
    statement = (
        select(col(JourneyReply.prompt_id), col(JourneyReply.platform), func.count())
        .where(col(JourneyReply.quarter) == quarter)
        .group_by(col(JourneyReply.prompt_id), col(JourneyReply.platform))
    )
    return [(p, pl, int(n)) for p, pl, n in (await session.execute(statement)).all()]


async def participants(session: AsyncSession, quarter: str) -> list[tuple[str, str, int]]:
    """(author key, display name, replies) for one quarter, the most active first."""
    statement = (
        select(col(JourneyReply.author_key), func.max(col(JourneyReply.author_name)), func.count())
        .where(col(JourneyReply.quarter) == quarter)
        .group_by(col(JourneyReply.author_key))
        .order_by(func.count().desc(), col(JourneyReply.author_key))
    )
    return [(k, name or "", int(n)) for k, name, n in (await session.execute(statement)).all()]


async def replies(
    session: AsyncSession, *, quarter: str | None = None, newest_first: bool = False, limit: int = 0
) -> Sequence[JourneyReply]:
    statement = select(JourneyReply)
    if quarter:
        statement = statement.where(col(JourneyReply.quarter) == quarter)
    when, row = col(JourneyReply.replied_at), col(JourneyReply.id)
    statement = statement.order_by(*((when.desc(), row.desc()) if newest_first else (when, row)))
    if limit:
        statement = statement.limit(limit)
    return (await session.execute(statement)).scalars().all()
