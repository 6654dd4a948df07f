"""Lookups: single resources, the whole library in chunks, vocabulary, topics, completion."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.resources import Resource, ResourceTopicCount
from storage.resources.text import fold, tokens


async def existing_keys(session: AsyncSession, keys: Iterable[str]) -> set[str]:
    wanted = list(keys)
    found = await session.execute(
        select(col(Resource.url_key)).where(col(Resource.url_key).in_(wanted))
    )
    return set(found.scalars())


async def get(session: AsyncSession, resource_id: int) -> Resource | None:
    return await session.get(Resource, resource_id)


async def get_by_key(session: AsyncSession, url_key: str) -> Resource | None:
    found = await session.execute(select(Resource).where(col(Resource.url_key) == url_key))
    return found.scalars().first()


async def count(session: AsyncSession) -> int:
    return int((await session.execute(select(func.count()).select_from(Resource))).scalar_one())


async def iter_all(session: AsyncSession, chunk: int = 1000) -> AsyncIterator[Resource]:
    """Every resource by id, a chunk at a time (export of a large library)."""
    last = 0
    while True:
        found = await session.execute(
            select(Resource).where(col(Resource.id) > last).order_by(col(Resource.id)).limit(chunk)
        )
        rows = list(found.scalars())
        for row in rows:
            yield row
        if len(rows) < chunk:
            return
        last = rows[-1].id or last


# Built once: this runs for most searches, and building a select costs more than running it.
_WORD_COUNTS = text(
    "SELECT word, docs, (SELECT max(id) FROM resources) FROM resource_words WHERE word IN :words"
).bindparams(bindparam("words", expanding=True))


async def word_counts(session: AsyncSession, words: Iterable[str]) -> tuple[dict[str, int], int]:
    """How many resources use each of `words` (absent = none), and about how many there are.

    The highest id stands in for the size: exact enough to call a word common, and O(1).
    """
    wanted = sorted(set(words))
    if not wanted:
        return {}, 0
    found = await session.execute(_WORD_COUNTS, {"words": wanted})
    rows = found.all()
    return {word: docs for word, docs, _ in rows}, int(rows[0][2] or 0) if rows else 0


async def words_like(
    session: AsyncSession, words: Sequence[str], spread: int = 2
) -> dict[str, list[tuple[str, int]]]:
    """For each of `words`, vocabulary words that could be it mistyped: same first letter,
    similar length (one query for all of them)."""
    wanted = [w for w in dict.fromkeys(words) if w]
    if not wanted:
        return {}
    values: dict[str, Any] = {}
    for i, w in enumerate(wanted):
        values.update({f"lo{i}": w[0], f"hi{i}": chr(ord(w[0]) + 1), f"short{i}": len(w) - spread})
        values[f"long{i}"] = len(w) + spread
    rows = (await session.execute(_words_like(len(wanted)), values)).all()
    return {
        w: [(v, d) for v, d in rows if v[0] == w[0] and abs(len(v) - len(w)) <= spread]
        for w in wanted
    }


@functools.lru_cache(maxsize=32)
def _words_like(count: int) -> Any:
    """The statement for `count` words, built once: building a select costs more than
    running this one."""
    ranges = " OR ".join(
        f"(word >= :lo{i} AND word < :hi{i} AND length(word) BETWEEN :short{i} AND :long{i})"
        for i in range(count)
    )
    return text(f"SELECT word, docs FROM resource_words WHERE {ranges}")


async def topic_counts(session: AsyncSession, limit: int | None = None) -> list[tuple[str, int]]:
    """Topics with how many resources carry each, most used first."""
    statement = select(col(ResourceTopicCount.name), col(ResourceTopicCount.docs)).order_by(
        col(ResourceTopicCount.docs).desc(), col(ResourceTopicCount.key)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return [(name, int(n)) for name, n in (await session.execute(statement)).all()]


async def complete(session: AsyncSession, prefix: str, limit: int) -> list[str]:
    """Topics, then titles, starting with `prefix` (case-insensitive), at most `limit`."""
    key = fold(prefix).strip() if tokens(prefix) else ""
    topics = select(col(ResourceTopicCount.name))
    if key:
        topics = topics.where(
            col(ResourceTopicCount.key) >= key, col(ResourceTopicCount.key) < key + "\uffff"
        )
    topics = topics.order_by(col(ResourceTopicCount.docs).desc()).limit(limit)
    out = list((await session.execute(topics)).scalars())
    words = tokens(prefix)[:8]
    if len(out) < limit and words:
        found = await session.execute(
            text(_title_prefix_sql(session)), _title_prefix(session, words)
        )
        out += [t for t in found.scalars() if t not in out]
    return out[:limit]


def _title_prefix_sql(session: AsyncSession) -> str:
    """Newest titles first: completion must answer at once, and FTS5 walks rowids newest
    first and stops at the limit, where ranking would score every match of a short prefix."""
    if session.get_bind().dialect.name == "postgresql":
        return (
            "SELECT r.title FROM resources r WHERE r.search_vector @@ to_tsquery('english', :q) "
            "ORDER BY r.id DESC LIMIT :limit"
        )
    return (
        "SELECT r.title FROM resources_fts CROSS JOIN resources r ON r.id = resources_fts.rowid "
        "WHERE resources_fts MATCH :q ORDER BY resources_fts.rowid DESC LIMIT :limit"
    )


def _title_prefix(session: AsyncSession, words: list[str]) -> dict[str, Any]:
    """Every word whole but the last, which may be cut short; titles only."""
    *whole, last = words
    if session.get_bind().dialect.name == "postgresql":
        parts = [f"{w}:A" for w in whole] + [f"{last}:*A"]
        return {"q": " & ".join(parts), "limit": 25}
    quoted = [f'"{w}"' for w in whole] + [f'"{last}"*']
    return {"q": "{title} : (" + " AND ".join(quoted) + ")", "limit": 25}
