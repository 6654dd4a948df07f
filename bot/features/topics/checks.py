"""What a decision may point at: an event on the calendar, a resource in the library, a
suggestion still alive. Anything else is refused with what to do instead."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import BadInput
from bot.features.topics import views
from bot.features.topics.lookup import existing
from storage import events as event_store
from storage import resources as resource_store
from storage.models.events import CANCELLED
from storage.models.topics import MERGED, PLANNED, VOTABLE, Suggestion


async def check_link(session: AsyncSession, status: str, kind: str, ref: str) -> None:
    """A numbered event or resource must exist (links are taken as given)."""
    if not ref.isascii() or not ref.isdigit():
        return
    number = int(ref)
    if kind == "event":
        event = await event_store.get(session, number)
        if event is None:
            raise BadInput(f"There is no event #{number}. /events lists the upcoming ones.")
        if event.status == CANCELLED:
            what = "plan it for" if status == PLANNED else "link"
            raise BadInput(
                f"Event #{number} ({event.title[:80]}) is cancelled; {what} another event."
            )
    elif kind == "resource" and await resource_store.get(session, number) is None:
        raise BadInput(
            f"There is no resource #{number}. Find its number with /resources, or give a link."
        )


def check_merge_target(target: Suggestion) -> None:
    """Votes may only move onto a suggestion that still takes them."""
    if target.status not in VOTABLE:
        raise BadInput(
            f"#{target.id} is {views.status_word(target.status)}, so it takes no votes; merge "
            "into an open, under-review or planned suggestion instead."
        )


async def decidable(session: AsyncSession, sid: int) -> Suggestion:
    """The suggestion, locked, if a decision can still be made on it."""
    s = await existing(session, sid, lock=True)
    if s.status == MERGED:
        raise BadInput(f"#{sid} was merged into #{s.merged_into_id}; decide on that one.")
    return s


async def merge_pair(
    session: AsyncSession, sid: int, into_id: int
) -> tuple[Suggestion, Suggestion]:
    """Both suggestions of a merge, locked in id order so two crossing merges cannot
    deadlock; the target must still take votes."""
    if sid == into_id:
        raise BadInput("A suggestion cannot be merged into itself.")
    first, second = sorted((sid, into_id))
    locked = {first: await decidable(session, first), second: await decidable(session, second)}
    check_merge_target(locked[into_id])
    return locked[sid], locked[into_id]
