"""Queries of members' answers to events: Going, Maybe, Can't make it, Send me the recording.

An answer is kept under the person's home account (storage/members.py `home()`), so linked
accounts answer once as one person. A series answer (`session` "") holds for every session,
also one added or moved later; a session's own answer (its start's stamp) wins over it.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.dialect import insert
from storage.identity import Account
from storage.models.events import SCHEDULED, Event
from storage.models.rsvps import SERIES, FeedToken, Rsvp

# RECORDING = Can't make it + Send me the recording
GOING, MAYBE, CANT, RECORDING = "going", "maybe", "cant", "recording"
ANSWERS = (GOING, MAYBE, CANT, RECORDING)
ATTENDING = (GOING, MAYBE)  # these get reminders and are in the personal feed
BUTTON, INTERESTED = "button", "interested"
_STAMP = "%Y%m%dT%H%MZ"

__all__ = ["ANSWERS", "CANT", "GOING", "MAYBE", "RECORDING", "SERIES", "people_answering"]


def stamp(moment: datetime) -> str:
    """How an answer names one session: its start in UTC, to the minute."""
    return moment.astimezone(UTC).strftime(_STAMP)


def unstamp(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def effective(rows: Sequence[Rsvp], starts_at: datetime) -> Rsvp | None:
    """The answer that holds for the session starting at `starts_at`: its own, else the series'."""
    own = stamp(starts_at)
    found = {row.session: row for row in rows}
    return found.get(own) or found.get(SERIES)


async def of_person(session: AsyncSession, event_id: int, home: Account) -> list[Rsvp]:
    """Every answer (series and per session) of one person to one event."""
    statement = select(Rsvp).where(
        col(Rsvp.event_id) == event_id,
        col(Rsvp.platform) == home.platform,
        col(Rsvp.user_id) == home.user_id,
    )
    return list((await session.execute(statement)).scalars().all())


async def of_event(session: AsyncSession, event_id: int) -> list[Rsvp]:
    statement = select(Rsvp).where(col(Rsvp.event_id) == event_id).order_by(col(Rsvp.id))
    return list((await session.execute(statement)).scalars().all())


def by_person(rows: Sequence[Rsvp]) -> dict[Account, list[Rsvp]]:
    found: dict[Account, list[Rsvp]] = {}
    for row in rows:
        found.setdefault(Account(row.platform, row.user_id), []).append(row)
    return found


async def people_answering(
    session: AsyncSession, event_id: int, starts_at: datetime, answers: Collection[str]
) -> list[Account]:
    """One home Account per person whose answer for the session starting at `starts_at`
    (its own, else their series answer) is one of `answers`."""
    own = stamp(starts_at)
    statement = select(Rsvp).where(
        col(Rsvp.event_id) == event_id, col(Rsvp.session).in_([SERIES, own])
    )
    rows = (await session.execute(statement)).scalars().all()
    found = []
    for person, mine in by_person(rows).items():
        held = effective(mine, starts_at)
        if held is not None and held.answer in answers:
            found.append(person)
    return sorted(found, key=lambda account: account.key)


async def answer(
    session: AsyncSession,
    event_id: int,
    home: Account,
    scope: str,
    said: str,
    *,
    answered_on: str,
    display_name: str,
    now: datetime,
    source: str = BUTTON,
) -> Rsvp:
    """Record `said` for the event as a whole (`scope` SERIES) or one session (its stamp).

    The row is inserted if missing with ON CONFLICT DO NOTHING, so two presses at once (two
    processes, linked accounts) update one row instead of failing on the unique key."""
    await session.execute(
        insert(session)(Rsvp)
        .values(
            event_id=event_id,
            platform=home.platform,
            user_id=home.user_id,
            session=scope,
            answer=said,
            answered_on=answered_on,
            display_name=display_name[:100],
            source=source,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["event_id", "platform", "user_id", "session"])
    )
    statement = select(Rsvp).where(
        col(Rsvp.event_id) == event_id,
        col(Rsvp.platform) == home.platform,
        col(Rsvp.user_id) == home.user_id,
        col(Rsvp.session) == scope,
    )
    row = (await session.execute(statement)).scalars().one()
    row.answer = said
    row.answered_on = answered_on
    row.display_name = display_name[:100] or row.display_name
    row.source = source
    row.updated_at = now
    session.add(row)
    await session.flush()
    return row


