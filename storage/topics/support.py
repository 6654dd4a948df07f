"""Votes and follows: one vote per person per suggestion, and a follow (or a stop) each.

A vote or follow row names the person by key (their first account's, storage/identity.py)
and keeps the account it came from: where they are told when they chose no account for
direct messages. Every vote and follow row is inserted by `insert_support`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.dialect import insert
from storage.identity import Account, Person
from storage.models.topics import FOLLOW, VOTE, Follow, Suggestion, Vote

# The column naming the person, per kind of support (VOTE, FOLLOW).
KEY_COLUMN = {VOTE: "voter_key", FOLLOW: "member_key"}


def known(key: str, platform: str, user_id: str) -> Person:
    """A person by key, with the account a row saw them on."""
    return Person(key, (Account(platform, user_id),))


def author_of(suggestion: Suggestion) -> Person:
    return known(suggestion.author_key, suggestion.author_platform, suggestion.author_user_id)


def unique(kind: str) -> list[str]:
    """The columns a person's one vote (or follow) of a suggestion is unique on."""
    return ["suggestion_id", KEY_COLUMN[kind]]


def insert_support(
    session: AsyncSession,
    kind: str,
    suggestion_id: int,
    person: Person,
    created_at: datetime,
    *,
    active: bool = True,
) -> Any:
    """An INSERT of `person`'s vote or follow (`kind`); the caller adds its conflict rule
    (on `unique(kind)`). `active` is a follow's: False records that they stopped."""
    values: dict[str, Any] = {
        "suggestion_id": suggestion_id,
        KEY_COLUMN[kind]: person.key,
        "platform": person.account.platform,
        "user_id": person.account.user_id,
        "created_at": created_at,
    }
    if kind == FOLLOW:
        values["active"] = active
    return insert(session)(Vote if kind == VOTE else Follow).values(**values)


async def vote_count(session: AsyncSession, suggestion_id: int) -> int:
    statement = select(func.count()).where(col(Vote.suggestion_id) == suggestion_id)
    return int((await session.execute(statement)).scalar_one())


# Every /topics page asks it for the member: built once (issue 28).
_VOTED_AMONG = select(col(Vote.suggestion_id)).where(
    col(Vote.voter_key) == bindparam("voter"),
    col(Vote.suggestion_id).in_(bindparam("ids", expanding=True)),
)


async def voted_among(session: AsyncSession, voter_key: str, ids: Sequence[int]) -> set[int]:
    if not ids:
        return set()
    params = {"voter": voter_key, "ids": list(ids)}
    return {int(i) for i in (await session.execute(_VOTED_AMONG, params)).scalars()}


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
    statement = insert_support(session, VOTE, suggestion_id, voter, now)
    await session.execute(statement.on_conflict_do_nothing(index_elements=unique(VOTE)))
    return True


async def set_follow(
    session: AsyncSession, suggestion_id: int, person: Person, *, active: bool, now: datetime
) -> None:
    statement = insert_support(session, FOLLOW, suggestion_id, person, now, active=active)
    await session.execute(
        statement.on_conflict_do_update(index_elements=unique(FOLLOW), set_={"active": active})
    )


async def followers(session: AsyncSession, suggestion: Suggestion) -> list[Person]:
    """The suggester, the voters and explicit followers, minus those who stopped following."""
    assert suggestion.id is not None
    people = {suggestion.author_key: author_of(suggestion)}
    voters = await session.execute(
        select(Vote).where(col(Vote.suggestion_id) == suggestion.id).order_by(col(Vote.id))
    )
    for vote in voters.scalars():
        people.setdefault(vote.voter_key, known(vote.voter_key, vote.platform, vote.user_id))
    follows = (
        (await session.execute(select(Follow).where(col(Follow.suggestion_id) == suggestion.id)))
        .scalars()
        .all()
    )
    for follow in follows:
        if follow.active:
            people.setdefault(
                follow.member_key, known(follow.member_key, follow.platform, follow.user_id)
            )
    stopped = {f.member_key for f in follows if not f.active}
    return [p for key, p in people.items() if key not in stopped]
