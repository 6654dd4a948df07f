"""The `members` table: a person's own choices (time zone, journey opt-out, language), one row each.

The only module that writes the table. A person's row is kept under their first account
(the key `member_links` names them by; an account never linked is its own person), so two
linked accounts share one time zone and one journey choice without copies. Every function
here takes any of the person's accounts and finds that row itself. The next choices a
person makes (language, digest, RSVPs) are columns of the same row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from storage.dialect import insert
from storage.identity import Account
from storage.models.members import ZONE_CHOSEN, ZONE_PROFILE, Member
from storage.models.people import MemberLink

ZONE_COLUMNS = ("timezone", "timezone_source", "timezone_fetched_at")
DIGEST_COLUMNS = ("digest_frequency", "digest_day", "digest_time")
# The reads every personal command makes, built once: building an ORM select (column
# comparisons, bind parameters, its cache key) cost more than running it (issue 28).
_HOME = select(col(MemberLink.person_key)).where(
    col(MemberLink.platform) == bindparam("platform"),
    col(MemberLink.user_id) == bindparam("user_id"),
)
# populate_existing: a row read earlier in the session must not shadow an upsert since.
_OWN_ROW = (
    select(Member)
    .where(
        col(Member.platform) == bindparam("platform"), col(Member.user_id) == bindparam("user_id")
    )
    .execution_options(populate_existing=True)
)
_MEMBERS = Member.__table__  # type: ignore[attr-defined]
_PROFILE_ZONE: dict[str, Any] = {}  # the profile zone's upsert, by dialect name
LANGUAGE_COLUMNS = ("language", "profile_locale", "language_noted")


@dataclass(frozen=True)
class ZoneState:
    zone: str | None
    source: str | None
    fetched_at: datetime | None


@dataclass(frozen=True)
class LanguageState:
    chosen: str | None  # /language es|en; None is auto
    profile_locale: str | None  # the Slack profile's locale
    noted: str | None  # the missing locale the person was told about


async def home(session: AsyncSession, account: Account) -> Account:
    """The account whose row holds this account's person's choices."""
    person = (await session.execute(_HOME, _params(account))).scalars().first()
    return Account.of(person) if person else account


async def row(session: AsyncSession, account: Account) -> Member | None:
    """The person's row (for reading), or None while they have chosen nothing."""
    return await _own_row(session, await home(session, account))


async def zone(session: AsyncSession, account: Account) -> str | None:
    found = await row(session, account)
    return found.timezone if found else None


async def zone_state(session: AsyncSession, account: Account) -> ZoneState:
    """The person's zone, where it came from and when the profile was last read."""
    found = await row(session, account)
    if found is None:
        return ZoneState(None, None, None)
    return ZoneState(found.timezone, found.timezone_source, found.timezone_fetched_at)


async def set_chosen_zone(
    session: AsyncSession, account: Account, zone: str, now: datetime, display_name: str = ""
) -> None:
    """The zone the person chose with /timezone: never overwritten by a profile's."""
    values = {"timezone": zone, "timezone_source": ZONE_CHOSEN}
    await _upsert(session, await home(session, account), values, now, display_name)


async def set_profile_zone(
    session: AsyncSession, account: Account, zone: str | None, now: datetime
) -> None:
    """Keep the zone read from the person's profile, unless they chose one themselves."""
    home_account = await home(session, account)
    values = {
        **_params(home_account),
        "zone": zone,
        "source": ZONE_PROFILE if zone else None,
        "now": now,
    }
    await session.execute(_profile_zone_statement(session), values)


def _profile_zone_statement(session: AsyncSession) -> Any:
    """The upsert of a profile zone, built once per dialect: it is written for every new
    member's first action (issue 28)."""
    dialect = session.get_bind().dialect.name
    if dialect not in _PROFILE_ZONE:
        at = _MEMBERS.c.timezone_fetched_at.type
        statement = insert(session)(_MEMBERS).values(
            platform=bindparam("platform"),
            user_id=bindparam("user_id"),
            display_name="",
            created_at=bindparam("now", type_=at),
            timezone=bindparam("zone"),
            timezone_source=bindparam("source"),
            timezone_fetched_at=bindparam("now", type_=at),
        )
        excluded = statement.excluded
        _PROFILE_ZONE[dialect] = statement.on_conflict_do_update(
            index_elements=["platform", "user_id"],
            set_={name: getattr(excluded, name) for name in ZONE_COLUMNS},
            where=or_(
                _MEMBERS.c.timezone_source.is_(None), _MEMBERS.c.timezone_source != ZONE_CHOSEN
            ),
        )
    return _PROFILE_ZONE[dialect]


