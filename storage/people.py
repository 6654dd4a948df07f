"""Queries for linked accounts: who is who, the link codes, and merging two accounts' data.

An account that was never linked has no row: it is its own person. Linking moves the second
account's votes, follows, suggestions, drafts and reminders under the first one's key, with
double votes (and double reminders) collapsing into one, and folds its choices into the
person's (storage/members.py); unlinking gives each account that leaves a copy of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import and_, bindparam, delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlmodel import col

from storage import members, rsvps
from storage.identity import Account, Person
from storage.models.events import ReminderSubscription
from storage.models.people import LinkCode, MemberLink
from storage.models.topics import Draft, Follow, Suggestion, Vote

# Every personal command asks it (bot/features/members/people.py): built once (issue 28).
_PERSON_KEY = select(col(MemberLink.person_key)).where(
    col(MemberLink.platform) == bindparam("platform"),
    col(MemberLink.user_id) == bindparam("user_id"),
)


async def link_of(session: AsyncSession, platform: str, user_id: str) -> MemberLink | None:
    statement = select(MemberLink).where(
        col(MemberLink.platform) == platform, col(MemberLink.user_id) == user_id
    )
    return (await session.execute(statement)).scalars().first()


async def person_key(session: AsyncSession, platform: str, user_id: str) -> str | None:
    """The person this account belongs to, or None when it was never linked."""
    params = {"platform": platform, "user_id": user_id}
    return (await session.execute(_PERSON_KEY, params)).scalars().first()


async def links(session: AsyncSession, person: str) -> Sequence[MemberLink]:
    statement = (
        select(MemberLink).where(col(MemberLink.person_key) == person).order_by(col(MemberLink.id))
    )
    return (await session.execute(statement)).scalars().all()


def account_of(row: MemberLink | LinkCode) -> Account:
    return Account(row.platform, row.user_id)


async def accounts(session: AsyncSession, platform: str, user_id: str) -> list[Account]:
    """Every account of this account's person (itself first, then the others)."""
    person = await person_key(session, platform, user_id)
    others = [] if person is None else await links(session, person)
    found = [Account(platform, user_id)]
    found += [account_of(r) for r in others if account_of(r) != found[0]]
    return found


async def person_of(session: AsyncSession, account: Account) -> Person:
    """The person `account` belongs to, with all of their accounts (the first first)."""
    key = await person_key(session, *account)
    if key is None:
        return Person(account.key, (account,))
    return Person(key, tuple(account_of(r) for r in await links(session, key)))


async def dm_accounts(session: AsyncSession, keys: Iterable[str]) -> dict[str, Account]:
    """Where each linked person (by person key) wants their DMs; unlinked keys are absent."""
    wanted = set(keys)
    if not wanted:
        return {}
    statement = select(MemberLink).where(
        col(MemberLink.person_key).in_(wanted), col(MemberLink.receives_dms)
    )
    rows = (await session.execute(statement)).scalars()
    return {r.person_key: account_of(r) for r in rows}


# ---- codes ---------------------------------------------------------------------------------


async def add_code(
    session: AsyncSession, account: Account, code_hash: str, now: datetime, expires_at: datetime
) -> None:
    """A new code for `account`; its earlier unused codes stop working."""
    await session.execute(
        delete(LinkCode).where(
            col(LinkCode.platform) == account.platform,
            col(LinkCode.user_id) == account.user_id,
            col(LinkCode.used_at).is_(None),
        )
    )
    await session.execute(delete(LinkCode).where(col(LinkCode.expires_at) < now))
    session.add(
        LinkCode(
            code_hash=code_hash,
            platform=account.platform,
            user_id=account.user_id,
            expires_at=expires_at,
            created_at=now,
        )
    )
    await session.flush()


async def use_code(session: AsyncSession, code_hash: str, now: datetime) -> LinkCode | None:
    """Mark the code used, atomically: of two concurrent uses one gets the row, one None."""
    statement = (
        update(LinkCode)
        .where(col(LinkCode.code_hash) == code_hash, col(LinkCode.used_at).is_(None))
        .values(used_at=now)
        .returning(LinkCode)
        .execution_options(synchronize_session=False)
    )
    return (await session.execute(statement)).scalars().first()


async def code(session: AsyncSession, code_hash: str) -> LinkCode | None:
    statement = select(LinkCode).where(col(LinkCode.code_hash) == code_hash)
    return (await session.execute(statement)).scalars().first()


# ---- linking -------------------------------------------------------------------------------


