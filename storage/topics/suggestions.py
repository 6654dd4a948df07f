"""Suggestions: adding, reading, listing them with their vote counts.

Votes are counted from their rows (never a stored counter), and every change that reads
then writes a suggestion's votes first locks its row, so concurrent presses cannot
double-count: SQLite serialises writers with BEGIN IMMEDIATE, PostgreSQL with FOR UPDATE.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, bindparam, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.dialect import is_postgres
from storage.models.topics import (
    PLANNED,
    VOTABLE,
    Suggestion,
    Vote,
)


async def lock_author(session: AsyncSession, author_key: str) -> None:
    """Serialise one member's suggestions so the daily limit holds under concurrency."""
    if is_postgres(session):
        lock_id = zlib.crc32(f"topics:{author_key}".encode())
        await session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})


async def count_since(session: AsyncSession, author_key: str, since: datetime) -> int:
    statement = select(func.count()).where(
        col(Suggestion.author_key) == author_key, col(Suggestion.created_at) > since
    )
    return int((await session.execute(statement)).scalar_one())


async def add(session: AsyncSession, suggestion: Suggestion) -> Suggestion:
    session.add(suggestion)
    await session.flush()
    return suggestion


async def get(
    session: AsyncSession, suggestion_id: int, *, lock: bool = False
) -> Suggestion | None:
    statement = select(Suggestion).where(col(Suggestion.id) == suggestion_id)
    if lock and is_postgres(session):
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def is_empty(session: AsyncSession) -> bool:
    count = (await session.execute(select(func.count()).select_from(Suggestion))).scalar_one()
    return int(count) == 0


async def alive_titles(session: AsyncSession) -> list[tuple[int, str]]:
    """Id and title of every suggestion people can still vote for (duplicate checks)."""
    statement = select(col(Suggestion.id), col(Suggestion.title)).where(
        col(Suggestion.status).in_(VOTABLE)
    )
    return [(int(i or 0), str(t)) for i, t in (await session.execute(statement)).all()]


def _votes_subquery() -> Any:
    return (
        select(col(Vote.suggestion_id), func.count().label("votes"))
        .group_by(col(Vote.suggestion_id))
        .subquery()
    )


async def page(
    session: AsyncSession,
    *,
    statuses: Sequence[str],
    newest: bool,
    offset: int,
    limit: int,
) -> tuple[list[tuple[Suggestion, int]], int]:
    """One page of suggestions with their vote counts, and how many there are in all."""
    listing, total = _page_statements(tuple(statuses), newest)
    params = {"offset": offset, "limit": limit}
    rows = [(s, int(n)) for s, n in (await session.execute(listing, params)).all()]
    return rows, int((await session.execute(total)).scalar_one())


@lru_cache(maxsize=16)
def _page_statements(statuses: tuple[str, ...], newest: bool) -> tuple[Any, Any]:
    """A page's statements, built once for each order and set of statuses: /topics and
    /journey list a page for every member, and building them cost more than running them
    (issue 28). Offset and limit are bound at run time."""
    votes = _votes_subquery()
    count = func.coalesce(votes.c.votes, 0)
    where = col(Suggestion.status).in_(statuses)
    order = (
        [col(Suggestion.created_at).desc(), col(Suggestion.id).desc()]
        if newest
        else [count.desc(), col(Suggestion.created_at).desc(), col(Suggestion.id).desc()]
    )
    listing = (
        select(Suggestion, count)
        .outerjoin(votes, votes.c.suggestion_id == col(Suggestion.id))
        .where(where)
        .order_by(*order)
        .offset(bindparam("offset", type_=Integer))
        .limit(bindparam("limit", type_=Integer))
    )
    return listing, select(func.count()).where(where)


async def by_author(
    session: AsyncSession, author_key: str, limit: int
) -> list[tuple[Suggestion, int]]:
    votes = _votes_subquery()
    count = func.coalesce(votes.c.votes, 0)
    statement = (
        select(Suggestion, count)
        .outerjoin(votes, votes.c.suggestion_id == col(Suggestion.id))
        .where(col(Suggestion.author_key) == author_key)
        .order_by(col(Suggestion.created_at).desc(), col(Suggestion.id).desc())
        .limit(limit)
    )
    return [(s, int(n)) for s, n in (await session.execute(statement)).all()]


async def voted_by(
    session: AsyncSession, voter_key: str, limit: int
) -> list[tuple[Suggestion, int]]:
    votes = _votes_subquery()
    count = func.coalesce(votes.c.votes, 0)
    mine = select(col(Vote.suggestion_id)).where(col(Vote.voter_key) == voter_key)
    statement = (
        select(Suggestion, count)
        .outerjoin(votes, votes.c.suggestion_id == col(Suggestion.id))
        .where(col(Suggestion.id).in_(mine))
        .order_by(col(Suggestion.updated_at).desc(), col(Suggestion.id).desc())
        .limit(limit)
    )
    return [(s, int(n)) for s, n in (await session.execute(statement)).all()]


async def top_alive(
    session: AsyncSession, limit: int, statuses: Sequence[str]
) -> list[tuple[Suggestion, int]]:
    rows, _ = await page(session, statuses=statuses, newest=False, offset=0, limit=limit)
    return rows


async def everything(session: AsyncSession) -> list[tuple[Suggestion, int]]:
    """Every suggestion with its votes, oldest first (exports)."""
    votes = _votes_subquery()
    count = func.coalesce(votes.c.votes, 0)
    statement = (
        select(Suggestion, count)
        .outerjoin(votes, votes.c.suggestion_id == col(Suggestion.id))
        .order_by(col(Suggestion.id))
    )
    return [(s, int(n)) for s, n in (await session.execute(statement)).all()]


async def planned_for_event(session: AsyncSession, event_id: int) -> list[Suggestion]:
    """Suggestions planned for this event (by its number), oldest first."""
    statement = (
        select(Suggestion)
        .where(
            col(Suggestion.status) == PLANNED,
            col(Suggestion.link_kind) == "event",
            col(Suggestion.link_ref) == str(event_id),
        )
        .order_by(col(Suggestion.id))
    )
    return list((await session.execute(statement)).scalars().all())
