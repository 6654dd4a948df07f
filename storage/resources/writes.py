"""Writes to the library: bulk upserts keyed by URL, edits, removals, link checks.

Every write keeps the vocabulary (`resource_words`) and the topic counts in step, in the
same transaction, so a search never needs to count anything itself.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage import dialect
from storage.models.resources import Resource, ResourceTopic, ResourceTopicCount, ResourceWord
from storage.resources.data import ResourceData, as_data, row_words, searchable_words
from storage.resources.text import fold

_WRITE_CHUNK = 4000  # rows per multi-row insert: stays under both drivers' bind limits


@dataclass(frozen=True)
class UpsertCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


async def upsert_many(
    session: AsyncSession, rows: Sequence[ResourceData], *, now: datetime, added_by: str = ""
) -> UpsertCounts:
    """Insert new rows and update changed ones in place, keyed by `url_key` (last one wins)."""
    latest = {row.url_key: row for row in rows}
    found = await session.execute(select(Resource).where(col(Resource.url_key).in_(list(latest))))
    existing = {row.url_key: row for row in found.scalars()}
    vocabulary: Counter[str] = Counter()
    updated: list[tuple[int, ResourceData]] = []
    unchanged = 0
    for key, data in latest.items():
        row = existing.get(key)
        if row is None or row.id is None:
            continue
        if as_data(row) == data:
            unchanged += 1
            continue
        vocabulary.subtract(row_words(row))
        vocabulary.update(searchable_words(data.columns()))
        for name, value in data.columns().items():
            setattr(row, name, value)
        row.updated_at = now
        updated.append((row.id, data))
    fresh = [data for key, data in latest.items() if key not in existing]
    added = await _insert(session, fresh, now=now, added_by=added_by)
    for data in fresh:
        vocabulary.update(searchable_words(data.columns()))
    await session.flush()
    await _replace_topics(session, updated, clear=True)
    await _replace_topics(session, added, clear=False)
    await _countsearchable_words(session, vocabulary)
    return UpsertCounts(len(added), len(updated), unchanged)


async def _insert(
    session: AsyncSession, rows: Sequence[ResourceData], *, now: datetime, added_by: str
) -> list[tuple[int, ResourceData]]:
    """Bulk insert (no ORM objects: a 100,000-row import spends its time in the index)."""
    if not rows:
        return []
    values = [
        {**data.columns(), "added_by": added_by, "added_at": now, "updated_at": now}
        for data in rows
    ]
    statement = insert(Resource).returning(col(Resource.id), sort_by_parameter_order=True)
    ids: list[int] = [i for i in (await session.execute(statement, values)).scalars() if i]
    return list(zip(ids, rows, strict=True))


async def _replace_topics(
    session: AsyncSession, rows: Sequence[tuple[int, ResourceData]], *, clear: bool
) -> None:
    """Write the topic rows of `rows` (replacing old ones with `clear`) and their counts."""
    if not rows:
        return
    delta: Counter[str] = Counter()
    names: dict[str, str] = {}
    if clear:
        ids = [resource_id for resource_id, _ in rows]
        old = await session.execute(
            delete(ResourceTopic)
            .where(col(ResourceTopic.resource_id).in_(ids))
            .returning(col(ResourceTopic.key))
        )
        delta.subtract(old.scalars())
    values = []
    for resource_id, data in rows:
        for key, name in _topic_keys(data.topics).items():
            values.append({"resource_id": resource_id, "key": key, "name": name})
            delta[key] += 1
            names[key] = name
    for start in range(0, len(values), _WRITE_CHUNK):
        await session.execute(insert(ResourceTopic), values[start : start + _WRITE_CHUNK])
    await _count_topics(session, delta, names)


def _topic_keys(topics: Iterable[str]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for name in topics:
        keys.setdefault(fold(name)[:100], name[:100])
    return keys


async def _count_topics(session: AsyncSession, delta: Counter[str], names: dict[str, str]) -> None:
    values = [
        {"key": key, "name": names.get(key, key), "docs": n}
        for key, n in sorted(delta.items())
        if n
    ]
    upsert = dialect.insert(session)
    for start in range(0, len(values), _WRITE_CHUNK):
        statement = upsert(ResourceTopicCount).values(values[start : start + _WRITE_CHUNK])
        statement = statement.on_conflict_do_update(
            index_elements=["key"],
            set_={"docs": col(ResourceTopicCount.docs) + statement.excluded.docs},
        )
        await session.execute(statement)
    if any(n < 0 for n in delta.values()):
        await session.execute(delete(ResourceTopicCount).where(col(ResourceTopicCount.docs) <= 0))


async def _countsearchable_words(session: AsyncSession, delta: Counter[str]) -> None:
    """Add `delta` to the vocabulary's document counts; words no resource uses any more go."""
    values = [{"word": w, "docs": n} for w, n in sorted(delta.items()) if n]
    upsert = dialect.insert(session)
    for start in range(0, len(values), _WRITE_CHUNK):
        statement = upsert(ResourceWord).values(values[start : start + _WRITE_CHUNK])
        statement = statement.on_conflict_do_update(
            index_elements=["word"], set_={"docs": col(ResourceWord.docs) + statement.excluded.docs}
        )
        await session.execute(statement)
    if any(n < 0 for n in delta.values()):
        await session.execute(delete(ResourceWord).where(col(ResourceWord.docs) <= 0))


async def replace(
    session: AsyncSession, resource_id: int, data: ResourceData, *, now: datetime
) -> Resource | None:
    """Overwrite one resource's fields (an organizer's edit); None if it is gone."""
    row = await session.get(Resource, resource_id)
    if row is None:
        return None
    delta = Counter(searchable_words(data.columns()))
    delta.subtract(row_words(row))
    for name, value in data.columns().items():
        setattr(row, name, value)
    row.updated_at = now
    await session.flush()
    await _replace_topics(session, [(resource_id, data)], clear=True)
    await _countsearchable_words(session, delta)
    return row


async def classify(session: AsyncSession, rows: Sequence[ResourceData]) -> UpsertCounts:
    """What `upsert_many` would do with `rows`, without writing anything (a dry run)."""
    latest = {row.url_key: row for row in rows}
    found = await session.execute(select(Resource).where(col(Resource.url_key).in_(list(latest))))
    existing = {row.url_key: as_data(row) for row in found.scalars()}
    added = sum(1 for key in latest if key not in existing)
    unchanged = sum(1 for key, data in latest.items() if existing.get(key) == data)
    return UpsertCounts(added, len(latest) - added - unchanged, unchanged)


async def remove(session: AsyncSession, resource_id: int) -> Resource | None:
    """Delete one resource (its topics go with it); None if it was not there."""
    row = await session.get(Resource, resource_id)
    if row is None:
        return None
    await _countsearchable_words(session, Counter({w: -1 for w in row_words(row)}))
    await _replace_topics(
        session, [(resource_id, dataclasses.replace(as_data(row), topics=()))], clear=True
    )
    await session.delete(row)
    return row


async def mark_verified(session: AsyncSession, resource_id: int, now: datetime) -> bool:
    result = await session.execute(
        update(Resource).where(col(Resource.id) == resource_id).values(verified_at=now)
    )
    return bool(getattr(result, "rowcount", 0))
