"""Queries of the personal journey: who is asked, their goal, items and outcome per quarter."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.dialect import insert
from storage.identity import Account
from storage.models.deliveries import FAILED, Delivery
from storage.models.insights import MemberActivity
from storage.models.journey_goals import OUTCOMES, JourneyGoal
from storage.models.members import Member
from storage.models.people import MemberLink
from storage.models.resources import Resource
from storage.models.sharing import Proposal, Save


async def taking_part(session: AsyncSession) -> list[Account]:
    """Home accounts of the people the bot knows (used it, or made a choice) who have not
    opted out of the journey, one per person, in a stable order."""
    seen = await session.execute(select(col(MemberActivity.platform), col(MemberActivity.user_id)))
    chosen = await session.execute(
        select(col(Member.platform), col(Member.user_id), col(Member.journey_optout))
    )
    links = await session.execute(
        select(col(MemberLink.platform), col(MemberLink.user_id), col(MemberLink.person_key))
    )
    person = {(p, u): key for p, u, key in links.all()}
    opted_out: set[str] = set()
    known: set[str] = set()
    for platform, user_id, out in chosen.all():
        key = person.get((platform, user_id), f"{platform}:{user_id}")
        known.add(key)
        if out:
            opted_out.add(key)
    for platform, user_id in seen.all():
        known.add(person.get((platform, user_id), f"{platform}:{user_id}"))
    return [Account.of(key) for key in sorted(known - opted_out)]


def _is(account: Account, quarter: str | None = None) -> list[object]:
    where: list[object] = [
        col(JourneyGoal.platform) == account.platform,
        col(JourneyGoal.user_id) == account.user_id,
    ]
    if quarter is not None:
        where.append(col(JourneyGoal.quarter) == quarter)
    return where


async def start(session: AsyncSession, account: Account, quarter: str, now: datetime) -> bool:
    """The person's row for `quarter`, made when they are asked; True if it is new."""
    statement = (
        insert(session)(JourneyGoal)
        .values(
            platform=account.platform,
            user_id=account.user_id,
            quarter=quarter,
            goal="",
            declined=False,
            items="",
            helped="",
            unreachable=False,
            asked_at=now,
        )
        .on_conflict_do_nothing(index_elements=["platform", "user_id", "quarter"])
        .returning(col(JourneyGoal.id))
    )
    return (await session.execute(statement)).first() is not None


