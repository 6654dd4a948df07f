"""Queries of organizer insights: count what happened, never keep who did it."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.dialect import insert
from storage.models.deliveries import Delivery
from storage.models.events import SCHEDULED, Event, ReminderSubscription
from storage.models.insights import InsightSalt, MemberActivity, MonthlyMembers, SearchCount
from storage.models.journey import JourneyReply
from storage.models.topics import StatusChange, Suggestion
from storage.refs import Prefix


async def salt(session: AsyncSession) -> str:
    """This deployment's random salt for the search sketch, made on first use."""
    found = (await session.execute(select(col(InsightSalt.salt)).limit(1))).scalar_one_or_none()
    if found is not None:
        return str(found)
    value = secrets.token_hex(16)
    await session.execute(
        insert(session)(InsightSalt).values(id=1, salt=value).on_conflict_do_nothing()
    )
    row = (await session.execute(select(col(InsightSalt.salt)).limit(1))).scalar_one()
    return str(row)


class SearchRow(NamedTuple):
    """Searches of `words` in `week` to add; `bits` are the searchers' bits in the sketch."""

    week: str
    words: str
    searches: int
    empty: int
    bits: int


async def count_searches(session: AsyncSession, rows: Sequence[SearchRow]) -> None:
    """Add a batch of search counts, one upsert for all of them."""
    if not rows:
        return
    statement = insert(session)(SearchCount)
    excluded = statement.excluded
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["week", "words"],
            set_={
                "searches": SearchCount.searches + excluded.searches,
                "empty": SearchCount.empty + excluded.empty,
                "member_bits": col(SearchCount.member_bits).op("|")(excluded.member_bits),
            },
        ),
        [
            {
                "week": r.week,
                "words": r.words,
                "searches": r.searches,
                "empty": r.empty,
                "member_bits": r.bits,
            }
            for r in rows
        ],
    )


async def searches_since(session: AsyncSession, first_week: str) -> list[SearchCount]:
    statement = select(SearchCount).where(col(SearchCount.week) >= first_week)
    return list((await session.execute(statement)).scalars())


async def note_active(
    session: AsyncSession, *, platform: str, user_id: str, month: str, now: datetime
) -> bool:
    """Count a member once in `month`; True when this was their first act of the month."""
    moved = await session.execute(
        update(MemberActivity)
        .where(
            (col(MemberActivity.platform) == platform)
            & (col(MemberActivity.user_id) == user_id)
            & (col(MemberActivity.last_month) != month)
        )
        .values(last_month=month)
        .returning(col(MemberActivity.id))
    )
    counted = moved.first() is not None
    if not counted:
        added = await session.execute(
            insert(session)(MemberActivity)
            .values(platform=platform, user_id=user_id, last_month=month, first_seen_at=now)
            .on_conflict_do_nothing(index_elements=["platform", "user_id"])
            .returning(col(MemberActivity.id))
        )
        counted = added.first() is not None
    if counted:
        statement = insert(session)(MonthlyMembers).values(
            month=month, platform=platform, members=1
        )
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["month", "platform"],
                set_={"members": MonthlyMembers.members + 1},
            )
        )
    return counted


async def members_met(session: AsyncSession) -> dict[str, int]:
    statement = select(col(MemberActivity.platform), func.count()).group_by(
        col(MemberActivity.platform)
    )
    return {str(p): int(n) for p, n in (await session.execute(statement)).all()}


async def monthly_members(session: AsyncSession, first_month: str) -> list[tuple[str, str, int]]:
    statement = (
        select(col(MonthlyMembers.month), col(MonthlyMembers.platform), col(MonthlyMembers.members))
        .where(col(MonthlyMembers.month) >= first_month)
        .order_by(col(MonthlyMembers.month), col(MonthlyMembers.platform))
    )
    return [(str(m), str(p), int(n)) for m, p, n in (await session.execute(statement)).all()]


async def suggestion_statuses(session: AsyncSession) -> dict[str, int]:
    statement = select(col(Suggestion.status), func.count()).group_by(col(Suggestion.status))
    return {str(s): int(n) for s, n in (await session.execute(statement)).all()}


async def first_decisions(
    session: AsyncSession, statuses: Sequence[str]
) -> list[tuple[datetime, datetime]]:
    """(suggested at, first decided at) of every suggestion an organizer decided."""
    first = (
        select(
            col(StatusChange.suggestion_id).label("sid"),
            func.min(col(StatusChange.created_at)).label("decided"),
        )
        .where(col(StatusChange.status).in_(statuses))
        .group_by(col(StatusChange.suggestion_id))
        .subquery()
    )
    statement = select(col(Suggestion.created_at), first.c.decided).join(
        first, first.c.sid == col(Suggestion.id)
    )
    rows = (await session.execute(statement)).all()
    return [(created, _aware(decided, created)) for created, decided in rows]


def _aware(value: datetime | str, like: datetime) -> datetime:
    """min() over a UTC column comes back untyped on SQLite: read it as the column would."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=like.tzinfo)
    return value


async def delivery_counts(
    session: AsyncSession,
    *,
    kind: str,
    key_prefix: Prefix | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[tuple[str, bool], int]:
    """(status, late) -> count of deliveries of `kind`, optionally due within [since, until)."""
    statement = (
        select(col(Delivery.status), col(Delivery.late), func.count())
        .where(col(Delivery.kind) == kind)
        .group_by(col(Delivery.status), col(Delivery.late))
    )
    if key_prefix:
        statement = statement.where(col(Delivery.key).startswith(key_prefix, autoescape=True))
    if since is not None:
        statement = statement.where(col(Delivery.due_at) >= since)
    if until is not None:
        statement = statement.where(col(Delivery.due_at) < until)
    rows = (await session.execute(statement)).all()
    return {(str(s), bool(late)): int(n) for s, late, n in rows}


async def reminder_counts(session: AsyncSession, now: datetime) -> list[tuple[Event, str, int]]:
    """(event, platform, members who pressed Remind me) for upcoming or recurring events."""
    statement = (
        select(Event, col(ReminderSubscription.platform), func.count())
        .join(ReminderSubscription, col(ReminderSubscription.event_id) == col(Event.id))
        .where(
            (col(Event.status) == SCHEDULED)
            & (col(Event.draft_of).is_(None))
            & ((col(Event.ends_at) >= now) | (col(Event.rrule) != ""))
        )
        .group_by(col(Event.id), col(ReminderSubscription.platform))
        .order_by(col(Event.starts_at), col(ReminderSubscription.platform))
    )
    return [(e, str(p), int(n)) for e, p, n in (await session.execute(statement)).all()]


async def journey_replies(session: AsyncSession) -> list[tuple[str, str, int, int]]:
    """(quarter, prompt id, replies, distinct participants), oldest quarter first."""
    statement = (
        select(
            col(JourneyReply.quarter),
            col(JourneyReply.prompt_id),
            func.count(),
            func.count(func.distinct(col(JourneyReply.author_key))),
        )
        .group_by(col(JourneyReply.quarter), col(JourneyReply.prompt_id))
        .order_by(col(JourneyReply.quarter), col(JourneyReply.prompt_id))
    )
    rows = (await session.execute(statement)).all()
    return [(str(q), str(p), int(n), int(d)) for q, p, n, d in rows]


async def journey_participants(session: AsyncSession) -> dict[str, int]:
    statement = select(
        col(JourneyReply.quarter), func.count(func.distinct(col(JourneyReply.author_key)))
    ).group_by(col(JourneyReply.quarter))
    return {str(q): int(n) for q, n in (await session.execute(statement)).all()}
