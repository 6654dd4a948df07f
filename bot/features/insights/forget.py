"""/privacy's part in insights: delete a person's search rows, words and all.

A row is kept under a keyed hash of (words, person) (words.searcher), so a person's rows are
found by working out that hash for every kept phrase; a phrase only they searched is gone
with their rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from bot.deps import Deps
from bot.features.insights.tally import SearchTally
from bot.features.insights.words import searcher
from storage import insights as store


async def write_pending(deps: Deps) -> None:
    """Write the tally first, so none of the person's searches arrive after the delete."""
    await deps.state.get(SearchTally).flush_quietly(deps.db, deps.secrets.insights_key)


LABEL = "Searches counted for insights"


def _whos(key: str, words: list[str], people: Iterable[str]) -> list[str]:
    return [searcher(key, w, p) for w in words for p in set(people)] if key else []


async def searches_of(session: AsyncSession, key: str, people: Iterable[str]) -> int:
    """How many (week, words) rows are this person's, for /privacy's overview."""
    whos = _whos(key, await store.searched_words(session), people)
    return await store.count_rows_of(session, whos) if whos else 0


async def forget_searches(session: AsyncSession, key: str, people: Iterable[str]) -> int:
    """Delete the search rows of these person or account keys; returns how many went."""
    whos = _whos(key, await store.searched_words(session), people)
    return await store.forget_searches(session, whos) if whos else 0
