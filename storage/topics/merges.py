"""A merge's moves, done and undone in one place.

Merging moves the source's votes and follows to the target (a person who voted for both
counts once; whoever had stopped following the source is not followed into the target).
What it took and what it added are kept (topic_merge_moves) while the merge can be
undone, and Undo puts exactly that back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import delete, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.dialect import insert
from storage.identity import Person
from storage.models.topics import (
    APPLIED,
    FOLLOW,
    SOURCE,
    TARGET,
    VOTE,
    Follow,
    MergeMove,
    StatusChange,
    Suggestion,
    Vote,
)
from storage.topics.support import author_of, insert_support, known, unique

_Row = TypeVar("_Row", Vote, Follow)


@dataclass(frozen=True)
class Support:
    """A vote or a follow as a merge found it on the source or added it to the target."""

    kind: str  # VOTE or FOLLOW
    person: Person
    active: bool
    created_at: datetime


@dataclass(frozen=True)
class Moved:
    """What a merge did, so that it can be undone: the source's votes and follows as they
    were, and the votes and follows it added to the target (and nothing it found there)."""

    taken: list[Support]
    added: list[Support]


async def merge(
    session: AsyncSession, change_id: int, source: Suggestion, target: Suggestion, now: datetime
) -> None:
    """Do the merge `change_id`: the source's votes and follows go to the target, and what
    moved is kept for Undo."""
    await _keep(session, change_id, await _move_support(session, source, target, now))


async def _move_support(
    session: AsyncSession, source: Suggestion, target: Suggestion, now: datetime
) -> Moved:
    """Votes and followers of `source` go to `target`; a member who voted for both counts once.

    Whoever had stopped following `source` is not followed into `target` by the merge,
    unless they had voted for `target` themselves.
    """
    assert source.id is not None and target.id is not None
    own_voters = {v.voter_key for v in await _rows(session, Vote, target.id)}
    votes = await _rows(session, Vote, source.id)
    follows = await _rows(session, Follow, source.id)
    taken = [_support(VOTE, v.voter_key, v.platform, v.user_id, True, v.created_at) for v in votes]
    taken += [
        _support(FOLLOW, f.member_key, f.platform, f.user_id, f.active, f.created_at)
        for f in follows
    ]
    added = await _move_votes(session, source.id, target.id)
    added += await _follow_into(session, source, target.id, follows, own_voters, now)
    return Moved(taken, added)


async def _rows(session: AsyncSession, model: type[_Row], sid: int) -> list[_Row]:
    statement = select(model).where(col(model.suggestion_id) == sid).order_by(col(model.id))
    return list((await session.execute(statement)).scalars().all())


def _support(
    kind: str, key: str, platform: str, user_id: str, active: bool, created_at: datetime
) -> Support:
    return Support(kind, known(key, platform, user_id), active, created_at)


async def _move_votes(session: AsyncSession, source_id: int, target_id: int) -> list[Support]:
    """Copy the source's votes onto the target (keeping when each was cast), then drop them;
    returns the votes the target did not have."""
    moved = select(
        literal(target_id),
        col(Vote.voter_key),
        col(Vote.platform),
        col(Vote.user_id),
        col(Vote.created_at),
    ).where(col(Vote.suggestion_id) == source_id)
    inserted = await session.execute(
        insert(session)(Vote)
        .from_select(["suggestion_id", "voter_key", "platform", "user_id", "created_at"], moved)
        .on_conflict_do_nothing(index_elements=["suggestion_id", "voter_key"])
        .returning(col(Vote.voter_key), col(Vote.platform), col(Vote.user_id), col(Vote.created_at))
    )
    added = [_support(VOTE, key, platform, user, True, at) for key, platform, user, at in inserted]
    await session.execute(delete(Vote).where(col(Vote.suggestion_id) == source_id))
    return added


async def _follow_into(
    session: AsyncSession,
    source: Suggestion,
    target_id: int,
    follows: Sequence[Follow],
    own_voters: set[str],
    now: datetime,
) -> list[Support]:
    """The source's author and followers follow the target (or keep having stopped), unless
    they already chose about it; returns the follows this added."""
    stopped = {f.member_key for f in follows if not f.active}
    wanted: list[tuple[Person, bool]] = []
    if source.author_key not in stopped:
        wanted.append((author_of(source), True))
    for follow in follows:
        if follow.active or follow.member_key not in own_voters:
            wanted.append(
                (known(follow.member_key, follow.platform, follow.user_id), follow.active)
            )
    added = []
    for person, active in wanted:
        if await _follow_unless_set(session, target_id, person, now, active=active):
            added.append(Support(FOLLOW, person, active, now))
    return added


async def _follow_unless_set(
    session: AsyncSession, suggestion_id: int, person: Person, now: datetime, *, active: bool
) -> bool:
    """Add the follow (or stop) unless a choice about the target was already made (it is
    kept); True if this added it."""
    statement = insert_support(session, FOLLOW, suggestion_id, person, now, active=active)
    added = await session.execute(
        statement.on_conflict_do_nothing(index_elements=unique(FOLLOW)).returning(col(Follow.id))
    )
    return added.first() is not None


# ---- kept for Undo, and put back --------------------------------------------------------


async def _keep(session: AsyncSession, change_id: int, moved: Moved) -> None:
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
        platform=support.person.account.platform,
        user_id=support.person.account.user_id,
        active=support.active,
        created_at=support.created_at,
    )


async def unmerge(session: AsyncSession, change_id: int, source_id: int, target_id: int) -> None:
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
    await _forget(session, change_id)


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
    person = known(row.member_key, row.platform, row.user_id)
    statement = insert_support(
        session, row.kind, source_id, person, row.created_at, active=row.active
    )
    await session.execute(statement.on_conflict_do_nothing(index_elements=unique(row.kind)))


async def _forget(session: AsyncSession, change_id: int) -> None:
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