async def forget_sessions(session: AsyncSession, event_id: int, home: Account) -> None:
    """Drop a person's per-session answers (they chose one answer for every session)."""
    await session.execute(
        delete(Rsvp).where(
            col(Rsvp.event_id) == event_id,
            col(Rsvp.platform) == home.platform,
            col(Rsvp.user_id) == home.user_id,
            col(Rsvp.session) != SERIES,
        )
    )


async def remove(session: AsyncSession, row: Rsvp) -> None:
    await session.delete(row)
    await session.flush()


async def move_session(session: AsyncSession, event_id: int, old: datetime, new: datetime) -> int:
    """A session moved: the answers given to it follow it to its new start."""
    result = await session.execute(
        update(Rsvp)
        .where(col(Rsvp.event_id) == event_id, col(Rsvp.session) == stamp(old))
        .values(session=stamp(new))
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def mine(session: AsyncSession, home: Account) -> list[tuple[Rsvp, Event]]:
    """A person's answers to scheduled events, with the event, soonest event first."""
    statement = (
        select(Rsvp, Event)
        .join(Event, col(Event.id) == col(Rsvp.event_id))
        .where(
            col(Rsvp.platform) == home.platform,
            col(Rsvp.user_id) == home.user_id,
            col(Event.status) == SCHEDULED,
        )
        .order_by(col(Event.starts_at), col(Event.id), col(Rsvp.session))
    )
    return [(row[0], row[1]) for row in (await session.execute(statement)).all()]


async def move_person(session: AsyncSession, old: Account, new: Account) -> None:
    """Linking: `old`'s answers become `new`'s, where `new` has not answered the same."""
    taken = select(col(Rsvp.event_id), col(Rsvp.session)).where(
        col(Rsvp.platform) == new.platform, col(Rsvp.user_id) == new.user_id
    )
    keys = {(row[0], row[1]) for row in (await session.execute(taken)).all()}
    statement = select(Rsvp).where(
        col(Rsvp.platform) == old.platform, col(Rsvp.user_id) == old.user_id
    )
    for row in (await session.execute(statement)).scalars().all():
        if (row.event_id, row.session) in keys:
            await session.delete(row)
        else:
            row.platform, row.user_id = new.platform, new.user_id
            session.add(row)
    old_token, new_token = await _token_row(session, old), await _token_row(session, new)
    if old_token is not None:
        if new_token is not None:
            await session.delete(old_token)
        else:
            old_token.platform, old_token.user_id = new.platform, new.user_id
            session.add(old_token)
    await session.flush()


# ---- personal feed tokens ------------------------------------------------------------------


async def feed_token(session: AsyncSession, home: Account, now: datetime) -> str:
    """The person's feed token, made on first use."""
    row = await _token_row(session, home)
    if row is None:
        row = FeedToken(
            platform=home.platform, user_id=home.user_id, token=_new_token(), created_at=now
        )
        session.add(row)
        await session.flush()
    return row.token


async def reset_feed_token(session: AsyncSession, home: Account, now: datetime) -> str:
    """A new token: links with the old one stop working."""
    row = await _token_row(session, home)
    if row is None:
        return await feed_token(session, home, now)
    row.token, row.created_at = _new_token(), now
    session.add(row)
    await session.flush()
    return row.token


async def person_of_token(session: AsyncSession, token: str) -> Account | None:
    statement = select(FeedToken).where(col(FeedToken.token) == token)
    row = (await session.execute(statement)).scalars().first()
    return Account(row.platform, row.user_id) if row else None


async def _token_row(session: AsyncSession, home: Account) -> FeedToken | None:
    statement = select(FeedToken).where(
        col(FeedToken.platform) == home.platform, col(FeedToken.user_id) == home.user_id
    )
    return (await session.execute(statement)).scalars().first()


def _new_token() -> str:
    return secrets.token_urlsafe(18)
