"""Everything the bot keeps about one member, counted and deleted in one place.

The policy (shown to the member before they confirm, and in docs/production.md):

- What identifies the member is deleted everywhere: their settings and time zone, reminders,
  votes, follows (also those a merge moved and keeps for its Undo), drafts, journey replies,
  every message queued for or sent to them, and their name and words inside messages
  queued to or kept for others.
- A suggestion of theirs that others have a stake in (someone else voted for or follows it,
  another suggestion was merged into it, or a merge that Undo can still reverse moved
  someone else's vote or follow from it) stays, anonymous and without its details, so
  other people's votes, organizers' decisions and merged chains stay valid. Their other
  suggestions are deleted with their history and messages, except the record of where
  their channel posts landed (ids only), so the bot can edit those posts to say the
  suggestion was deleted.
- Decisions they made as an organizer, events and resources they added stay, no longer
  naming them. Resources they proposed are forgotten as proposals: an item added from one
  stays in the library without its "Shared by" line; their saved items and "Was this
  useful?" answers are deleted.
- Their answers to "How was <title>?" lose their key and their "what next" words; each
  rating stays as an anonymous count (it was never shown with their name).
- A journey opt-out stays as a bare "do not record" marker, so that forgetting someone
  never starts recording them again.

`forget_member` deletes one member key; linked accounts are forgotten by calling it once
per key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import SQLModel, col

from storage import after, members, refs
from storage.identity import Account
from storage.models.after import SessionFeedback
from storage.models.deliveries import CLAIMED, PENDING, SENT, Delivery
from storage.models.events import Event, EventDraft, ReminderSubscription
from storage.models.insights import MemberActivity
from storage.models.journey import JourneyReply, JourneySkip
from storage.models.journey_goals import JourneyGoal
from storage.models.members import Member
from storage.models.people import LinkCode, MemberLink
from storage.models.resources import Resource
from storage.models.rsvps import FeedToken, Rsvp
from storage.models.sharing import Proposal, Save, Usefulness
from storage.models.topics import (
    SOURCE,
    Draft,
    Follow,
    MergeMove,
    StatusChange,
    Suggestion,
    Vote,
)

Kept = dict[str, tuple[type[SQLModel], ColumnElement[bool]]]
SETTINGS_LABEL = "your time zone and settings"
# Who a kept suggestion, decision, event or resource names once its person is forgotten.
FORMER = "former-member"
FORMER_NAME = "a former member"
DELETED_TITLE = "a deleted suggestion"
KEPT_LABEL = "suggestions kept for others, without your name or details"
FEEDBACK_LABEL = "your answers to How was it? (a rating stays only as an anonymous count)"
# How a stored text may look inside a message (defused, cut): given by the caller above.
Variants = Callable[[str], Iterable[str]]


def _as_stored(text: str) -> Iterable[str]:
    return (text,)


def _kept(platform: str, user_id: str) -> Kept:
    """What is kept: label -> (table, which rows), one entry per kind of data."""
    key = f"{platform}:{user_id}"
    return {
        SETTINGS_LABEL: (
            Member,
            (col(Member.platform) == platform) & (col(Member.user_id) == user_id),
        ),
        "reminders you asked for": (
            ReminderSubscription,
            (col(ReminderSubscription.platform) == platform)
            & (col(ReminderSubscription.user_id) == user_id),
        ),
        "your answers to events (Going, Maybe, Can't make it)": (
            Rsvp,
            (col(Rsvp.platform) == platform) & (col(Rsvp.user_id) == user_id),
        ),
        "your personal calendar feed link": (
            FeedToken,
            (col(FeedToken.platform) == platform) & (col(FeedToken.user_id) == user_id),
        ),
        "messages queued for or sent to you": (
            Delivery,
            (col(Delivery.platform) == platform)
            & (col(Delivery.target_type) == "dm")
            & (col(Delivery.target_id) == user_id),
        ),
        "topics you suggested": (Suggestion, col(Suggestion.author_key) == key),
        "unposted suggestion drafts": (Draft, col(Draft.author_key) == key),
        "event previews you did not confirm": (EventDraft, col(EventDraft.created_by) == key),
        "votes": (Vote, col(Vote.voter_key) == key),
        "topics you follow or unfollowed": (Follow, col(Follow.member_key) == key),
        "votes and follows a merge just moved (kept for its Undo)": (
            MergeMove,
            col(MergeMove.member_key) == key,
        ),
        "journey replies": (JourneyReply, col(JourneyReply.author_key) == key),
        "journey goals and answers (Did you get there?, What helped most?)": (
            JourneyGoal,
            (col(JourneyGoal.platform) == platform) & (col(JourneyGoal.user_id) == user_id),
        ),
        # Deleting a proposal takes its credit line ("Shared by") off the item; the item stays.
        "resources you proposed (the credit on added ones goes, the resources stay)": (
            Proposal,
            col(Proposal.proposer_key) == key,
        ),
        "resources you saved": (Save, col(Save.member_key) == key),
        FEEDBACK_LABEL: (SessionFeedback, col(SessionFeedback.member_key) == key),
        "your answers to Was this useful?": (Usefulness, col(Usefulness.member_key) == key),
        "linked accounts": (
            MemberLink,
            (col(MemberLink.platform) == platform) & (col(MemberLink.user_id) == user_id),
        ),
        "link codes": (
            LinkCode,
            (col(LinkCode.platform) == platform) & (col(LinkCode.user_id) == user_id),
        ),
        "the month you last used the bot (for monthly counts)": (
            MemberActivity,
            (col(MemberActivity.platform) == platform) & (col(MemberActivity.user_id) == user_id),
        ),
    }


async def summary(session: AsyncSession, platform: str, user_id: str) -> dict[str, int]:
    counts = {}
    for label, (model, where) in _kept(platform, user_id).items():
        statement = select(func.count()).select_from(model).where(where)
        counts[label] = int((await session.execute(statement)).scalar_one())
    return counts


async def timezone_and_optout(
    session: AsyncSession, platform: str, user_id: str
) -> tuple[str | None, bool]:
    """The person's own choices (shared by linked accounts)."""
    row = await members.row(session, Account(platform, user_id))
    return (row.timezone, row.journey_optout) if row else (None, False)


