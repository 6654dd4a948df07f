"""Periodic clean-up, run by one process at a time (a PostgreSQL advisory lock)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.deliveries import CANCELLED, SENT, SKIPPED, Delivery

HOUSEKEEPING_LOCK = 0x636F6C6C6162  # "collab" as a number: one advisory lock id for the app


async def try_lock(session: AsyncSession, key: int = HOUSEKEEPING_LOCK) -> bool:
    """Take the transaction-scoped advisory lock; False if another process holds it.

    SQLite needs none: the write transaction (BEGIN IMMEDIATE) already runs alone.
    """
    if session.get_bind().dialect.name != "postgresql":
        return True
    result = await session.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": key})
    return bool(result.scalar_one())


async def purge_finished_deliveries(session: AsyncSession, *, before: datetime) -> int:
    """Forget deliveries that were sent, skipped or cancelled before `before`."""
    statement = delete(Delivery).where(
        col(Delivery.status).in_((SENT, SKIPPED, CANCELLED)), col(Delivery.due_at) < before
    )
    result = await session.execute(statement.execution_options(synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]
