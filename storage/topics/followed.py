"""Decisions a person hears of: on suggestions they made, voted for or follow, in a window."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.topics import APPLIED, Follow, StatusChange, Suggestion, Vote


async def decisions_for(
    session: AsyncSession, person_key: str, since: datetime, until: datetime, limit: int
) -> list[tuple[Suggestion, StatusChange]]:
    """Applied decisions made in (since, until] on suggestions `person_key` wrote, voted for
    or follows (an unfollow wins over both), newest first."""
    voted = exists().where(
        col(Vote.suggestion_id) == Suggestion.id, col(Vote.voter_key) == person_key
    )
    follows = exists().where(
        col(Follow.suggestion_id) == Suggestion.id,
        col(Follow.member_key) == person_key,
        col(Follow.active),
    )
    stopped = exists().where(
        col(Follow.suggestion_id) == Suggestion.id,
        col(Follow.member_key) == person_key,
        ~col(Follow.active),
    )
    statement = (
        select(Suggestion, StatusChange)
        .join(StatusChange, col(StatusChange.suggestion_id) == col(Suggestion.id))
        .where(
            col(StatusChange.state) == APPLIED,
            col(StatusChange.created_at) > since,
            col(StatusChange.created_at) <= until,
            and_(
                or_(col(Suggestion.author_key) == person_key, voted, follows),
                ~stopped,
            ),
        )
        .order_by(col(StatusChange.created_at).desc(), col(StatusChange.id).desc())
        .limit(limit)
    )
    return [(s, c) for s, c in (await session.execute(statement)).all()]