@dataclass
class _Plan:
    """Which of the member's suggestions stay (anonymised) or go, and the words to scrub."""

    kept: list[Suggestion] = field(default_factory=list)
    dropped: list[Suggestion] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)


async def forget_member(
    session: AsyncSession, key: str, now: datetime, variants: Variants = _as_stored
) -> dict[str, int]:
    """Delete what identifies one member key; returns what was deleted (and kept) by label.

    `variants` gives the forms a name or text takes inside queued messages (defused, cut),
    so that each of them is scrubbed."""
    platform, user_id = account = Account.of(key)
    member = await members.row(session, account)
    plan = await _plan(session, key, member, variants)
    dropped_ids = [s.id for s in plan.dropped if s.id is not None]
    await session.execute(
        delete(Delivery)
        .where(
            col(Delivery.ref).in_([refs.topic(sid) for sid in dropped_ids]),
            # Where a post landed names nobody: kept so the post can be edited to "deleted".
            ~(col(Delivery.key).startswith(refs.TOPIC_POSTS) & (col(Delivery.status) == SENT)),
        )
        .execution_options(synchronize_session=False)
    )
    await _scrub_deliveries(session, plan.words)
    for linked in (Vote, Follow, StatusChange):
        await session.execute(delete(linked).where(col(linked.suggestion_id).in_(dropped_ids)))
    for s in plan.kept:
        _anonymise(s, now)
        session.add(s)
    await session.flush()
    await _unname_work(session, key)
    # The settings row goes through its owner, which keeps an opt-out's marker.
    deleted = {SETTINGS_LABEL: await members.forget(session, account, now)}
    for label, (table, where) in _kept(platform, user_id).items():
        if table is Member:
            continue
        if table is SessionFeedback:
            # The rating stays as a count no one can trace; the key and their words go.
            deleted[label] = await after.forget_feedback(session, key)
            continue
        result = await session.execute(
            delete(table).where(where).execution_options(synchronize_session=False)
        )
        deleted[label] = int(result.rowcount)  # type: ignore[attr-defined]
    deleted[KEPT_LABEL] = len(plan.kept)
    return deleted


