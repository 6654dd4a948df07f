"""What other features may ask of the resource library (kept small and stable)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.deps import Deps


@dataclass(frozen=True)
class ResourceHit:
    id: int
    title: str
    url: str


async def find_similar(deps: Deps, text: str, limit: int = 3) -> list[ResourceHit]:
    """Library items that match `text` best (for duplicate checks of topic suggestions)."""
    return []