async def get(session: AsyncSession, account: Account, quarter: str) -> JourneyGoal | None:
    statement = (
        select(JourneyGoal)
        .where(*_is(account, quarter))  # type: ignore[arg-type]
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalars().first()


async def change(session: AsyncSession, account: Account, quarter: str, **values: object) -> bool:
    """Set `values` on the person's row for `quarter`; False if they have none."""
    statement = (
        update(JourneyGoal)
        .where(*_is(account, quarter))  # type: ignore[arg-type]
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool((await session.execute(statement)).rowcount)  # type: ignore[attr-defined]


async def to_check(session: AsyncSession, quarter: str) -> Sequence[JourneyGoal]:
    """Rows of people to ask "Did you get there?": asked, not declined, reachable, not yet."""
    statement = select(JourneyGoal).where(
        col(JourneyGoal.quarter) == quarter,
        col(JourneyGoal.checked_at).is_(None),
        ~col(JourneyGoal.declined),
        ~col(JourneyGoal.unreachable),
    )
    return (await session.execute(statement)).scalars().all()


async def mark_checked(session: AsyncSession, row_id: int, now: datetime) -> bool:
    statement = (
        update(JourneyGoal)
        .where(col(JourneyGoal.id) == row_id, col(JourneyGoal.checked_at).is_(None))
        .values(checked_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool((await session.execute(statement)).rowcount)  # type: ignore[attr-defined]


async def unreachable_people(session: AsyncSession) -> set[str]:
    """People whose latest row says the platform refused their DM (not asked again)."""
    rows = await session.execute(
        select(
            col(JourneyGoal.platform),
            col(JourneyGoal.user_id),
            col(JourneyGoal.quarter),
            col(JourneyGoal.unreachable),
        ).order_by(col(JourneyGoal.quarter))
    )
    latest: dict[str, bool] = {}
    for platform, user_id, _quarter, unreachable in rows.all():
        latest[f"{platform}:{user_id}"] = bool(unreachable)
    return {key for key, refused in latest.items() if refused}


async def mark_unreachable(session: AsyncSession, account: Account, quarter: str) -> int:
    """The platform refused this person's DM of `quarter`: that row and their later rows not
    answered since are unreachable (their DMs are not sent, and are counted)."""
    statement = (
        update(JourneyGoal)
        .where(
            *_is(account),  # type: ignore[arg-type]
            col(JourneyGoal.quarter) >= quarter,
            col(JourneyGoal.answered_at).is_(None) | (col(JourneyGoal.quarter) == quarter),
        )
        .values(unreachable=True)
        .execution_options(synchronize_session=False)
    )
    return int((await session.execute(statement)).rowcount)  # type: ignore[attr-defined]


async def failed_dms(session: AsyncSession, kinds: Iterable[str]) -> Sequence[Delivery]:
    """The DMs of `kinds` that the platform refused for good."""
    statement = select(Delivery).where(
        col(Delivery.kind).in_(list(kinds)), col(Delivery.status) == FAILED
    )
    return (await session.execute(statement)).scalars().all()


@dataclass
class Figures:
    """One quarter's counts, and the "What helped most?" lines without names."""

    asked: int = 0
    goals: int = 0
    declined: int = 0
    unreachable: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    helped: list[str] = field(default_factory=list)


async def figures(session: AsyncSession, quarter: str) -> Figures:
    rows = (
        await session.execute(select(JourneyGoal).where(col(JourneyGoal.quarter) == quarter))
    ).scalars()
    out = Figures()
    for row in rows:
        out.asked += 1
        out.goals += bool(row.goal)
        out.declined += row.declined
        out.unreachable += row.unreachable
        if row.outcome in out.outcomes:
            out.outcomes[row.outcome] += 1
        if row.helped:
            out.helped.append(row.helped)
    # Sorted, so the order of the lines says nothing about who wrote which.
    out.helped.sort(key=str.casefold)
    return out


async def of_people(session: AsyncSession, accounts: Iterable[Account]) -> list[JourneyGoal]:
    found: list[JourneyGoal] = []
    for account in accounts:
        statement = select(JourneyGoal).where(*_is(account)).order_by(col(JourneyGoal.quarter))  # type: ignore[arg-type]
        found += (await session.execute(statement)).scalars().all()
    return found


async def forget(session: AsyncSession, accounts: Iterable[Account]) -> int:
    deleted = 0
    for account in accounts:
        result = await session.execute(delete(JourneyGoal).where(*_is(account)))  # type: ignore[arg-type]
        deleted += int(result.rowcount)  # type: ignore[attr-defined]
    return deleted


async def own_resource_ids(session: AsyncSession, member_key: str) -> set[int]:
    """Library items the member saved or proposed (never offered to them as new)."""
    saved = await session.execute(
        select(col(Save.resource_id)).where(col(Save.member_key) == member_key)
    )
    proposed = await session.execute(
        select(col(Proposal.resource_id)).where(
            col(Proposal.proposer_key) == member_key, col(Proposal.resource_id).is_not(None)
        )
    )
    return {int(i) for i in saved.scalars()} | {int(i) for i in proposed.scalars() if i}


async def saved_since(
    session: AsyncSession, member_key: str, since: datetime, limit: int = 10
) -> list[Resource]:
    statement = (
        select(Resource)
        .join(Save, col(Save.resource_id) == col(Resource.id))
        .where(col(Save.member_key) == member_key, col(Save.created_at) >= since)
        .order_by(col(Save.created_at).desc(), col(Save.id).desc())
        .limit(limit)
    )
    return list((await session.execute(statement)).scalars())


async def resources(session: AsyncSession, ids: Sequence[int]) -> list[Resource]:
    """The items with these ids that still exist, in the order given."""
    if not ids:
        return []
    rows = await session.execute(select(Resource).where(col(Resource.id).in_(list(ids))))
    by_id = {r.id: r for r in rows.scalars()}
    return [by_id[i] for i in ids if i in by_id]


async def asked(session: AsyncSession, quarter: str) -> Sequence[JourneyGoal]:
    """Every person's row of `quarter` (they were asked, or answered unasked)."""
    statement = select(JourneyGoal).where(col(JourneyGoal.quarter) == quarter)
    return (await session.execute(statement)).scalars().all()


async def refused_before(session: AsyncSession, account: Account, quarter: str) -> bool:
    """Whether the person's latest row before `quarter` says their DMs are refused."""
    statement = (
        select(col(JourneyGoal.unreachable))
        .where(*_is(account), col(JourneyGoal.quarter) < quarter)  # type: ignore[arg-type]
        .order_by(col(JourneyGoal.quarter).desc())
        .limit(1)
    )
    return bool((await session.execute(statement)).scalar_one_or_none())
