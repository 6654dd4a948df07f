"""What other features may ask of the resource library (kept small and stable)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.deps import Deps
from bot.features.resources import unfurl
from bot.features.resources.forms import ADD, main_form
from bot.features.resources.picks import cards, picks
from bot.features.resources.query import search_clauses
from bot.features.resources.records import MAX_ITEM, MAX_ITEMS, RowError, to_data
from bot.features.resources.settings import ResourcesSettings
from bot.features.resources.thesaurus import Thesaurus
from bot.model import Reply
from storage import resources as store
from storage.resources.added import added_between as _added_between

__all__ = [
    "ADD",
    "RECORDING",
    "ResourceHit",
    "ResourcesSettings",
    "RowError",
    "Thesaurus",
    "cards",
    "find_similar",
    "keep_recording",
    "main_form",
    "picks",
]
RECORDING = "webinar recording"


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


async def keep_recording(
    session: AsyncSession,
    *,
    resource_id: int | None,
    url: str,
    title: str,
    topics: Sequence[str],
    description: str,
    added_by: str,
    now: datetime,
) -> int:
    """A session's recording as a library item of type webinar recording; returns its id.

    With `resource_id` (the recording was added before) that item takes the new link and
    fields. A link already in the library as another item is that item, left as it is.
    RowError when the link or a field cannot be stored (the caller says what to fix)."""
    kept = [t[:MAX_ITEM] for t in dict.fromkeys(t.strip() for t in topics) if t][:MAX_ITEMS]
    data = to_data(
        {
            "title": title,
            "url": url,
            "type": RECORDING,
            "topics": kept,
            "description": description,
        }
    )
    existing = await store.get_by_key(session, data.url_key)
    if existing is not None and existing.id is not None and existing.id != resource_id:
        return existing.id
    if resource_id is not None and await store.replace(session, resource_id, data, now=now):
        return resource_id
    await store.upsert_many(session, [data], now=now, added_by=added_by)
    row = await store.get_by_key(session, data.url_key)
    assert row is not None and row.id is not None
    return row.id


async def added_between(
    deps: Deps, since: datetime, until: datetime, limit: int = 10
) -> list[ResourceHit]:
    """Items added to the library in (since, until], newest first (a member's digest)."""
    async with deps.db.read() as session:
        rows = await _added_between(session, since, until, limit)
    return [ResourceHit(row.id or 0, row.title, row.url) for row in rows]
