"""Mirror the collaborative's events as Discord Guild Scheduled Events (create, update, cancel).

Members then see them in Discord's own Events list. The events feature knows nothing of
this: it (or the lead's wiring) hands `EventMirror` plain `MirroredEvent`s, either one at
a time (`upsert`, `cancel`) or as the whole upcoming list (`sync`, idempotent: it creates
what is missing, updates what changed and cancels what disappeared). Which Discord event
mirrors which of ours lives in the `discord_scheduled_events` table, with a fingerprint
so an unchanged event costs no API call.

Requests go through discord.py's HTTP client (its rate-limit handling) rather than a
cached Guild, so mirroring works before the gateway has delivered the guild list.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import discord

from adapters.discord import limits as dl
from bot.deps import Deps
from storage import discord as store

log = logging.getLogger(__name__)
EXTERNAL = 3  # entity_type: somewhere outside Discord (a Zoom link, a room)
GUILD_ONLY = 2  # privacy_level
CANCELED = 4  # status
NAME = dl.EVENT_NAME
DESCRIPTION = dl.EVENT_DESCRIPTION
LOCATION = dl.EVENT_LOCATION
DEFAULT_LENGTH = timedelta(hours=1)
KEEP_PAST = timedelta(days=2)


@dataclass(frozen=True)
class MirroredEvent:
    """What Discord needs to show one of our events; `ref` is our stable event id."""

    ref: str
    title: str
    description: str
    start: datetime
    end: datetime | None = None
    location: str = ""  # a place or a join URL

    def payload(self) -> dict[str, Any]:
        end = self.end if self.end and self.end > self.start else self.start + DEFAULT_LENGTH
        return {
            "name": _cut(self.title.strip() or "Event", NAME),
            "description": _cut(self.description.strip(), DESCRIPTION),
            "entity_type": EXTERNAL,
            "privacy_level": GUILD_ONLY,
            "scheduled_start_time": self.start.isoformat(),
            "scheduled_end_time": end.isoformat(),
            "entity_metadata": {"location": _cut(self.location.strip() or "Online", LOCATION)},
        }

    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps(self.payload(), sort_keys=True).encode()).hexdigest()


EventSource = Callable[[Deps], Awaitable[Sequence[MirroredEvent]]]


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class EventMirror:
    def __init__(self, client: discord.Client, deps: Deps) -> None:
        self.client = client
        self.deps = deps

    def guild_ids(self) -> list[int]:
        """The configured guilds, or every guild the bot is in when none are listed."""
        configured = self.deps.settings.discord.guild_ids
        return list(configured) if configured else [g.id for g in self.client.guilds]

    async def upsert(self, event: MirroredEvent) -> Counter[str]:
        """Create or update `event` in every guild; events already under way are left alone."""
        outcome: Counter[str] = Counter()
        if event.start <= self.deps.clock.now():
            outcome["past"] += 1  # Discord refuses a start time in the past
            return outcome
        for guild_id in self.guild_ids():
            outcome[await self._upsert_in(guild_id, event)] += 1
        return outcome

    async def _upsert_in(self, guild_id: int, event: MirroredEvent) -> str:
        async with self.deps.db.read() as session:
            row = await store.mirrored(session, event.ref, str(guild_id))
        fingerprint = event.fingerprint()
        if row is not None and row.fingerprint == fingerprint:
            return "unchanged"
        http = self.client.http
        try:
            if row is not None:
                try:
                    data = await http.edit_scheduled_event(
                        guild_id, int(row.discord_event_id), **event.payload()
                    )
                    status = "updated"
                except discord.NotFound:  # someone deleted it in Discord: show it again
                    data = await http.create_guild_scheduled_event(guild_id, **event.payload())
                    status = "created"
            else:
                data = await http.create_guild_scheduled_event(guild_id, **event.payload())
                status = "created"
        except discord.HTTPException as error:
            log.warning("could not mirror event %s in guild %s: %s", event.ref, guild_id, error)
            return "failed"
        async with self.deps.db.session() as session:
            await store.remember(
                session,
                event_ref=event.ref,
                guild_id=str(guild_id),
                discord_event_id=str(data["id"]),
                fingerprint=fingerprint,
                starts_at=event.start,
                now=self.deps.clock.now(),
            )
        return status

    async def cancel(self, ref: str) -> Counter[str]:
        """Cancel the mirrored event in every guild (and forget it)."""
        outcome: Counter[str] = Counter()
        async with self.deps.db.read() as session:
            rows = [r for r in await store.all_mirrored(session) if r.event_ref == ref]
        for row in rows:
            outcome[await self._cancel_row(row.guild_id, row.discord_event_id, ref)] += 1
        return outcome

    async def _cancel_row(self, guild_id: str, discord_event_id: str, ref: str) -> str:
        try:
            await self.client.http.edit_scheduled_event(
                int(guild_id), int(discord_event_id), status=CANCELED
            )
            status = "cancelled"
        except discord.NotFound:
            status = "gone"
        except discord.HTTPException as error:
            if error.status >= 500 or error.status == 429:
                log.warning("could not cancel mirrored event %s: %s", ref, error)
                return "failed"  # kept, so the next sync tries again
            status = "gone"  # already started or finished: nothing to cancel
        async with self.deps.db.session() as session:
            await store.forget(session, ref, guild_id)
        return status

    async def sync(self, events: Sequence[MirroredEvent]) -> Counter[str]:
        """Make Discord match `events` (the upcoming ones): idempotent, safe to run often."""
        outcome: Counter[str] = Counter()
        for event in events:
            outcome += await self.upsert(event)
        wanted = {event.ref for event in events}
        now = self.deps.clock.now()
        async with self.deps.db.read() as session:
            stale = {
                r.event_ref
                for r in await store.all_mirrored(session)
                if r.event_ref not in wanted and r.starts_at > now
            }
        for ref in sorted(stale):
            outcome += await self.cancel(ref)
        async with self.deps.db.session() as session:
            await store.forget_before(session, now - KEEP_PAST)
        return outcome
