"""Queries on the resource library, and the one search interface over FTS5 and tsvector.

Search never sees raw user text: callers pass `terms`, each a tuple of folded letter/digit
tokens (several tokens make a phrase). Only this module turns them into an FTS5 MATCH
expression or a websearch_to_tsquery string, quoting every term itself, so no input can
produce a full-text syntax error.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models.resources import Resource, ResourceTopic, ResourceTopicCount, ResourceWord
from storage.types import UTCDateTime

# Snippet highlight markers: private-use characters, stripped from stored text on the way in.
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
_TOKEN = re.compile(r"[^\W_]+")
_MARKS = re.compile(f"[{MARK_OPEN}{MARK_CLOSE}]")
MAX_WORD = 40
_WRITE_CHUNK = 4000  # rows per multi-row insert: stays under both drivers' bind limits
_HEADLINE = (
    f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=28, MinWords=12, "
    "ShortWord=2, MaxFragments=1, FragmentDelimiter=' … '"
)

# ts_rank weights for D, C, B, A (description ... title); rank normalized by length (1).
_PG_WEIGHTS = "'{0.05, 0.1, 0.3, 1.0}'"

# A search matching more rows than this ranks only its newest this-many matches of each
# tier (title/topic matches, then the rest): ranking costs time per matching row.
RANK_WINDOW = 3000

Term = tuple[str, ...]


def fold(value: str) -> str:
    """Lowercase without diacritics, as the FTS5 tokenizer sees it (remove_diacritics 2)."""
    if value.isascii():
        return value.lower()
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(value: str) -> list[str]:
    """The letter/digit runs of `value`, folded: what the full-text index is made of."""
    return _TOKEN.findall(fold(value))


def is_word(token: str) -> bool:
    """A token worth keeping in the vocabulary (digits are never typos to fix)."""
    return 2 <= len(token) <= MAX_WORD and token.isalpha()


def strip_marks(value: str) -> str:
    return _MARKS.sub("", value)


@dataclass(frozen=True)
class ResourceData:
    """One resource as written: multi-valued fields as tuples, `url_key` its identity."""

    url_key: str
    url: str
    title: str
    description: str = ""
    type: str = "other"
    topics: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    organization: str = ""
    published: str = ""
    year: int | None = None

    def columns(self) -> dict[str, Any]:
        return {
            "url_key": self.url_key,
            "url": self.url,
            "title": self.title,
            "description": self.description,
            "type": self.type,
            "topics": "; ".join(self.topics),
            "authors": "; ".join(self.authors),
            "audience": "; ".join(self.audience),
            "organization": self.organization,
            "published": self.published,
            "year": self.year,
        }


def split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def as_data(row: Resource) -> ResourceData:
    return ResourceData(
        url_key=row.url_key,
        url=row.url,
        title=row.title,
        description=row.description,
        type=row.type,
        topics=split_list(row.topics),
        authors=split_list(row.authors),
        audience=split_list(row.audience),
        organization=row.organization,
        published=row.published,
        year=row.year,
    )


def _words(columns: dict[str, Any]) -> set[str]:
    searchable = " ".join(
        str(columns[name]) for name in ("title", "topics", "description", "organization", "authors")
    )
    return {t for t in tokens(searchable) if is_word(t)}


def _row_words(row: Resource) -> set[str]:
    return _words(row.model_dump())


# ---- writes ---------------------------------------------------------------------------


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
        vocabulary.subtract(_row_words(row))
        vocabulary.update(_words(data.columns()))
        for name, value in data.columns().items():
            setattr(row, name, value)
        row.updated_at = now
        updated.append((row.id, data))
    fresh = [data for key, data in latest.items() if key not in existing]
    added = await _insert(session, fresh, now=now, added_by=added_by)
    for data in fresh:
        vocabulary.update(_words(data.columns()))
    await session.flush()
    await _replace_topics(session, updated, clear=True)
    await _replace_topics(session, added, clear=False)
    await _count_words(session, vocabulary)
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
    upsert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for start in range(0, len(values), _WRITE_CHUNK):
        statement = upsert(ResourceTopicCount).values(values[start : start + _WRITE_CHUNK])
        statement = statement.on_conflict_do_update(
            index_elements=["key"],
            set_={"docs": col(ResourceTopicCount.docs) + statement.excluded.docs},
        )
        await session.execute(statement)
    if any(n < 0 for n in delta.values()):
        await session.execute(delete(ResourceTopicCount).where(col(ResourceTopicCount.docs) <= 0))


async def _count_words(session: AsyncSession, delta: Counter[str]) -> None:
    """Add `delta` to the vocabulary's document counts; words no resource uses any more go."""
    values = [{"word": w, "docs": n} for w, n in sorted(delta.items()) if n]
    upsert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
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
    delta = Counter(_words(data.columns()))
    delta.subtract(_row_words(row))
    for name, value in data.columns().items():
        setattr(row, name, value)
    row.updated_at = now
    await session.flush()
    await _replace_topics(session, [(resource_id, data)], clear=True)
    await _count_words(session, delta)
    return row


