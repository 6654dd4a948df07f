"""Queries on members' resource proposals: queue, look up, decide once, credit, count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.deliveries import CLAIMED, SENT, Delivery
from storage.models.deliveries import PENDING as QUEUED
from storage.models.sharing import ADDED, ALREADY, DECLINED, PENDING, Proposal


async def add(session: AsyncSession, proposal: Proposal) -> Proposal:
    session.add(proposal)
    await session.flush()
    return proposal


async def get(session: AsyncSession, proposal_id: int) -> Proposal | None:
    return await session.get(Proposal, proposal_id)


async def pending_count(session: AsyncSession, proposer_key: str) -> int:
    found = await session.execute(
        select(func.count())
        .select_from(Proposal)
        .where(col(Proposal.proposer_key) == proposer_key, col(Proposal.status) == PENDING)
    )
    return int(found.scalar_one())


async def pending_for(session: AsyncSession, url_key: str) -> Proposal | None:
    """A proposal of this link still waiting for organizers (anyone's)."""
    found = await session.execute(
        select(Proposal)
        .where(col(Proposal.url_key) == url_key, col(Proposal.status) == PENDING)
        .order_by(col(Proposal.id))
        .limit(1)
    )
    return found.scalars().first()


async def of_member(session: AsyncSession, proposer_key: str, limit: int = 20) -> list[Proposal]:
    found = await session.execute(
        select(Proposal)
        .where(col(Proposal.proposer_key) == proposer_key)
        .order_by(col(Proposal.id).desc())
        .limit(limit)
    )
    return list(found.scalars())


async def pending(session: AsyncSession, limit: int = 20) -> tuple[list[Proposal], int]:
    """The oldest pending proposals first, and how many are pending in all."""
    found = await session.execute(
        select(Proposal)
        .where(col(Proposal.status) == PENDING)
        .order_by(col(Proposal.id))
        .limit(limit)
    )
    total = await session.execute(
        select(func.count()).select_from(Proposal).where(col(Proposal.status) == PENDING)
    )
    return list(found.scalars()), int(total.scalar_one())


async def decide(
    session: AsyncSession,
    proposal_id: int,
    *,
    status: str,
    by_key: str,
    by_name: str,
    now: datetime,
    resource_id: int | None = None,
    reason: str = "",
) -> bool:
    """Record a decision if the proposal is still pending (compare-and-set): False when
    another organizer decided it first."""
    done = await session.execute(
        update(Proposal)
        .where(col(Proposal.id) == proposal_id, col(Proposal.status) == PENDING)
        .values(
            status=status,
            decided_by=by_key,
            decided_by_name=by_name,
            decided_at=now,
            resource_id=resource_id,
            reason=reason,
        )
        .returning(col(Proposal.id))
    )
    return done.first() is not None


async def credits(session: AsyncSession, resource_ids: list[int]) -> dict[int, str]:
    """Who is credited on each of these resources ("Shared by <name>"), when anyone is."""
    if not resource_ids:
        return {}
    found = await session.execute(
        select(col(Proposal.resource_id), col(Proposal.proposer_name))
        .where(
            col(Proposal.resource_id).in_(resource_ids),
            col(Proposal.status) == ADDED,
            col(Proposal.credited).is_(True),
        )
        .order_by(col(Proposal.id))
    )
    out: dict[int, str] = {}
    for resource_id, name in found.all():
        if resource_id is not None and name:
            out.setdefault(int(resource_id), str(name))
    return out


@dataclass(frozen=True)
class ProposalFigures:
    received: int
    added: int
    declined: int
    already: int
    pending: int
    median_days: float | None  # from proposal to decision, decided ones since `since`


async def figures(session: AsyncSession, since: datetime | None = None) -> ProposalFigures:
    """Counts by outcome of the proposals received since `since` (all when None)."""
    where = [col(Proposal.created_at) >= since] if since is not None else []
    found = await session.execute(
        select(col(Proposal.status), func.count()).where(*where).group_by(col(Proposal.status))
    )
    counts = {str(status): int(n) for status, n in found.all()}
    times = await session.execute(
        select(col(Proposal.created_at), col(Proposal.decided_at)).where(
            *where, col(Proposal.decided_at).is_not(None)
        )
    )
    days = sorted(
        (decided - created).total_seconds() / 86400
        for created, decided in times.all()
        if decided is not None
    )
    return ProposalFigures(
        received=sum(counts.values()),
        added=counts.get(ADDED, 0),
        declined=counts.get(DECLINED, 0),
        already=counts.get(ALREADY, 0),
        pending=counts.get(PENDING, 0),
        median_days=_median(days),
    )


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2


async def channel_posts(session: AsyncSession, proposal_id: int) -> Sequence[Delivery]:
    """The proposal's organizers-channel posts that are out or on their way (worth editing)."""
    statement = (
        select(Delivery)
        .where(
            col(Delivery.ref) == f"proposal:{proposal_id}",
            col(Delivery.key).startswith(f"resources.proposal:{proposal_id}:"),
            col(Delivery.status).in_((QUEUED, CLAIMED, SENT)),
        )
        .order_by(col(Delivery.id))
    )
    return (await session.execute(statement)).scalars().all()
