"""Suggestion drafts: kept while the member decides whether to post a near-duplicate."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.topics import (
    Draft,
)


async def add_draft(session: AsyncSession, draft: Draft) -> Draft:
    session.add(draft)
    await session.flush()
    return draft


async def prune_drafts(session: AsyncSession, author_key: str, before: datetime) -> None:
    """Forget this member's drafts from before `before` (kept only while they decide)."""
    await session.execute(
        delete(Draft).where(col(Draft.author_key) == author_key, col(Draft.created_at) < before)
    )


async def take_draft(session: AsyncSession, draft_id: int, author_key: str) -> Draft | None:
    """The draft, marked used, if it is this member's and unused; a second press gets None."""
    statement = (
        update(Draft)
        .where(
            col(Draft.id) == draft_id,
            col(Draft.author_key) == author_key,
            col(Draft.used).is_(False),
        )
        .values(used=True)
        .returning(Draft)
        .execution_options(synchronize_session=False)
    )
    return (await session.execute(statement)).scalar_one_or_none()