async def classify(session: AsyncSession, rows: Sequence[ResourceData]) -> UpsertCounts:
    """What `upsert_many` would do with `rows`, without writing anything (a dry run)."""
    latest = {row.url_key: row for row in rows}
    found = await session.execute(select(Resource).where(col(Resource.url_key).in_(list(latest))))
    existing = {row.url_key: as_data(row) for row in found.scalars()}
    added = sum(1 for key in latest if key not in existing)
    unchanged = sum(1 for key, data in latest.items() if existing.get(key) == data)
    return UpsertCounts(added, len(latest) - added - unchanged, unchanged)


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


async def remove(session: AsyncSession, resource_id: int) -> Resource | None:
    """Delete one resource (its topics go with it); None if it was not there."""
    row = await session.get(Resource, resource_id)
    if row is None:
        return None
    await _count_words(session, Counter({w: -1 for w in _row_words(row)}))
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


# ---- search -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    type: str | None = None
    topic: str | None = None  # folded topic key
    year: int | None = None
    org: str | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.type, self.topic, self.year, self.org))


@dataclass(frozen=True)
class Hit:
    id: int
    title: str
    url: str
    type: str
    organization: str
    published: str
    topics: str
    snippet: str  # description excerpt; matched words between MARK_OPEN and MARK_CLOSE
    verified_at: datetime | None = None


@dataclass(frozen=True)
class Page:
    """One page of results; `reachable` is how far paging goes (less than `total` only when
    a very broad search is ranked within its newest matches)."""

    hits: list[Hit]
    total: int
    reachable: int | None = None

    @property
    def last(self) -> int:
        return self.total if self.reachable is None else self.reachable


_HIT_COLUMNS = "r.id, r.title, r.url, r.type, r.organization, r.published, r.topics, r.verified_at"


def fts5_match(terms: Sequence[Term], *, any_term: bool = False) -> str:
    """An FTS5 MATCH expression made only of quoted terms; empty when there are none."""
    quoted = [
        '"' + " ".join(terms_part.replace('"', '""') for terms_part in term) + '"'
        for term in terms
        if term
    ]
    return (" OR " if any_term else " AND ").join(quoted)


def tsquery(terms: Sequence[Term], *, any_term: bool = False, weights: str = "") -> str:
    """A to_tsquery expression built only from letter/digit tokens and our own operators.

    PostgreSQL's parser reads ``COVID-19`` as ``covid`` then ``-19``, so a phrase with a number
    also tries that form. Stop words drop out with a notice, never an error.
    """
    groups = []
    mark = f":{weights}" if weights else ""
    for term in terms:
        phrase = " <-> ".join(f"{t}{mark}" for t in term)
        hyphened = " <-> ".join(
            f"{t}{mark}" if n == 0 or not t.isdigit() else f"-{t}{mark}" for n, t in enumerate(term)
        )
        groups.append(f"({phrase} | {hyphened})" if hyphened != phrase else f"({phrase})")
    return (" | " if any_term else " & ").join(groups)


