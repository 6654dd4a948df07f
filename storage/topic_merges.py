"""What a merge moved, kept while it can be undone, and putting it back on Undo."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.dialect import insert
from storage.models.topics import (
    APPLIED,
    SOURCE,
    TARGET,
    VOTE,
    Follow,
    MergeMove,
    StatusChange,
    Vote,
)
from storage.topics import Moved, Support


async def keep(session: AsyncSession, change_id: int, moved: Moved) -> None:
    """Keep what the merge `change_id` took from its source and added to its target."""
    sides = [(SOURCE, s) for s in moved.taken] + [(TARGET, s) for s in moved.added]
    session.add_all(_row(change_id, side, support) for side, support in sides)
    await session.flush()


def _row(change_id: int, side: str, support: Support) -> MergeMove:
    return MergeMove(
        change_id=change_id,
        side=side,
        kind=support.kind,
        member_key=support.person.key,
        platform=support.person.platform,
        user_id=support.person.user_id,
        active=support.active,
        created_at=support.created_at,
    )


async def put_back(session: AsyncSession, change_id: int, source_id: int, target_id: int) -> None:
    """Undo the merge's moves: the source gets its votes and follows back, the target loses
    what the merge added to it unless its member changed it since. The caller holds both
    suggestions' locks."""
    rows = (
        (await session.execute(select(MergeMove).where(col(MergeMove.change_id) == change_id)))
        .scalars()
        .all()
    )
    for row in rows:
        if row.side == TARGET:
            await _remove_added(session, target_id, row)
        else:
            await _restore(session, source_id, row)
    await forget(session, change_id)


async def _remove_added(session: AsyncSession, target_id: int, row: MergeMove) -> None:
    # A vote keeps the time it was cast on the source, and a follow the value the merge gave
    # it: one cast or chosen on the target since (by a press) differs, and stays.
    if row.kind == VOTE:
        statement = delete(Vote).where(
            col(Vote.suggestion_id) == target_id,
            col(Vote.voter_key) == row.member_key,
            col(Vote.created_at) == row.created_at,
        )
    else:
        statement = delete(Follow).where(
            col(Follow.suggestion_id) == target_id,
            col(Follow.member_key) == row.member_key,
            col(Follow.active) == row.active,
        )
    await session.execute(statement.execution_options(synchronize_session=False))


async def _restore(session: AsyncSession, source_id: int, row: MergeMove) -> None:
    # The source takes no votes while merged; a follow changed on it since the merge is the
    # member's later choice, and is kept.
    values: dict[str, object] = {
        "suggestion_id": source_id,
        "platform": row.platform,
        "user_id": row.user_id,
        "created_at": row.created_at,
    }
    model: type[Vote] | type[Follow] = Vote
    key = "voter_key"
    if row.kind != VOTE:
        model, key = Follow, "member_key"
        values["active"] = row.active
    values[key] = row.member_key
    statement = insert(session)(model).values(**values)
    await session.execute(statement.on_conflict_do_nothing(index_elements=["suggestion_id", key]))


async def forget(session: AsyncSession, change_id: int) -> None:
    await session.execute(delete(MergeMove).where(col(MergeMove.change_id) == change_id))


async def forget_old(session: AsyncSession, *, before: datetime) -> int:
    """Forget the moves of merges confirmed before `before` (no longer undoable) or undone."""
    done = select(col(StatusChange.id)).where(
        (col(StatusChange.created_at) < before) | (col(StatusChange.state) != APPLIED)
    )
    result = await session.execute(
        delete(MergeMove)
        .where(col(MergeMove.change_id).in_(done))
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


__all__ = ["forget", "forget_old", "keep", "put_back"]
