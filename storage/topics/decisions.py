"""Decisions on a suggestion: proposed, applied (its history), undone, and their notices."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage import refs
from storage.models.deliveries import CANCELLED, PENDING, Delivery
from storage.models.topics import (
    APPLIED,
    MERGED,
    OPEN,
    PROPOSED,
    UNDONE,
    StatusChange,
    Suggestion,
)


async def propose(
    session: AsyncSession,
    suggestion: Suggestion,
    *,
    status: str,
    by_key: str,
    now: datetime,
    reason: str = "",
    link_kind: str = "",
    link_ref: str = "",
) -> StatusChange:
    """Keep a decision the organizer has not confirmed yet; the suggestion is unchanged."""
    change = StatusChange(
        suggestion_id=suggestion.id or 0,
        status=status,
        reason=reason,
        link_kind=link_kind,
        link_ref=link_ref,
        by_key=by_key,
        state=PROPOSED,
        created_at=now,
    )
    session.add(change)
    await session.flush()
    return change


async def get_change(session: AsyncSession, change_id: int) -> StatusChange | None:
    return await session.get(StatusChange, change_id)


def _show(suggestion: Suggestion, change: StatusChange | None, now: datetime) -> None:
    """Make the suggestion show `change` (None: open, as it was first posted)."""
    suggestion.status = change.status if change else OPEN
    suggestion.reason = change.reason if change else ""
    suggestion.link_kind = change.link_kind if change else ""
    suggestion.link_ref = change.link_ref if change else ""
    merged = change is not None and change.status == MERGED
    suggestion.merged_into_id = int(change.link_ref) if change and merged else None
    suggestion.updated_at = now


async def apply(
    session: AsyncSession, suggestion: Suggestion, change: StatusChange, now: datetime
) -> StatusChange:
    """Move the suggestion to the change's status; the decision joins its history."""
    _show(suggestion, change, now)
    change.state = APPLIED
    change.created_at = now
    session.add_all([suggestion, change])
    await session.flush()
    return change


async def revert(
    session: AsyncSession, suggestion: Suggestion, change: StatusChange, now: datetime
) -> None:
    """Undo `change`: the suggestion shows the decision before it again (or is open)."""
    before = (
        await session.execute(
            select(StatusChange)
            .where(
                col(StatusChange.suggestion_id) == suggestion.id,
                col(StatusChange.state) == APPLIED,
                col(StatusChange.id) != change.id,
            )
            .order_by(col(StatusChange.created_at).desc(), col(StatusChange.id).desc())
            .limit(1)
        )
    ).scalar_one_or_none()
    _show(suggestion, before, now)
    change.state = UNDONE
    session.add_all([suggestion, change])
    await session.flush()


async def latest_applied(session: AsyncSession, suggestion_id: int) -> StatusChange | None:
    statement = (
        select(StatusChange)
        .where(col(StatusChange.suggestion_id) == suggestion_id, col(StatusChange.state) == APPLIED)
        .order_by(col(StatusChange.created_at).desc(), col(StatusChange.id).desc())
        .limit(1)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def withdraw_notices(session: AsyncSession, change_id: int) -> tuple[int, int]:
    """Cancel the decision's notices not sent yet: (withdrawn, already out or going out)."""
    mine = col(Delivery.key).startswith(refs.topic_notices(change_id), autoescape=True)
    total = int(
        (
            await session.execute(
                select(func.count()).where(mine, col(Delivery.status) != CANCELLED)
            )
        ).scalar_one()
    )
    withdrawn = await session.execute(
        update(Delivery)
        .where(mine, col(Delivery.status) == PENDING)
        .values(status=CANCELLED)
        .execution_options(synchronize_session=False)
    )
    count = int(withdrawn.rowcount)  # type: ignore[attr-defined]
    return count, total - count