def _filter_sql(filters: Filters, params: dict[str, Any], *, sqlite: bool) -> str:
    clauses = []
    if filters.type is not None:
        clauses.append("r.type = :type")
        params["type"] = filters.type
    if filters.year is not None:
        clauses.append("r.year = :year")
        params["year"] = filters.year
    if filters.org is not None:
        like = "LIKE" if sqlite else "ILIKE"
        clauses.append(f"r.organization {like} :org ESCAPE '\\'")
        params["org"] = "%" + re.sub(r"([%_\\])", r"\\\1", filters.org) + "%"
    if filters.topic is not None:
        clauses.append("r.id IN (SELECT t.resource_id FROM resource_topics t WHERE t.key = :topic)")
        params["topic"] = filters.topic
    return "".join(f" AND {clause}" for clause in clauses)


def _hit(row: Any, snippet: str, verified: Any) -> Hit:
    return Hit(
        id=row.id,
        title=row.title,
        url=row.url,
        type=row.type,
        organization=row.organization,
        published=row.published,
        topics=row.topics,
        snippet=snippet or "",
        verified_at=verified,
    )


async def search(
    session: AsyncSession,
    terms: Sequence[Term],
    *,
    any_term: bool = False,
    filters: Filters = Filters(),
    limit: int = 5,
    offset: int = 0,
    window: int = RANK_WINDOW,
) -> Page:
    """Ranked matches for `terms` (all of them, or any with `any_term`), best first.

    With no terms, the filtered library newest first. Never raises on the terms' content.
    A search matching more than `window` rows ranks within the newest ones (see `_tiered`).
    """
    terms = [term for term in terms if term]
    if not terms:
        return await _browse(session, filters, limit, offset)
    if session.get_bind().dialect.name == "postgresql":
        return await _search_pg(session, terms, any_term, filters, limit, offset, window)
    return await _search_sqlite(session, terms, any_term, filters, limit, offset, window)


_STRONG_SQLITE = "{title topics}"
# CROSS JOIN keeps the full-text match as the outer loop: with filters on `r`, SQLite would
# otherwise walk an index on resources and run the MATCH once per row.
_FTS_FIRST = "CROSS JOIN resources r ON r.id = resources_fts.rowid"
_SNIPPET = f"snippet(resources_fts, 2, '{MARK_OPEN}', '{MARK_CLOSE}', '…', 24)"


@dataclass(frozen=True)
class _Ranked:
    """How one backend counts and pages a full-text expression (see `_tiered`)."""

    session: AsyncSession
    where: str  # exact SQL filter checks, " AND ..." or ""
    params: dict[str, Any]
    window: int = RANK_WINDOW

    async def scalar(self, sql: str, **extra: Any) -> int:
        value = (await self.session.execute(text(sql), {**self.params, **extra})).scalar()
        return int(value or 0)


class _Sqlite(_Ranked):
    def _source(self) -> str:
        if not self.where:
            return "FROM resources_fts WHERE resources_fts MATCH :q"
        return f"FROM resources_fts {_FTS_FIRST} WHERE resources_fts MATCH :q{self.where}"

    async def count(self, q: str) -> int:
        return await self.scalar(f"SELECT count(*) {self._source()}", q=q)

    async def floor(self, q: str) -> int:
        return await self.scalar(
            f"SELECT min(id) FROM (SELECT resources_fts.rowid AS id {self._source()} "
            "ORDER BY resources_fts.rowid DESC LIMIT :window)",
            q=q,
            window=self.window,
        )

    async def page(self, q: str, floor: int, limit: int, offset: int) -> list[Hit]:
        sql = (
            f"SELECT {_HIT_COLUMNS}, {_SNIPPET} AS snip FROM resources_fts {_FTS_FIRST} "
            f"WHERE resources_fts MATCH :q AND resources_fts.rowid >= :floor{self.where} "
            "ORDER BY resources_fts.rank LIMIT :limit OFFSET :offset"
        )
        values = {**self.params, "q": q, "floor": floor, "limit": limit, "offset": offset}
        rows = await self.session.execute(_typed(sql), values)
        return [_hit(row, row.snip, row.verified_at) for row in rows]


