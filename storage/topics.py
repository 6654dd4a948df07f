"""Queries of the topics feature: suggestions, one vote per member, follows, decisions.

Votes are counted from their rows (never a stored counter), and every change that reads
then writes a suggestion's votes first locks its row, so concurrent presses cannot
double-count: SQLite serialises writers with BEGIN IMMEDIATE, PostgreSQL with FOR UPDATE.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import delete, func, literal, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage import refs
from storage.dialect import insert, is_postgres
from storage.models.deliveries import CANCELLED, CLAIMED, PENDING, SENT, Delivery
from storage.models.topics import (
    APPLIED,
    FOLLOW,
    MERGED,
    OPEN,
    PLANNED,
    PROPOSED,
    UNDONE,
    VOTABLE,
    VOTE,
    Draft,
    Follow,
    StatusChange,
    Suggestion,
    Vote,
)


@dataclass(frozen=True)
class Person:
    """Someone to notify: their key and where to DM them."""

    key: str
    platform: str
    user_id: str


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
    votes = _votes_subquery()
    count = func.coalesce(votes.c.votes, 0)
    where = col(Suggestion.status).in_(statuses)
    order = (
        [col(Suggestion.created_at).desc(), col(Suggestion.id).desc()]
        if newest
        else [count.desc(), col(Suggestion.created_at).desc(), col(Suggestion.id).desc()]
    )
    statement = (
        select(Suggestion, count)
        .outerjoin(votes, votes.c.suggestion_id == col(Suggestion.id))
        .where(where)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    rows = [(s, int(n)) for s, n in (await session.execute(statement)).all()]
    total = (await session.execute(select(func.count()).where(where))).scalar_one()
    return rows, int(total)


async def vote_count(session: AsyncSession, suggestion_id: int) -> int:
    statement = select(func.count()).where(col(Vote.suggestion_id) == suggestion_id)
    return int((await session.execute(statement)).scalar_one())


async def voted_among(session: AsyncSession, voter_key: str, ids: Sequence[int]) -> set[int]:
    if not ids:
        return set()
    statement = select(col(Vote.suggestion_id)).where(
        col(Vote.voter_key) == voter_key, col(Vote.suggestion_id).in_(ids)
    )
    return {int(i) for i in (await session.execute(statement)).scalars()}


async def toggle_vote(
    session: AsyncSession, suggestion_id: int, voter: Person, now: datetime
) -> bool:
    """Add the vote, or take it back if it was there; True if the member now votes for it.

    The caller holds the suggestion's row lock, so presses of one member run one at a time.
    """
    removed = await session.execute(
        delete(Vote)
        .where(col(Vote.suggestion_id) == suggestion_id, col(Vote.voter_key) == voter.key)
        .returning(col(Vote.id))
    )
    if removed.first() is not None:
        return False
    statement = (
        insert(session)(Vote)
        .values(
            suggestion_id=suggestion_id,
            voter_key=voter.key,
            platform=voter.platform,
            user_id=voter.user_id,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["suggestion_id", "voter_key"])
    )
    await session.execute(statement)
    return True


async def set_follow(
    session: AsyncSession, suggestion_id: int, person: Person, *, active: bool, now: datetime
) -> None:
    statement = (
        insert(session)(Follow)
        .values(
            suggestion_id=suggestion_id,
            member_key=person.key,
            platform=person.platform,
            user_id=person.user_id,
            active=active,
            created_at=now,
        )
        .on_conflict_do_update(
            index_elements=["suggestion_id", "member_key"], set_={"active": active}
        )
    )
    await session.execute(statement)


async def followers(session: AsyncSession, suggestion: Suggestion) -> list[Person]:
    """The suggester, the voters and explicit followers, minus those who stopped following."""
    assert suggestion.id is not None
    people = {
        suggestion.author_key: Person(
            suggestion.author_key, suggestion.author_platform, suggestion.author_user_id
        )
    }
    voters = await session.execute(
        select(Vote).where(col(Vote.suggestion_id) == suggestion.id).order_by(col(Vote.id))
    )
    for vote in voters.scalars():
        people.setdefault(vote.voter_key, Person(vote.voter_key, vote.platform, vote.user_id))
    follows = (
        (await session.execute(select(Follow).where(col(Follow.suggestion_id) == suggestion.id)))
        .scalars()
        .all()
    )
    for follow in follows:
        if follow.active:
            people.setdefault(
                follow.member_key, Person(follow.member_key, follow.platform, follow.user_id)
            )
    stopped = {f.member_key for f in follows if not f.active}
    return [p for key, p in people.items() if key not in stopped]


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


async def move_support(
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
    return Support(kind, Person(key, platform, user_id), active, created_at)


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
        author = Person(source.author_key, source.author_platform, source.author_user_id)
        wanted.append((author, True))
    for follow in follows:
        if follow.active or follow.member_key not in own_voters:
            wanted.append(
                (Person(follow.member_key, follow.platform, follow.user_id), follow.active)
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
    added = await session.execute(
        insert(session)(Follow)
        .values(
            suggestion_id=suggestion_id,
            member_key=person.key,
            platform=person.platform,
            user_id=person.user_id,
            active=active,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["suggestion_id", "member_key"])
        .returning(col(Follow.id))
    )
    return added.first() is not None


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


async def add_draft(session: AsyncSession, draft: Draft) -> Draft:
    session.add(draft)
    await session.flush()
    return draft


async def prune_drafts(session: AsyncSession, author_key: str, before: datetime) -> None:
    """Forget this member's drafts from before `before` (kept only while they decide)."""
    await session.execute(
        delete(Draft).where(col(Draft.author_key) == author_key, col(Draft.created_at) < before)
    )


async def take_draft(session: AsyncSession, draft_id: int, author_key: str) -> Draft | None:
    """The draft, marked used, if it is this member's and unused; a second press gets None."""
    statement = (
        update(Draft)
        .where(
            col(Draft.id) == draft_id,
            col(Draft.author_key) == author_key,
            col(Draft.used).is_(False),
        )
        .values(used=True)
        .returning(Draft)
        .execution_options(synchronize_session=False)
    )
    return (await session.execute(statement)).scalar_one_or_none()


__all__ = [
    "Moved",
    "Person",
    "Support",
    "add",
    "add_draft",
    "alive_titles",
    "apply",
    "by_author",
    "count_since",
    "everything",
    "followers",
    "get",
    "get_change",
    "is_empty",
    "latest_applied",
    "lock_author",
    "move_support",
    "page",
    "planned_for_event",
    "propose",
    "prune_drafts",
    "revert",
    "set_follow",
    "take_draft",
    "toggle_vote",
    "top_alive",
    "vote_count",
    "voted_among",
    "voted_by",
    "withdraw_notices",
]


async def channel_posts(session: AsyncSession, suggestion_id: int) -> Sequence[Delivery]:
    """The suggestion's channel posts that are out or on their way (so worth editing)."""
    statement = (
        select(Delivery)
        .where(
            col(Delivery.ref) == refs.topic(suggestion_id),
            col(Delivery.key).startswith(refs.topic_posts(suggestion_id), autoescape=True),
            col(Delivery.status).in_((PENDING, CLAIMED, SENT)),
        )
        .order_by(col(Delivery.id))
    )
    return (await session.execute(statement)).scalars().all()
