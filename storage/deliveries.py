"""Queries on the delivery queue: enqueue once, claim atomically, finish under the claim.

"Now" is the database's clock unless a caller pins it (`now=`, a fake clock in tests):
processes on different machines may disagree by minutes, the database is one clock.
A claim carries a fresh token; renewing it and recording the outcome are compare-and-set
on that token, so a process whose claim was taken over can neither post nor record.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
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

SQLITE_NOW = text("strftime('%Y-%m-%d %H:%M:%f', 'now')")
POSTGRES_NOW = text("clock_timestamp()")


async def database_now(session: AsyncSession) -> datetime:
    """The database server's clock, aware UTC (SQLite: the clock of the machine it is on)."""
    if is_postgres(session):
        value = (await session.execute(select(POSTGRES_NOW))).scalar_one()
        return value.astimezone(UTC)  # type: ignore[no-any-return]
    raw = (await session.execute(select(SQLITE_NOW))).scalar_one()
    return datetime.fromisoformat(str(raw)).replace(tzinfo=UTC)


async def _now(session: AsyncSession, now: datetime | None) -> datetime:
    return now if now is not None else await database_now(session)


async def enqueue(
    session: AsyncSession,
    *,
    key: str,
    kind: str,
    platform: str,
    target_type: str,
    target_id: str,
    due_at: datetime | None,
    now: datetime | None = None,
    thread_id: str | None = None,
    ref: str = "",
    payload: str = "",
    expires_at: datetime | None = None,
) -> bool:
    """Queue a delivery unless one with `key` exists; True if this call added it.

    `due_at=None` means "as soon as possible": due at the earlier of `now` and the
    database's clock, so a process whose clock runs fast cannot hold it back.
    """
    if due_at is None or now is None:
        database = await database_now(session)
        now = now or database
        due_at = due_at or min(now, database)
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
    lease: timedelta,
    limit: int,
    now: datetime | None = None,
    platforms: Sequence[str] | None = None,
) -> Sequence[Delivery]:
    """Take up to `limit` due rows (or rows whose lease ran out) for `worker`, atomically.

    Each claim gets a new `claim_token`, and counts as the start of an attempt: a worker
    claims only what it posts right away. `attempt_at` becomes the claim's "now"
    (`claim_expires_at - lease`) unless an earlier attempt's outcome is still unknown, in
    which case it keeps that earlier time (the worker checks the platform before posting
    those again). With `platforms`, only rows this worker can post: in a deployment where
    one process holds the Discord gateway and others serve Slack, each claims only its own.
    """
    now = await _now(session, now)
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
            claimed_by=worker[:100],
            claim_token=uuid.uuid4().hex,
            claim_expires_at=now + lease,
            attempt_at=func.coalesce(col(Delivery.attempt_at), now),
            attempts=col(Delivery.attempts) + 1,
        )
        .returning(Delivery)
        .execution_options(synchronize_session=False)
    )
    rows = (await session.execute(statement)).scalars().all()
    return sorted(rows, key=lambda row: row.due_at)


def _held(ids: Collection[int], tokens: Collection[str]) -> tuple[ColumnElement[bool], ...]:
    """Rows still claimed under their token: the compare-and-set every claim holder uses."""
    return (
        col(Delivery.id).in_(ids),
        col(Delivery.claim_token).in_(tokens),
        col(Delivery.status) == CLAIMED,
    )


async def renew(
    session: AsyncSession,
    delivery_id: int,
    *,
    token: str,
    lease: timedelta,
    now: datetime | None = None,
) -> datetime | None:
    """Extend the lease if `token` still holds the claim; the "now" it used, or None if lost."""
    now = await _now(session, now)
    statement = (
        update(Delivery)
        .where(*_held([delivery_id], [token]))
        .values(claim_expires_at=now + lease)
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(statement)
    return now if result.rowcount else None  # type: ignore[attr-defined]


async def renew_many(
    session: AsyncSession,
    claims: Mapping[int, str],
    *,
    lease: timedelta,
    now: datetime | None = None,
) -> set[int]:
    """Extend every lease in `claims` (row id -> token) still held; the ids renewed.

    One statement for all of a worker's posts under way, however many there are.
    """
    if not claims:
        return set()
    now = await _now(session, now)
    statement = (
        update(Delivery)
        .where(*_held(list(claims), set(claims.values())))
        .values(claim_expires_at=now + lease)
        .returning(col(Delivery.id), col(Delivery.claim_token))
        .execution_options(synchronize_session=False)
    )
    rows = (await session.execute(statement)).all()
    return {row_id for row_id, token in rows if row_id is not None and claims.get(row_id) == token}


async def finish(
    session: AsyncSession,
    delivery_id: int,
    *,
    token: str,
    status: str,
    now: datetime | None = None,
    error: str | None = None,
    external_id: str | None = None,
    late: bool = False,
    retry_in: timedelta | None = None,
    refund_attempt: bool = False,
    outcome_unknown: bool = False,
) -> bool:
    """Record the outcome under the claim `token`; False if the claim was lost.

    `retry_in` puts the row back as pending, due that long after now. `outcome_unknown`
    keeps `attempt_at` (an earlier post may still have gone out); otherwise it is cleared.
    """
    now = await _now(session, now)
    values: dict[str, object] = {
        "status": status,
        "last_error": error and error[:500],
        "late": late,
        "claimed_by": None,
        "claim_token": None,
        "claim_expires_at": None,
    }
    if not outcome_unknown:
        values["attempt_at"] = None
    if status == SENT:
        values.update(sent_at=now, external_id=external_id and external_id[:100])
    if retry_in is not None:
        values.update(status=PENDING, due_at=now + retry_in)
    if refund_attempt:
        values["attempts"] = col(Delivery.attempts) - 1
    statement = (
        update(Delivery)
        .where(*_held([delivery_id], [token]))
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
    "database_now",
    "enqueue",
    "failed",
    "finish",
    "get",
    "next_due",
    "renew",
    "renew_many",
]