async def _plan(
    session: AsyncSession, key: str, member: Member | None, variants: Variants
) -> _Plan:
    mine = (
        (await session.execute(select(Suggestion).where(col(Suggestion.author_key) == key)))
        .scalars()
        .all()
    )
    plan = _Plan()
    for s in mine:
        (plan.kept if await _others_care(session, s, key) else plan.dropped).append(s)
    names = {s.author_name for s in mine} | {member.display_name if member else ""}
    names |= set(
        (
            await session.execute(
                select(col(Proposal.proposer_name)).where(col(Proposal.proposer_key) == key)
            )
        ).scalars()
    )
    names |= set(
        (
            await session.execute(
                select(col(JourneyReply.author_name)).where(col(JourneyReply.author_key) == key)
            )
        ).scalars()
    )
    replaced = [(name, FORMER_NAME) for name in names if len(name.strip()) >= 2]
    replaced += [(s.details, "") for s in mine if s.details.strip()]
    replaced += [(s.title, DELETED_TITLE) for s in plan.dropped]
    for text, instead in replaced:
        for form in {text, *variants(text)}:
            if form.strip():
                plan.words[form] = instead
    return plan


async def _others_care(session: AsyncSession, s: Suggestion, key: str) -> bool:
    """Someone else voted for or follows it, another suggestion was merged into it, or Undo
    of its merge would give someone else's vote or follow back to it."""
    checks = (
        select(func.count())
        .select_from(Vote)
        .where(col(Vote.suggestion_id) == s.id, col(Vote.voter_key) != key),
        select(func.count())
        .select_from(Follow)
        .where(
            col(Follow.suggestion_id) == s.id,
            col(Follow.member_key) != key,
            col(Follow.active).is_(True),
        ),
        select(func.count()).select_from(Suggestion).where(col(Suggestion.merged_into_id) == s.id),
        select(func.count())
        .select_from(MergeMove)
        .join(StatusChange, col(StatusChange.id) == col(MergeMove.change_id))
        .where(
            col(StatusChange.suggestion_id) == s.id,
            col(MergeMove.side) == SOURCE,
            col(MergeMove.member_key) != key,
        ),
    )
    for check in checks:
        if int((await session.execute(check)).scalar_one()):
            return True
    return False


def _anonymise(s: Suggestion, now: datetime) -> None:
    s.author_key = FORMER
    s.author_platform = ""
    s.author_user_id = ""
    s.author_name = ""
    s.anonymous = True
    s.details = ""
    s.updated_at = now


async def _unname_work(session: AsyncSession, key: str) -> None:
    """Decisions, events, resources and skips the member made stay, no longer naming them."""
    await session.execute(
        update(StatusChange).where(col(StatusChange.by_key) == key).values(by_key=FORMER)
    )
    await session.execute(update(Event).where(col(Event.created_by) == key).values(created_by=""))
    await session.execute(update(Resource).where(col(Resource.added_by) == key).values(added_by=""))
    await session.execute(
        update(Proposal)
        .where(col(Proposal.decided_by) == key)
        .values(decided_by="", decided_by_name="")
    )
    await session.execute(
        update(JourneySkip).where(col(JourneySkip.skipped_by) == key).values(skipped_by="")
    )


def _fragment(text: str) -> str:
    """`text` as it appears inside a queued message's JSON payload."""
    return json.dumps(text)[1:-1]


async def _scrub_deliveries(session: AsyncSession, words: dict[str, str]) -> None:
    """Messages queued to others lose the member's name and words; finished ones (kept a
    while for housekeeping) lose their payload altogether, as nothing reads it again."""
    if not words:
        return
    fragments = {_fragment(old): _fragment(new) for old, new in words.items()}
    found = await session.execute(
        select(Delivery).where(
            or_(*(col(Delivery.payload).contains(f, autoescape=True) for f in fragments))
        )
    )
    for row in found.scalars():
        payload = _replace(row.payload, fragments.items())
        if payload == row.payload:
            continue
        row.payload = payload if row.status in (PENDING, CLAIMED) else ""
        session.add(row)


def _replace(payload: str, pairs: Iterable[tuple[str, str]]) -> str:
    # Whole words only: forgetting "Ana" must not change "Analysis".
    for old, new in sorted(pairs, key=lambda pair: -len(pair[0])):
        pattern = re.compile(rf"(?<![\w]){re.escape(old)}(?![\w])")
        payload = pattern.sub(new.replace("\\", "\\\\"), payload)
    return payload