async def link(session: AsyncSession, first: Account, second: Account, now: datetime) -> str:
    """Make `second` (never linked) one person with `first`; returns the person key."""
    person = await person_key(session, *first)
    if person is None:
        person = first.key
        session.add(
            MemberLink(
                person_key=person,
                platform=first.platform,
                user_id=first.user_id,
                receives_dms=True,
                linked_at=now,
            )
        )
    session.add(
        MemberLink(
            person_key=person, platform=second.platform, user_id=second.user_id, linked_at=now
        )
    )
    await session.flush()
    await _move_topics(session, second.key, person)
    await _move_reminders(session, second, Account.of(person))
    await rsvps.move_person(session, second, Account.of(person))
    await members.join(session, Account.of(person), second, now)
    return person


async def _move_topics(session: AsyncSession, old: str, new: str) -> None:
    await _rekey(session, Vote, "voter_key", old, new)
    await _rekey(session, Follow, "member_key", old, new)
    await session.execute(
        update(Suggestion).where(col(Suggestion.author_key) == old).values(author_key=new)
    )
    await session.execute(update(Draft).where(col(Draft.author_key) == old).values(author_key=new))


async def _rekey(
    session: AsyncSession, model: type[Vote] | type[Follow], key: str, old: str, new: str
) -> None:
    """Rows of `old` on a suggestion become `new`'s; where `new` has one there already, the
    old row goes (a double vote or follow collapses into one)."""
    theirs = aliased(model)
    await session.execute(
        delete(model).where(
            getattr(model, key) == old,
            exists().where(
                and_(
                    col(theirs.suggestion_id) == col(model.suggestion_id),
                    getattr(theirs, key) == new,
                )
            ),
        )
    )
    await session.execute(update(model).where(getattr(model, key) == old).values({key: new}))


async def _move_reminders(session: AsyncSession, old: Account, new: Account) -> None:
    mine = aliased(ReminderSubscription)
    await session.execute(
        delete(ReminderSubscription).where(
            col(ReminderSubscription.platform) == old.platform,
            col(ReminderSubscription.user_id) == old.user_id,
            exists().where(
                and_(
                    col(mine.event_id) == col(ReminderSubscription.event_id),
                    col(mine.platform) == new.platform,
                    col(mine.user_id) == new.user_id,
                )
            ),
        )
    )
    await session.execute(
        update(ReminderSubscription)
        .where(
            col(ReminderSubscription.platform) == old.platform,
            col(ReminderSubscription.user_id) == old.user_id,
        )
        .values(platform=new.platform, user_id=new.user_id)
    )


async def unlink(session: AsyncSession, account: Account, now: datetime) -> list[Account]:
    """Take `account` out of its person; a person left with one account is dissolved. Each
    account that leaves keeps the person's time zone and journey choice.

    Returns the accounts that were linked before (empty if it was not linked).
    """
    person = await person_key(session, *account)
    if person is None:
        return []
    before = [account_of(r) for r in await links(session, person)]
    await session.execute(
        delete(MemberLink).where(
            col(MemberLink.platform) == account.platform,
            col(MemberLink.user_id) == account.user_id,
        )
    )
    left = await links(session, person)
    if len(left) <= 1:
        await session.execute(delete(MemberLink).where(col(MemberLink.person_key) == person))
        left = []
    elif not any(r.receives_dms for r in left):
        left[0].receives_dms = True
        session.add(left[0])
    await session.flush()
    staying = {account_of(r) for r in left}
    for gone in before:
        if gone not in staying:
            await members.leave(session, Account.of(person), gone, now)
    return before


async def send_dms_to(session: AsyncSession, person: str, platform: str) -> bool:
    """DMs of `person` go to their account on `platform`; False if they have none there."""
    rows = await links(session, person)
    if not any(r.platform == platform for r in rows):
        return False
    for row in rows:
        row.receives_dms = row.platform == platform
        session.add(row)
    await session.flush()
    return True


async def hand_over(session: AsyncSession, account: Account, person: str) -> None:
    """After /unlink: rows `account` made while linked are kept under `person` (the first
    account), so they are rewritten to name that account, not this one, nor its name."""
    owner = Account.of(person)
    await session.execute(
        update(Suggestion)
        .where(
            (col(Suggestion.author_key) == person)
            & (col(Suggestion.author_platform) == account.platform)
            & (col(Suggestion.author_user_id) == account.user_id)
        )
        .values(author_platform=owner.platform, author_user_id=owner.user_id, author_name="")
    )
    await session.execute(
        update(Vote)
        .where(
            (col(Vote.voter_key) == person)
            & (col(Vote.platform) == account.platform)
            & (col(Vote.user_id) == account.user_id)
        )
        .values(platform=owner.platform, user_id=owner.user_id)
    )