async def forget_chosen_zone(session: AsyncSession, account: Account) -> bool:
    """Drop a zone the person chose, so their profile's is read again; True if there was one."""
    statement = (
        update(Member)
        .where(
            *_is(Member, await home(session, account)),
            col(Member.timezone_source) == ZONE_CHOSEN,
        )
        .values(dict.fromkeys(ZONE_COLUMNS))
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(statement)
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def is_opted_out(session: AsyncSession, account: Account) -> bool:
    found = await row(session, account)
    return bool(found and found.journey_optout)


async def set_optout(
    session: AsyncSession, account: Account, optout: bool, now: datetime, display_name: str = ""
) -> None:
    """The person's journey choice, for all of their accounts at once."""
    values = {"journey_optout": optout}
    await _upsert(session, await home(session, account), values, now, display_name)


async def journey_optouts(session: AsyncSession) -> int:
    """How many people (and forgotten people's markers) opted out of the journey."""
    statement = select(func.count()).select_from(Member).where(col(Member.journey_optout))
    return int((await session.execute(statement)).scalar_one())


async def language_state(session: AsyncSession, account: Account) -> LanguageState:
    """The person's language choice and what their platform profile says."""
    found = await row(session, account)
    if found is None:
        return LanguageState(None, None, None)
    return LanguageState(found.language, found.profile_locale, found.language_noted)


async def set_language(
    session: AsyncSession,
    account: Account,
    language: str | None,
    now: datetime,
    display_name: str = "",
) -> None:
    """The person's /language choice (None: auto), for all of their accounts at once."""
    values = {"language": language}
    await _upsert(session, await home(session, account), values, now, display_name)


async def set_profile_locale(
    session: AsyncSession, account: Account, locale: str | None, now: datetime
) -> None:
    """Keep the locale read from the person's Slack profile."""
    await _upsert(session, await home(session, account), {"profile_locale": locale}, now)


async def note_language(
    session: AsyncSession, account: Account, locale: str, now: datetime
) -> None:
    """Remember that the person was told their platform's language is not available."""
    await _upsert(session, await home(session, account), {"language_noted": locale}, now)


# ---- linking, unlinking and forgetting -----------------------------------------------------


async def join(session: AsyncSession, person: Account, joining: Account, now: datetime) -> bool:
    """`joining`'s choices fold into the person's row, and its own row goes.

    The person's zone, digest choice and language stay if they have them, else `joining`'s
    are taken; the more private journey choice wins. Returns whether the person is now opted out.
    """
    mine, theirs = await _own_row(session, person), await _own_row(session, joining)
    opted_out = bool(mine and mine.journey_optout)
    if theirs is None:
        return opted_out
    values: dict[str, Any] = {"journey_optout": opted_out or theirs.journey_optout}
    if not (mine and mine.timezone) and theirs.timezone:
        values |= {name: getattr(theirs, name) for name in ZONE_COLUMNS}
    if not (mine and mine.digest_frequency) and theirs.digest_frequency:
        values |= {name: getattr(theirs, name) for name in DIGEST_COLUMNS}
    if not (mine and mine.language) and theirs.language:
        values["language"] = theirs.language
    await session.execute(delete(Member).where(*_is(Member, joining)))
    await _upsert(session, person, values, now, theirs.display_name)
    return bool(values["journey_optout"])


async def leave(session: AsyncSession, person: Account, leaving: Account, now: datetime) -> None:
    """An account leaving its person keeps the person's zone, journey, digest and language."""
    mine = await _own_row(session, person)
    if mine is None or leaving == person:
        return
    kept = (*ZONE_COLUMNS, "journey_optout", *DIGEST_COLUMNS, *LANGUAGE_COLUMNS)
    values = {name: getattr(mine, name) for name in kept}
    await _upsert(session, leaving, values, now)


async def forget(session: AsyncSession, account: Account, now: datetime) -> int:
    """Delete the account's row; an opted-out person's account keeps a bare marker, so that
    forgetting someone never starts recording them again. Returns the rows deleted."""
    opted_out = await is_opted_out(session, account)
    result = await session.execute(
        delete(Member).where(*_is(Member, account)).execution_options(synchronize_session=False)
    )
    if opted_out:
        await _upsert(session, account, {"journey_optout": True}, now)
    return int(result.rowcount)  # type: ignore[attr-defined]


# ---- rows ----------------------------------------------------------------------------------


def _is(table: type[Member] | type[MemberLink], account: Account) -> list[ColumnElement[bool]]:
    return [col(table.platform) == account.platform, col(table.user_id) == account.user_id]


def _params(account: Account) -> dict[str, str]:
    return {"platform": account.platform, "user_id": account.user_id}


async def _own_row(session: AsyncSession, account: Account) -> Member | None:
    return (await session.execute(_OWN_ROW, _params(account))).scalars().first()


async def _upsert(
    session: AsyncSession,
    account: Account,
    values: dict[str, Any],
    now: datetime,
    display_name: str = "",
    where: ColumnElement[bool] | None = None,
) -> None:
    """Set `values` on the account's row, making the row (named, dated) if it is new."""
    new = {
        "platform": account.platform,
        "user_id": account.user_id,
        "display_name": display_name[:200],
        "created_at": now,
    }
    statement = insert(session)(Member).values(**new, **values)
    statement = statement.on_conflict_do_update(
        index_elements=["platform", "user_id"], set_=values, where=where
    )
    await session.execute(statement.execution_options(synchronize_session=False))


# ---- the member digest (bot/features/digest) -----------------------------------------------


async def set_digest(
    session: AsyncSession,
    account: Account,
    frequency: str,
    day: int | None,
    at: str | None,
    now: datetime,
    display_name: str = "",
) -> None:
    """The person's digest choice (None day or time: the configured default); choosing
    again clears the misses, so a member who came back gets digests again."""
    values = {
        "digest_frequency": frequency,
        "digest_day": day,
        "digest_time": at,
        "digest_misses": 0,
    }
    await _upsert(session, await home(session, account), values, now, display_name)


async def digest_sent(session: AsyncSession, account: Account, due_at: datetime) -> None:
    """A digest due at `due_at` went out: the next one covers what is new since."""
    statement = (
        update(Member)
        .where(*_is(Member, account))
        .values(digest_last_sent=due_at, digest_misses=0)
        .execution_options(synchronize_session=False)
    )
    await session.execute(statement)


async def digest_missed(session: AsyncSession, account: Account) -> None:
    """A digest could not be delivered (the member left, or closed their DMs)."""
    statement = (
        update(Member)
        .where(*_is(Member, account))
        .values(digest_misses=col(Member.digest_misses) + 1)
        .execution_options(synchronize_session=False)
    )
    await session.execute(statement)


async def digest_readers(
    session: AsyncSession, *, default_on: bool, max_misses: int
) -> list[Member]:
    """Rows of the people who want a digest (chosen, or the default when it is on) and
    whose last `max_misses` digests did not all fail."""
    wanted: ColumnElement[bool] = col(Member.digest_frequency).in_(("weekly", "monthly"))
    if default_on:
        wanted = or_(wanted, col(Member.digest_frequency).is_(None))
    statement = (
        select(Member)
        .where(wanted, col(Member.digest_misses) < max_misses)
        .order_by(col(Member.id))
    )
    return list((await session.execute(statement)).scalars())


async def digest_unreachable(session: AsyncSession, max_misses: int) -> int:
    """How many people get no digest because the last ones could not be delivered."""
    statement = (
        select(func.count()).select_from(Member).where(col(Member.digest_misses) >= max_misses)
    )
    return int((await session.execute(statement)).scalar_one())


async def digest_chosen(session: AsyncSession) -> int:
    """How many people chose a weekly or monthly digest themselves."""
    wanted = col(Member.digest_frequency).in_(("weekly", "monthly"))
    statement = select(func.count()).select_from(Member).where(wanted)
    return int((await session.execute(statement)).scalar_one())