class _Postgres(_Ranked):
    def _source(self) -> str:
        return f"FROM resources r WHERE r.search_vector @@ to_tsquery('english', :q){self.where}"

    async def count(self, q: str) -> int:
        return await self.scalar(f"SELECT count(*) {self._source()}", q=q)

    async def floor(self, q: str) -> int:
        return await self.scalar(
            f"SELECT min(id) FROM (SELECT r.id {self._source()} "
            "ORDER BY r.id DESC LIMIT :window) newest",
            q=q,
            window=self.window,
        )

    async def page(self, q: str, floor: int, limit: int, offset: int) -> list[Hit]:
        query = "to_tsquery('english', :q)"
        sql = (
            f"SELECT {_HIT_COLUMNS}, ts_headline('english', r.description, {query}, :hl) AS snip "
            f"FROM (SELECT r.id, ts_rank({_PG_WEIGHTS}, r.search_vector, {query}, 1) AS rank "
            f"{self._source()} AND r.id >= :floor ORDER BY rank DESC, r.id "
            "LIMIT :limit OFFSET :offset) page "
            "JOIN resources r ON r.id = page.id ORDER BY page.rank DESC, r.id"
        )
        values = {**self.params, "q": q, "hl": _HEADLINE, "floor": floor}
        rows = await self.session.execute(_typed(sql), {**values, "limit": limit, "offset": offset})
        return [_hit(row, row.snip, row.verified_at) for row in rows]


async def _tiered(
    backend: _Sqlite | _Postgres,
    full: str,
    strong: str,
    rest: str,
    limit: int,
    offset: int,
) -> Page:
    """Rank all matches when there are few; otherwise title/topic matches first, then the
    rest, each ranked within its newest `window` matches. Counts stay exact."""
    total = await backend.count(full)
    if total <= backend.window:
        found = await backend.page(full, 0, limit, offset) if offset < total else []
        return Page(found, total)
    strong_total = await backend.count(strong)
    tiers = ((strong, strong_total), (rest, total - strong_total))
    hits: list[Hit] = []
    start = offset
    for q, size in tiers:
        reach = min(size, backend.window)
        if len(hits) < limit and start < reach:
            floor = await backend.floor(q) if size > backend.window else 0
            hits += await backend.page(q, floor, limit - len(hits), start)
        start = max(0, start - reach)
    reachable = sum(min(size, backend.window) for _, size in tiers)
    return Page(hits, total, reachable)


async def _search_sqlite(
    session: AsyncSession,
    terms: Sequence[Term],
    any_term: bool,
    filters: Filters,
    limit: int,
    offset: int,
    window: int,
) -> Page:
    params: dict[str, Any] = {}
    where = _filter_sql(filters, params, sqlite=True)
    expr = fts5_match(terms, any_term=any_term)
    scope = _fts5_scope(filters)
    full = f"({expr}){scope}"
    strong = f"({_STRONG_SQLITE} : ({expr})){scope}"
    rest = f"(({expr}){scope}) NOT ({_STRONG_SQLITE} : ({expr}))"
    backend = _Sqlite(session, where, params, window)
    return await _tiered(backend, full, strong, rest, limit, offset)


def _fts5_scope(filters: Filters) -> str:
    """Filters as FTS5 column phrases, so the index narrows the match before any join.

    They only narrow: the exact checks stay in SQL (a topic phrase may sit inside a longer
    topic, an organization's words inside a longer name).
    """
    scope = []
    if filters.type is not None:
        scope.append("{type} : " + fts5_match([tuple(tokens(filters.type))]))
    if filters.year is not None:
        scope.append('{published} : ^ "' + str(filters.year) + '"')
    topic = tuple(tokens(filters.topic or ""))[:8]
    if topic:
        scope.append("{topics} : " + fts5_match([topic]))
    org = tuple(tokens(filters.org or ""))[:8]
    if org:
        # The last word may be cut short (org:sat finds Satcher), as LIKE would allow.
        scope.append("{organization} : " + fts5_match([org]) + "*")
    return "".join(f" AND {part}" for part in scope)


