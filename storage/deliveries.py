"""Queries on the delivery queue: enqueue once, claim atomically, finish under the claim."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.dialect import insert, is_postgres
from storage.models.deliveries import (
    CANCELLED,
    CLAIMED,
    FAILED,
    PENDING,
    SENT,
    SKIPPED,
    Delivery,
)


async def enqueue(
    session: AsyncSession,
    *,
    key: str,
    kind: str,
    platform: str,
    target_type: str,
    target_id: str,
    due_at: datetime,
    now: datetime,
    thread_id: str | None = None,
    ref: str = "",
    payload: str = "",
    expires_at: datetime | None = None,
) -> bool:
    """Queue a delivery unless one with `key` exists; True if this call added it."""
    values = dict(
        key=key[:200],
        kind=kind,
        ref=ref,
        payload=payload,
        platform=platform,
        target_type=target_type,
        target_id=target_id,
        thread_id=thread_id,
        due_at=due_at,
        expires_at=expires_at,
        status=PENDING,
        attempts=0,
        late=False,
        created_at=now,
    )
    statement = (
        insert(session)(Delivery).values(**values).on_conflict_do_nothing(index_elements=["key"])
    )
    result = await session.execute(statement.returning(col(Delivery.id)))
    return result.first() is not None


async def claim_due(
    session: AsyncSession,
    *,
    worker: str,
    now: datetime,
    lease: timedelta,
    limit: int,
    platforms: Sequence[str] | None = None,
) -> Sequence[Delivery]:
    """Take up to `limit` due rows (or rows whose lease ran out) for `worker`, atomically.

    With `platforms`, only rows this worker can post: in a deployment where one process
    holds the Discord gateway and others serve Slack, each claims only its own.
    """
    due = or_(
        and_(col(Delivery.status) == PENDING, col(Delivery.due_at) <= now),
        and_(col(Delivery.status) == CLAIMED, col(Delivery.claim_expires_at) < now),
    )
    if platforms is not None:
        due = and_(due, col(Delivery.platform).in_(platforms))
    candidates = select(col(Delivery.id)).where(due).order_by(col(Delivery.due_at)).limit(limit)
    if is_postgres(session):
        candidates = candidates.with_for_update(skip_locked=True)
    statement = (
        update(Delivery)
        .where(col(Delivery.id).in_(candidates.scalar_subquery()))
        .values(
            status=CLAIMED,
            claimed_by=worker,
            claim_expires_at=now + lease,
            attempts=col(Delivery.attempts) + 1,
        )
        .returning(Delivery)
        .execution_options(synchronize_session=False)
    )
    rows = (await session.execute(statement)).scalars().all()
    return sorted(rows, key=lambda row: row.due_at)


async def finish(
    session: AsyncSession,
    delivery_id: int,
    *,
    worker: str,
    status: str,
    now: datetime,
    error: str | None = None,
    external_id: str | None = None,
    late: bool = False,
    retry_at: datetime | None = None,
    refund_attempt: bool = False,
) -> bool:
    """Record the outcome while still holding the claim; False if the claim was lost."""
    values: dict[str, object] = {
        "status": status,
        "last_error": error and error[:500],
        "late": late,
        "claimed_by": None,
        "claim_expires_at": None,
    }
    if status == SENT:
        values.update(sent_at=now, external_id=external_id)
    if retry_at is not None:
        values.update(status=PENDING, due_at=retry_at)
    if refund_attempt:
        values["attempts"] = col(Delivery.attempts) - 1
    statement = (
        update(Delivery)
        .where(
            col(Delivery.id) == delivery_id,
            col(Delivery.claimed_by) == worker,
            col(Delivery.status) == CLAIMED,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(statement)
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def cancel_pending(session: AsyncSession, *, ref: str, kind: str | None = None) -> int:
    """Withdraw every pending delivery for `ref` (e.g. an event that was cancelled)."""
    statement = update(Delivery).where(col(Delivery.ref) == ref, col(Delivery.status) == PENDING)
    if kind is not None:
        statement = statement.where(col(Delivery.kind) == kind)
    result = await session.execute(
        statement.values(status=CANCELLED).execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def counts_by_status(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(
        select(col(Delivery.status), func.count()).group_by(col(Delivery.status))
    )
    return {str(row[0]): int(row[1]) for row in rows}


async def failed(session: AsyncSession, limit: int = 20) -> Sequence[Delivery]:
    statement = (
        select(Delivery)
        .where(col(Delivery.status) == FAILED)
        .order_by(col(Delivery.due_at).desc())
        .limit(limit)
    )
    return (await session.execute(statement)).scalars().all()


async def next_due(
    session: AsyncSession, platforms: Sequence[str] | None = None
) -> datetime | None:
    statement = select(func.min(col(Delivery.due_at))).where(col(Delivery.status) == PENDING)
    if platforms is not None:
        statement = statement.where(col(Delivery.platform).in_(platforms))
    return (await session.execute(statement)).scalar_one_or_none()


async def get(session: AsyncSession, delivery_id: int) -> Delivery | None:
    return await session.get(Delivery, delivery_id)


__all__ = [
    "CANCELLED",
    "CLAIMED",
    "FAILED",
    "PENDING",
    "SENT",
    "SKIPPED",
    "cancel_pending",
    "claim_due",
    "counts_by_status",
    "enqueue",
    "failed",
    "finish",
    "get",
    "next_due",
]
