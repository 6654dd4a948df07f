"""Everything the bot keeps about one member, counted and deleted in one place."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import SQLModel, col

from storage.models.deliveries import Delivery
from storage.models.events import ReminderSubscription
from storage.models.insights import MemberActivity
from storage.models.journey import JourneyReply
from storage.models.members import Member
from storage.models.topics import Draft, Follow, StatusChange, Suggestion, Vote

Kept = dict[str, tuple[type[SQLModel], ColumnElement[bool]]]


def _kept(platform: str, user_id: str) -> Kept:
    """What is kept: label -> (table, which rows), one entry per kind of data."""
    key = f"{platform}:{user_id}"
    return {
        "your time zone and settings": (
            Member,
            (col(Member.platform) == platform) & (col(Member.user_id) == user_id),
        ),
        "reminders you asked for": (
            ReminderSubscription,
            (col(ReminderSubscription.platform) == platform)
            & (col(ReminderSubscription.user_id) == user_id),
        ),
        "messages queued for or sent to you": (
            Delivery,
            (col(Delivery.platform) == platform)
            & (col(Delivery.target_type) == "dm")
            & (col(Delivery.target_id) == user_id),
        ),
        "topics you suggested": (Suggestion, col(Suggestion.author_key) == key),
        "unposted suggestion drafts": (Draft, col(Draft.author_key) == key),
        "votes": (Vote, col(Vote.voter_key) == key),
        "topics you follow or unfollowed": (Follow, col(Follow.member_key) == key),
        "journey replies": (JourneyReply, col(JourneyReply.author_key) == key),
        "the month you last used the bot (for monthly counts)": (
            MemberActivity,
            (col(MemberActivity.platform) == platform) & (col(MemberActivity.user_id) == user_id),
        ),
    }


async def summary(session: AsyncSession, platform: str, user_id: str) -> dict[str, int]:
    counts = {}
    for label, (model, where) in _kept(platform, user_id).items():
        statement = select(func.count()).select_from(model).where(where)
        counts[label] = int((await session.execute(statement)).scalar_one())
    return counts


async def timezone_and_optout(
    session: AsyncSession, platform: str, user_id: str
) -> tuple[str | None, bool]:
    row = (
        (
            await session.execute(
                select(Member).where(
                    col(Member.platform) == platform, col(Member.user_id) == user_id
                )
            )
        )
        .scalars()
        .first()
    )
    return (row.timezone, row.journey_optout) if row else (None, False)


async def forget(
    session: AsyncSession, platform: str, user_id: str, now: datetime
) -> dict[str, int]:
    """Delete all of it. A journey opt-out is kept (as a bare 'do not record' marker) so that
    forgetting someone never starts recording them again."""
    _, opted_out = await timezone_and_optout(session, platform, user_id)
    key = f"{platform}:{user_id}"
    mine = select(col(Suggestion.id)).where(col(Suggestion.author_key) == key).scalar_subquery()
    # Suggestions merged into one of theirs stop pointing at it before it goes.
    await session.execute(
        update(Suggestion)
        .where(col(Suggestion.merged_into_id).in_(mine))
        .values(merged_into_id=None)
    )
    for linked in (Vote, Follow, StatusChange):
        await session.execute(delete(linked).where(col(linked.suggestion_id).in_(mine)))
    deleted = {}
    for label, (table, where) in _kept(platform, user_id).items():
        result = await session.execute(
            delete(table).where(where).execution_options(synchronize_session=False)
        )
        deleted[label] = int(result.rowcount)  # type: ignore[attr-defined]
    if opted_out:
        session.add(Member(platform=platform, user_id=user_id, journey_optout=True, created_at=now))
    return deleted
