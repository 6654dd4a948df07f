"""Library items added in a window of time (a member digest's "new in the library")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.resources import Resource


async def added_between(
    session: AsyncSession, since: datetime, until: datetime, limit: int
) -> list[Resource]:
    """Items added in (since, until], newest first (read off the added_at index)."""
    statement = (
        select(Resource)
        .where(col(Resource.added_at) > since, col(Resource.added_at) <= until)
        .order_by(col(Resource.added_at).desc(), col(Resource.id).desc())
        .limit(limit)
    )
    return list((await session.execute(statement)).scalars())
