"""What other features may ask of topic suggestions (kept small and stable)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.deps import Deps
from bot.features.topics import posts, reasons, views
from bot.features.topics.digest import organizer_period, queue_periodic
from bot.features.topics.names import SUGGEST_ACTION
from bot.features.topics.notices import tell_followers
from bot.features.topics.settings import UNDO_SECONDS_MAX
from bot.model import Actor, Reply
from storage import topic_authors
from storage import topics as store
from storage.models.topics import COVERED, OPEN, PLANNED, REVIEW
from storage.topics.followed import decisions_for as _decisions_for

# How much of a member's details a topic card shows (privacy finds the cut text to erase it).
CARD_DETAILS = views.CARD_DETAILS
COMPACT_DETAILS = views.COMPACT_DETAILS
__all__ = [
    "CARD_DETAILS",
    "COMPACT_DETAILS",
    "SUGGEST_ACTION",
    "UNDO_SECONDS_MAX",
    "organizer_period",
    "queue_periodic",
]


def suggestion_form(text: str) -> Reply:
    """The /suggest form filled from a chat message: its first line (cut) as the title, the
    whole text as the details; the member edits both before suggesting."""
    from bot.features.topics import suggest  # suggest imports this module
    from bot.features.topics.text import TITLE_MAX, one_line

    body = text.strip()
    first = one_line(body.split("\n", 1)[0])
    title = first if len(first) <= TITLE_MAX else first[: TITLE_MAX - 1].rstrip() + "…"
    details = body if body != first else ""
    return suggest.form_reply(title, details)


@dataclass(frozen=True)
class TopicHit:
    id: int
    title: str
    votes: int


async def top_open(deps: Deps, limit: int = 3) -> list[TopicHit]:
    """The open suggestions with the most votes; titles as members wrote them (the adapter
    that renders one escapes it)."""
    async with deps.db.read() as session:
        rows = await store.top_alive(session, limit, (OPEN, REVIEW))
    return [TopicHit(s.id or 0, s.title, votes) for s, votes in rows]


# What becomes of suggestions planned for an event that is cancelled.
BACK_TO_REVIEW = "review"
KEEP_PLANNED = "keep"


async def planned_for_event(deps: Deps, event_id: int) -> int:
    async with deps.db.read() as session:
        return len(await store.planned_for_event(session, event_id))


async def event_cancelled(
    session: AsyncSession, deps: Deps, event_id: int, title: str, actor: Actor, choice: str
) -> tuple[int, int]:
    """Suggestions planned for the event go back to review, or stay planned (for a later
    event) without the link; their followers are told. Returns (suggestions, people told)."""
    now = deps.clock.now()
    told = 0
    planned = await store.planned_for_event(session, event_id)
    for s in planned:
        if choice == BACK_TO_REVIEW:
            status, reason = REVIEW, reasons.written(reasons.BACK_TO_REVIEW, title[:120])
        else:
            status, reason = PLANNED, reasons.written(reasons.STAYS_PLANNED, title[:120])
        change = await store.propose(
            session, s, status=status, by_key=actor.key, now=now, reason=reason
        )
        await store.apply(session, s, change, now)
        told += await tell_followers(session, deps, s, change, actor)
    return len(planned), told


async def authored(session: AsyncSession, keys: Sequence[str]) -> list[int]:
    """The suggestions these member keys wrote (before /privacy forgets them)."""
    return await topic_authors.authored_ids(session, keys)


async def redraw_forgotten(session: AsyncSession, deps: Deps, sids: Sequence[int]) -> None:
    """After /privacy: each post of a kept suggestion is edited to what is kept (anonymous,
    no details); each post of a deleted one says only that it was deleted."""
    for sid in sids:
        if await store.get(session, sid) is None:
            await posts.mark_gone(session, deps, sid)
        else:
            await posts.refresh(session, deps, sid)


async def planned_titles(session: AsyncSession, event_id: int) -> list[str]:
    """The titles of the suggestions planned for an event (a recording's topics)."""
    return [s.title for s in await store.planned_for_event(session, event_id)]


async def event_recorded(
    session: AsyncSession, deps: Deps, event_id: int, resource_id: int, actor: Actor
) -> tuple[int, int]:
    """The suggestions planned for the event are covered by its recording (a library item):
    their authors and voters get the covered notice, which carries the recording's link.
    Returns (suggestions, people told)."""
    now = deps.clock.now()
    told = 0
    planned = await store.planned_for_event(session, event_id)
    for s in planned:
        change = await store.propose(
            session,
            s,
            status=COVERED,
            by_key=actor.key,
            now=now,
            link_kind="resource",
            link_ref=str(resource_id),
        )
        await store.apply(session, s, change, now)
        told += await tell_followers(session, deps, s, change, actor)
    return len(planned), told


async def suggest_for_members(
    session: AsyncSession, deps: Deps, actor: Actor, title: str, details: str
) -> int:
    """An organizer posts members' idea (from anonymous feedback) as a suggestion in their
    own name; returns its number. BadInput when the words cannot be a title."""
    from bot.features.topics import suggest  # suggest imports this module
    from bot.features.topics.text import TITLE_MAX, Idea, checked_idea, one_line

    words = one_line(title)
    cut_title = words if len(words) <= TITLE_MAX else words[: TITLE_MAX - 1].rstrip() + "…"
    idea = checked_idea(Idea(cut_title, details))
    made = await suggest.add(session, deps, actor, idea, anonymous=False)
    assert made.id is not None
    return made.id


@dataclass(frozen=True)
class TopicDecision:
    """A decision on a suggestion: its number and title as written, the status in words,
    and the organizers' reason."""

    id: int
    title: str
    status: str
    reason: str


async def decisions_for(
    deps: Deps, person_key: str, since: datetime, until: datetime, limit: int = 5
) -> list[TopicDecision]:
    """Decisions made in (since, until] on suggestions the person wrote, voted for or
    follows (not those they stopped following), newest first."""
    async with deps.db.read() as session:
        rows = await _decisions_for(session, person_key, since, until, limit)
    return [
        TopicDecision(s.id or 0, s.title, views.status_word(c.status), c.reason) for s, c in rows
    ]
