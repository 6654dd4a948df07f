"""Starter content of the topics feature, loaded on first start into an empty database."""

from __future__ import annotations

from bot.deps import Deps


async def load(deps: Deps) -> int:
    """Load the starter content if this feature has none yet; returns how many items."""
    return 0
