"""Queries of organizer insights: count what happened, never keep who did it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import case, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.dialect import insert
from storage.models.deliveries import Delivery
from storage.models.events import SCHEDULED, Event, ReminderSubscription
from storage.models.insights import MemberActivity, MonthlyMembers, SearchCount
from storage.models.journey import JourneyReply
from storage.models.people import MemberLink
from storage.models.topics import StatusChange, Suggestion
from storage.refs import Prefix


class SearchRow(NamedTuple):
    """Searches of `words` in `week` to add, by the person whose keyed hash is `who`."""

    week: str
    words: str
    who: str
    searches: int
    empty: int


async def count_searches(session: AsyncSession, rows: Sequence[SearchRow]) -> None:
    """Add a batch of search counts, one upsert for all of them."""
    if not rows:
        return
    statement = insert(session)(SearchCount)
    excluded = statement.excluded
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["week", "words", "who"],
            set_={
                "searches": SearchCount.searches + excluded.searches,
                "empty": SearchCount.empty + excluded.empty,
            },
        ),
        [r._asdict() for r in rows],
    )


class SearchTotal(NamedTuple):
    words: str
    searches: int
    empty: int
    people: int


async def search_totals(session: AsyncSession, first_week: str, before: str) -> list[SearchTotal]:
    """Per words, searches in weeks [first_week, before) and how many different people."""
    who = col(SearchCount.who)
    people = func.count(func.distinct(case((who != "", who))))
    statement = (
        select(
            col(SearchCount.words),
            func.sum(col(SearchCount.searches)),
            func.sum(col(SearchCount.empty)),
            people,
        )
        .where((col(SearchCount.week) >= first_week) & (col(SearchCount.week) < before))
        .group_by(col(SearchCount.words))
    )
    rows = (await session.execute(statement)).all()
    return [SearchTotal(str(w), int(n), int(e), int(p)) for w, n, e, p in rows]


async def searched_words(session: AsyncSession) -> list[str]:
    """Every kept search's words (for /privacy to work out which rows were a person's)."""
    statement = select(col(SearchCount.words)).where(col(SearchCount.who) != "").distinct()
    return [str(w) for w in (await session.execute(statement)).scalars()]


async def count_rows_of(session: AsyncSession, whos: Sequence[str]) -> int:
    """How many rows these keyed hashes have."""
    total = 0
    for start in range(0, len(whos), 500):
        chunk = whos[start : start + 500]
        statement = select(func.count()).where(col(SearchCount.who).in_(chunk))
        total += int((await session.execute(statement)).scalar_one())
    return total


async def forget_searches(session: AsyncSession, whos: Iterable[str]) -> int:
    """Delete the rows of these keyed hashes; returns how many went."""
    wanted = list(set(whos))
    deleted = 0
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        result = await session.execute(delete(SearchCount).where(col(SearchCount.who).in_(chunk)))
        deleted += result.rowcount or 0  # type: ignore[attr-defined]
    return deleted


async def people_of(session: AsyncSession, accounts: Iterable[str]) -> dict[str, str]:
    """The person key of each linked account key among `accounts` (unlinked ones are absent)."""
    wanted = {tuple(key.partition(":")[::2]) for key in accounts}
    found: dict[str, str] = {}
    for platform in {p for p, _ in wanted}:
        ids = [u for p, u in wanted if p == platform]
        statement = select(col(MemberLink.user_id), col(MemberLink.person_key)).where(
            (col(MemberLink.platform) == platform) & col(MemberLink.user_id).in_(ids)
        )
        for user_id, person in (await session.execute(statement)).all():
            found[f"{platform}:{user_id}"] = str(person)
    return found


class ActiveRow(NamedTuple):
    """A member's act in `month` to count (their first act of a month counts them)."""

    platform: str
    user_id: str
    month: str
    at: datetime


_ACTIVITY = MemberActivity.__table__  # type: ignore[attr-defined]


async def note_active(
    session: AsyncSession, *, platform: str, user_id: str, month: str, now: datetime
) -> bool:
    """Count a member once in `month`; True when this was their first act of the month."""
    return bool(await note_active_many(session, [ActiveRow(platform, user_id, month, now)]))


async def note_active_many(session: AsyncSession, rows: Sequence[ActiveRow]) -> int:
    """Count each member once in their row's month, in one transaction; how many counted.

    One statement for the whole batch: a member's row is made on their first act, or moved to
    a new month; RETURNING names just those, so a member already counted this month (by this
    process or another) is not counted again. Two statements a member, each a trip to the
    database, cost a crowd of new members more than their answers did (issue 28)."""
    first: dict[tuple[str, str], ActiveRow] = {}
    for row in rows:
        first.setdefault((row.platform, row.user_id), row)  # a row may change once a statement
    if not first:
        return 0
    statement = insert(session)(_ACTIVITY).values(
        [
            {"platform": r.platform, "user_id": r.user_id, "last_month": r.month,
             "first_seen_at": r.at}
            for r in first.values()
        ]
    )  # fmt: skip
    moved = _ACTIVITY.c.last_month != statement.excluded.last_month
    statement = statement.on_conflict_do_update(
        index_elements=["platform", "user_id"],
        set_={"last_month": statement.excluded.last_month},
        where=moved,
    ).returning(_ACTIVITY.c.platform, _ACTIVITY.c.last_month)
    counted = Counter((str(m), str(p)) for p, m in (await session.execute(statement)).all())
    for (month, platform), members in counted.items():
        statement = insert(session)(MonthlyMembers).values(
            month=month, platform=platform, members=members
        )
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["month", "platform"],
                set_={"members": MonthlyMembers.members + members},
            )
        )
    return sum(counted.values())


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
    """(event, platform, members who pressed Remind me) for upcoming or recurring events.

    An event nobody asked about yet still counts as upcoming: its one row has platform "".
    """
    statement = (
        select(
            Event,
            col(ReminderSubscription.platform),
            func.count(col(ReminderSubscription.id)),
        )
        .outerjoin(ReminderSubscription, col(ReminderSubscription.event_id) == col(Event.id))
        .where(
            (col(Event.status) == SCHEDULED)
            & ((col(Event.ends_at) >= now) | (col(Event.rrule) != ""))
        )
        .group_by(col(Event.id), col(ReminderSubscription.platform))
        .order_by(col(Event.starts_at), col(ReminderSubscription.platform))
    )
    return [(e, p or "", int(n)) for e, p, n in (await session.execute(statement)).all()]


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
