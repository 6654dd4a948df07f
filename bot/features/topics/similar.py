"""Is this idea already here? Open suggestions, library items and events compared with
`likeness` (rare words and thesaurus groups count, the field's common words barely do).

Candidates come from the library's search (any word or synonym) and the calendar (any
meaningful word); each is then compared title to title. At most three are shown, the most
alike first, each with the words that make it look the same.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.deps import Deps
from bot.features.events import api as events
from bot.features.resources import api as resources
from bot.features.resources.api import ResourcesSettings, Thesaurus
from bot.features.topics.likeness import COMMON_WEIGHT, Keys, Likeness, compare, keys
from bot.i18n import _
from storage import topics as store

log = logging.getLogger(__name__)
SHOWN = 3
CANDIDATES = 25  # library items and events compared per suggestion


@dataclass(frozen=True)
class Same:
    """Something already here that looks like the new idea, and why."""

    kind: str  # "suggestion", "resource" or "event"
    id: int
    title: str
    score: float
    why: str
    url: str | None = None
    votes: int = 0
    starts_at: datetime | None = None


@dataclass(frozen=True)
class Found:
    items: list[Same]

    def __bool__(self) -> bool:
        return bool(self.items)

    def of(self, kind: str) -> list[Same]:
        return [item for item in self.items if item.kind == kind]


def reason(like: Likeness) -> str:
    words = ", ".join(f"“{word}”" for word in like.shared[:4])
    return _("Both about {words}").format(words=words)


async def look_for(deps: Deps, title: str, limit: int = SHOWN) -> Found:
    """The same idea among live suggestions, in the library and in the calendar."""
    thesaurus = deps.settings.section(ResourcesSettings).thesaurus()
    mine = keys(title, thesaurus)
    found: list[Same] = []
    async with deps.db.read() as session:
        for sid, other in await store.alive_titles(session):
            if like := compare(mine, keys(other, thesaurus)):
                found.append(Same("suggestion", sid, other, like.score, reason(like)))
    found += await _library(deps, title, mine, thesaurus)
    found += await _calendar(deps, mine, thesaurus)
    best = sorted(found, key=lambda item: -item.score)[:limit]
    async with deps.db.read() as session:
        best = [await _with_votes(session, item) for item in best]
    return Found(best)


async def _with_votes(session: AsyncSession, item: Same) -> Same:
    if item.kind != "suggestion":
        return item
    votes = await store.vote_count(session, item.id)
    return Same(item.kind, item.id, item.title, item.score, item.why, votes=votes)


async def _library(deps: Deps, title: str, mine: Keys, thesaurus: Thesaurus) -> list[Same]:
    # A broken library search must not stop anyone from suggesting.
    try:
        hits = await resources.find_similar(deps, title, CANDIDATES)
    except Exception:
        log.exception("resource search failed while checking a suggestion for duplicates")
        return []
    return [
        Same("resource", hit.id, hit.title, like.score, reason(like), url=hit.url)
        for hit in hits
        if (like := compare(mine, keys(hit.title, thesaurus)))
    ]


async def _calendar(deps: Deps, mine: Keys, thesaurus: Thesaurus) -> list[Same]:
    words = " ".join(mine.shown[k] for k, w in mine.weights.items() if w > COMMON_WEIGHT)
    if not words:
        return []
    try:
        hits = await events.find_similar(deps, words, CANDIDATES, any_word=True)
    except Exception:
        log.exception("event search failed while checking a suggestion for duplicates")
        return []
    return [
        Same("event", e.id, e.title, like.score, reason(like), url=e.url, starts_at=e.starts_at)
        for e in hits
        if (like := compare(mine, keys(e.title, thesaurus)))
    ]
