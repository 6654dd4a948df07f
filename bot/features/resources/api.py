"""What other features may ask of the resource library (kept small and stable)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.deps import Deps
from bot.features.resources import unfurl
from bot.features.resources.forms import ADD, main_form
from bot.features.resources.query import search_clauses
from bot.features.resources.settings import ResourcesSettings
from bot.features.resources.thesaurus import Thesaurus
from bot.model import Reply
from storage import resources as store
from storage.resources.added import added_between as _added_between

__all__ = ["ADD", "ResourceHit", "ResourcesSettings", "Thesaurus", "find_similar", "main_form"]


@dataclass(frozen=True)
class ResourceHit:
    id: int
    title: str
    url: str


async def find_similar(deps: Deps, text: str, limit: int = 3) -> list[ResourceHit]:
    """Library items that match `text` best, any of its words or their synonyms (candidates
    for the duplicate check of topic suggestions, which compares them more closely)."""
    terms = search_clauses(text, deps.settings.section(ResourcesSettings).thesaurus())
    if not terms:
        return []
    async with deps.db.read() as session:
        page = await store.search(session, terms, any_term=True, limit=max(1, min(limit, 25)))
    return [ResourceHit(hit.id, hit.title, hit.url) for hit in page.hits]


async def link_previews(deps: Deps, urls: list[str]) -> dict[str, Reply]:
    """The library's card for each of `urls` that is a library item; others are left out."""
    return await unfurl.previews(deps, urls)


async def added_between(
    deps: Deps, since: datetime, until: datetime, limit: int = 10
) -> list[ResourceHit]:
    """Items added to the library in (since, until], newest first (a member's digest)."""
    async with deps.db.read() as session:
        rows = await _added_between(session, since, until, limit)
    return [ResourceHit(row.id or 0, row.title, row.url) for row in rows]
