"""Which suggestions one member wrote, for redrawing their posts after /privacy forgets them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.topics import Suggestion


async def authored_ids(session: AsyncSession, keys: Sequence[str]) -> list[int]:
    """The numbers of every suggestion these member keys wrote, oldest first."""
    statement = (
        select(col(Suggestion.id))
        .where(col(Suggestion.author_key).in_(list(keys)))
        .order_by(col(Suggestion.id))
    )
    return [int(sid or 0) for sid in (await session.execute(statement)).scalars()]
