"""What other features may ask of topic suggestions (kept small and stable)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.deps import Deps
from bot.mentions import neutralize
from storage import topics as store
from storage.models.topics import OPEN, REVIEW

# A button any feature may offer to turn text into a suggestion: Action(SUGGEST_ACTION, (text,)).
SUGGEST_ACTION = "topics.suggest"


@dataclass(frozen=True)
class TopicHit:
    id: int
    title: str
    votes: int


async def top_open(deps: Deps, limit: int = 3) -> list[TopicHit]:
    """The open suggestions with the most votes; titles are safe to show as they are."""
    async with deps.db.read() as session:
        rows = await store.top_alive(session, limit, (OPEN, REVIEW))
    return [TopicHit(s.id or 0, neutralize(s.title), votes) for s, votes in rows]
