"""Organizers hide a suggestion (spam, someone's personal details posted as a topic).

Hiding is a decision like the others (`/topics hide <n> <reason>`, confirmed, undoable for
`[topics] undo_seconds`, kept in the suggestion's history): its channel post then shows only
its number and "hidden by organizers", it leaves every list, the suggester alone is told
why, and each organizers' channel hears who hid which number and why (never the title).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.queue import send_message
from bot.deps import Deps
from bot.features.topics import views
from bot.model import Actor, Reply
from storage.models.topics import StatusChange, Suggestion


def logged(s: Suggestion, change: StatusChange, actor: Actor) -> Reply:
    who = actor.display_name or "An organizer"
    text = (
        f"{who} hid suggestion {views.number(s)}. Why: {change.reason} "
        f"(/topics show {s.id} for what it said; the suggester was told)."
    )
    return Reply(text=text[:2000], private=False)


async def tell_organizers(
    session: AsyncSession,
    deps: Deps,
    s: Suggestion,
    change: StatusChange,
    actor: Actor,
    due_at: datetime,
) -> int:
    """Queue the note of a hide to every organizers' channel, held with the decision's
    notices (keyed as one of them, so Undo withdraws it too)."""
    places = deps.settings.places("organizers", deps.platforms)
    for place in places:
        await send_message(
            session,
            key=f"topics.notice:{change.id}:organizers:{place.platform}:{place.channel_id}",
            target=place,
            reply=logged(s, change, actor),
            now=deps.clock.now(),
            due_at=due_at,
            ref=f"topic:{s.id}",
        )
    return len(places)
