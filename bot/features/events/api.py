"""What other features may ask of the calendar (kept small and stable)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.deps import Deps
from bot.model import Actor


@dataclass(frozen=True)
class EventHit:
    id: int
    title: str
    starts_at: datetime
    url: str | None = None


async def find_similar(deps: Deps, text: str, limit: int = 3) -> list[EventHit]:
    """Past and upcoming events whose title or description match `text`."""
    return []


async def upcoming_count(deps: Deps) -> int:
    """How many events are still to come (for journey placeholders)."""
    return 0


async def upcoming_for(deps: Deps, actor: Actor, limit: int = 3) -> list[EventHit]:
    """The next events, those `actor` asked to be reminded of first (for a home view)."""
    return []
