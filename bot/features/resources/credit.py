"""The credit line of shared items: "Shared by <name>", for members who asked to be named."""

from __future__ import annotations

from bot.deps import Deps
from storage import resource_proposals as store


async def credits(deps: Deps, resource_ids: list[int]) -> dict[int, str]:
    """The name to credit on each of these items, for those a member shared with credit."""
    if not resource_ids:
        return {}
    async with deps.db.read() as session:
        found = await store.credits(session, resource_ids)
    return dict(found)
