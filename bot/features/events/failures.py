"""/events failed: what the bot could not deliver after its last retry, and why."""

from __future__ import annotations

import json

from sqlalchemy.ext.asyncio import AsyncSession

from bot.deps import Deps
from bot.features.events.payload import EventPayload
from bot.features.events.router import router
from bot.model import Command, Field, Reply, Section
from bot.params import Params
from bot.words import counted
from storage import deliveries
from storage import events as store
from storage.models.deliveries import Delivery


@router.command(
    "events failed",
    "Posts the bot could not deliver, with why",
    organizer_only=True,
    examples=("/events failed",),
)
async def failed(cmd: Command, params: Params, deps: Deps) -> Reply:
    async with deps.db.read() as session:
        rows = await deliveries.failed(session, limit=9)
        whats = [await _what(session, row) for row in rows]
    if not rows:
        return Reply(text="No failed deliveries. Everything queued went out or is on its way.")
    sections = tuple(
        Section(
            title=f"{row.kind} to {row.platform} {row.target_type} {row.target_id}"[:150],
            fields=(
                Field.of("What", what),
                Field.of("Due", row.due_at.strftime("%Y-%m-%d %H:%M UTC")),
                Field.of("Attempts", str(row.attempts)),
                Field.of("Why", row.last_error or "unknown"),
            ),
            footer=f"key {row.key}"[:200],
        )
        for row, what in zip(rows, whats, strict=True)
    )
    shown = counted(len(rows), "failed delivery", "failed deliveries")
    return Reply(text=f"{shown} (newest first):", sections=sections)


async def _what(session: AsyncSession, row: Delivery) -> str:
    """A few words on what the post was: the event's title, or the message's first line."""
    about = EventPayload.read(row.payload or "{}")
    if about is not None:
        event = await store.get(session, about.event_id)
        return f"{event.title} (event #{event.id})" if event else f"event #{about.event_id}"
    try:
        payload = json.loads(row.payload or "{}")
    except ValueError:
        return "(unreadable)"
    if isinstance(payload, dict) and isinstance(payload.get("text"), str):
        return payload["text"].splitlines()[0][:200] if payload["text"] else "(empty)"
    return row.kind