async def _search_pg(
    session: AsyncSession,
    terms: Sequence[Term],
    any_term: bool,
    filters: Filters,
    limit: int,
    offset: int,
    window: int,
) -> Page:
    params: dict[str, Any] = {}
    where = _filter_sql(filters, params, sqlite=False)
    full = tsquery(terms, any_term=any_term)
    strong = tsquery(terms, any_term=any_term, weights="AB")
    rest = f"({full}) & !({strong})"
    backend = _Postgres(session, where, params, window)
    return await _tiered(backend, full, strong, rest, limit, offset)


async def _browse(session: AsyncSession, filters: Filters, limit: int, offset: int) -> Page:
    params: dict[str, Any] = {}
    sqlite = session.get_bind().dialect.name != "postgresql"
    source = f"FROM resources r WHERE 1 = 1{_filter_sql(filters, params, sqlite=sqlite)}"
    total = (await session.execute(text(f"SELECT count(*) {source}"), params)).scalar_one()
    if not total or offset >= total:
        return Page([], int(total))
    page_sql = (
        f"SELECT {_HIT_COLUMNS}, r.description {source} "
        "ORDER BY r.added_at DESC, r.id DESC LIMIT :limit OFFSET :offset"
    )
    rows = await session.execute(_typed(page_sql), {**params, "limit": limit, "offset": offset})
    return Page([_hit(row, row.description, row.verified_at) for row in rows], int(total))


def _typed(sql: str) -> Any:
    """A text query whose verified_at comes back as an aware UTC datetime on both backends."""
    return text(sql).columns(verified_at=UTCDateTime())


# ---- vocabulary, topics, completion ------------------------------------------------------


async def word_counts(session: AsyncSession, words: Iterable[str]) -> tuple[dict[str, int], int]:
    """How many resources use each of `words` (absent = none), and about how many there are.

    The highest id stands in for the size: exact enough to call a word common, and O(1).
    """
    wanted = sorted(set(words))
    if not wanted:
        return {}, 0
    size = select(func.max(col(Resource.id))).scalar_subquery()
    found = await session.execute(
        select(col(ResourceWord.word), col(ResourceWord.docs), size).where(
            col(ResourceWord.word).in_(wanted)
        )
    )
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
    ranges = [
        (col(ResourceWord.word) >= w[0])
        & (col(ResourceWord.word) < chr(ord(w[0]) + 1))
        & func.length(col(ResourceWord.word)).between(len(w) - spread, len(w) + spread)
        for w in wanted
    ]
    found = await session.execute(
        select(col(ResourceWord.word), col(ResourceWord.docs)).where(or_(*ranges))
    )
    rows = found.all()
    return {
        w: [(v, d) for v, d in rows if v[0] == w[0] and abs(len(v) - len(w)) <= spread]
        for w in wanted
    }


async def topic_counts(session: AsyncSession, limit: int | None = None) -> list[tuple[str, int]]:
    """Topics with how many resources carry each, most used first."""
    statement = select(col(ResourceTopicCount.name), col(ResourceTopicCount.docs)).order_by(
        col(ResourceTopicCount.docs).desc(), col(ResourceTopicCount.key)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return [(name, int(n)) for name, n in (await session.execute(statement)).all()]


async def latest(session: AsyncSession, limit: int) -> list[Hit]:
    return (await _browse(session, Filters(), limit, 0)).hits


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
    if session.get_bind().dialect.name == "postgresql":
        return (
            "SELECT r.title FROM resources r WHERE r.search_vector @@ to_tsquery('english', :q) "
            "ORDER BY r.title LIMIT :limit"
        )
    return (
        "SELECT r.title FROM resources_fts JOIN resources r ON r.id = resources_fts.rowid "
        "WHERE resources_fts MATCH :q ORDER BY resources_fts.rank LIMIT :limit"
    )


def _title_prefix(session: AsyncSession, words: list[str]) -> dict[str, Any]:
    """Every word whole but the last, which may be cut short; titles only."""
    *whole, last = words
    if session.get_bind().dialect.name == "postgresql":
        parts = [f"{w}:A" for w in whole] + [f"{last}:*A"]
        return {"q": " & ".join(parts), "limit": 25}
    quoted = [f'"{w}"' for w in whole] + [f'"{last}"*']
    return {"q": "{title} : (" + " AND ".join(quoted) + ")", "limit": 25}
