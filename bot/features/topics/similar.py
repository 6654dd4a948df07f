"""Is this idea already here? Fuzzy matching of titles, tuned on real-looking suggestions.

Stop words go and plural endings are trimmed, then rapidfuzz compares the word sets. A set
match alone is too generous ("Health equity" is inside every other title here), so a pair
also needs its sorted words to be close, unless those alone are very close. The pairs in
tests/topics/test_similar.py show where the lines fall.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.deps import Deps
from bot.features.events import api as events
from bot.features.resources import api as resources
from storage import topics as store

log = logging.getLogger(__name__)
SET_MIN = 90.0
SORT_WITH_SET_MIN = 75.0
SORT_ALONE_MIN = 88.0
_STOP = frozenset(
    [
        "a",
        "about",
        "all",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "for",
        "from",
        "how",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "our",
        "the",
        "their",
        "to",
        "we",
        "what",
        "when",
        "why",
        "with",
    ]
)
_PUNCT = re.compile(r"[^\w\s]")


def normalize(text: str) -> str:
    text = _PUNCT.sub(" ", unicodedata.normalize("NFKC", text).casefold())
    words = [w for w in text.split() if w not in _STOP]
    return " ".join(_singular(w) for w in words)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def similarity(a: str, b: str) -> float | None:
    """A score out of 100 when `a` and `b` read as the same idea, else None."""
    na, nb = normalize(a), normalize(b)
    if not na or not nb:
        return None
    as_set = fuzz.token_set_ratio(na, nb)
    as_sorted = fuzz.token_sort_ratio(na, nb)
    if (as_set >= SET_MIN and as_sorted >= SORT_WITH_SET_MIN) or as_sorted >= SORT_ALONE_MIN:
        return (as_set + as_sorted) / 2
    return None


def best_matches(
    title: str, candidates: Sequence[tuple[int, str]], limit: int
) -> list[tuple[int, float]]:
    scored = [(i, s) for i, t in candidates if (s := similarity(title, t)) is not None]
    return sorted(scored, key=lambda pair: -pair[1])[:limit]


@dataclass(frozen=True)
class Found:
    suggestions: list[tuple[int, str, int]]  # id, title, votes
    resources: list[resources.ResourceHit]
    events: list[events.EventHit]

    def __bool__(self) -> bool:
        return bool(self.suggestions or self.resources or self.events)


async def look_for(deps: Deps, title: str, limit: int = 3) -> Found:
    """The same idea among live suggestions, in the library and in the calendar."""
    async with deps.db.read() as session:
        candidates = await store.alive_titles(session)
        titles = dict(candidates)
        matches = best_matches(title, candidates, limit)
        found = [(i, titles[i], await store.vote_count(session, i)) for i, _ in matches]
    # Titles only: the other searches rank short queries best, and details add noise.
    return Found(found, await _library(deps, title, limit), await _calendar(deps, title, limit))


async def _library(deps: Deps, query: str, limit: int) -> list[resources.ResourceHit]:
    # A broken library search must not stop anyone from suggesting.
    try:
        return (await resources.find_similar(deps, query, limit))[:limit]
    except Exception:
        log.exception("resource search failed while checking a suggestion for duplicates")
        return []


async def _calendar(deps: Deps, query: str, limit: int) -> list[events.EventHit]:
    try:
        return (await events.find_similar(deps, query, limit))[:limit]
    except Exception:
        log.exception("event search failed while checking a suggestion for duplicates")
        return []
