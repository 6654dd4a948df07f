"""The one search interface: ranked matches on SQLite FTS5 or PostgreSQL tsvector.

A search matching more rows than its window ranks title/topic matches first, then the rest,
each within its newest `window` matches, and counts no further than the window: ranking and
counting both cost time per matching row (PostgreSQL visits each matching row to count it).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.resources.expressions import (
    NO_FILTERS,
    Filters,
    filter_sql,
    fts5_match,
    fts5_scope,
    tsquery,
)
from storage.resources.lexemes import normalized
from storage.resources.text import MARK_CLOSE, MARK_OPEN, Clause
from storage.types import UTCDateTime

_HEADLINE = (
    f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=28, MinWords=12, "
    "ShortWord=2, MaxFragments=1, FragmentDelimiter=' … '"
)

# ts_rank weights for D, C, B, A (description ... title); rank normalized by length (1).
_PG_WEIGHTS = "'{0.05, 0.1, 0.3, 1.0}'"

# A search matching more rows than this ranks only its newest this-many matches of each
# tier (title/topic matches, then the rest): ranking costs time per matching row.
RANK_WINDOW = 1000


Tier = Literal["all", "strong", "rest"]
ALL: Tier = "all"
STRONG: Tier = "strong"
REST: Tier = "rest"


@dataclass(frozen=True)
class Query:
    """What one statement matches: a full-text expression, and which of its rows.

    `match` is an FTS5 MATCH expression or a tsquery. SQLite writes each tier as its own
    expression (so `tier` stays ALL); PostgreSQL asks one tsquery of two vectors, and
    `tier` says which rows: all matches, title/topic ones (STRONG), or the rest (REST).
    """

    match: str
    tier: Tier = ALL
    spanish: str = ""  # PostgreSQL: the same terms as a `spanish` tsquery


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
    language: str = "en"


@dataclass(frozen=True)
class Page:
    """One page of results. A very broad search (more matches than the window) is not
    counted to the end: `exact` is False and `total` is the window ("more than 1,000");
    `reachable` is then how far paging goes."""

    hits: list[Hit]
    total: int
    reachable: int | None = None
    exact: bool = True

    @property
    def last(self) -> int:
        return self.total if self.reachable is None else self.reachable


_HIT_COLUMNS = (
    "r.id, r.title, r.url, r.type, r.organization, r.published, r.topics, r.verified_at, r.language"
)


def hit_of(row: Any, snippet: str | None = None) -> Hit:
    """A result row (or a Resource) as a Hit; the snippet is the `snip` column unless given."""
    return Hit(
        id=row.id,
        title=row.title,
        url=row.url,
        type=row.type,
        organization=row.organization,
        published=row.published,
        topics=row.topics,
        snippet=(row.snip if snippet is None else snippet) or "",
        verified_at=row.verified_at,
        language=row.language,
    )


async def search(
    session: AsyncSession,
    terms: Sequence[Clause],
    *,
    any_term: bool = False,
    filters: Filters = NO_FILTERS,
    limit: int = 5,
    offset: int = 0,
    window: int = RANK_WINDOW,
    total: int | None = None,
    small: bool = False,
    prefer: str = "",
) -> Page:
    """Ranked matches for `terms` (all of them, or any with `any_term`), best first.

    With no terms, the filtered library newest first. Never raises on the terms' content.
    A search matching more than `window` rows ranks within the newest ones (see `_tiered`).
    `total`, when a `survey` already counted these terms and filters (up to `window` + 1),
    saves counting again; `small` (the library is a few windows at most, so counting every
    match costs little) lets the page count as it goes, and a count past the window then
    ranks in tiers. `prefer` (a language code) ranks that language's matches first.
    """
    terms = [term for term in terms if term]
    if not terms:
        return await _browse(session, filters, limit, offset)
    backend, full, strong, rest = await _plan(session, terms, any_term, filters, window, prefer)
    if isinstance(backend, _Postgres) and await _narrow(session, filters):
        return await backend.all_ranked(full, limit, offset, total)
    return await _tiered(backend, full, strong, rest, limit, offset, total, small)


_TOPIC_DOCS = (
    "SELECT coalesce(sum(docs), 0) FROM resource_topic_counts "
    "WHERE key >= :topic AND key < :topic_end"
)


async def _narrow(session: AsyncSession, filters: Filters) -> bool:
    """Whether the filters alone leave few enough items to rank every match at once: a
    topic most items lack. (Tiering re-reads the filtered items once per statement.)"""
    if filters.topic is None:
        return False
    sql = text(_TOPIC_DOCS)
    values = {"topic": filters.topic, "topic_end": filters.topic + "\uffff"}
    return int((await session.execute(sql, values)).scalar_one()) <= NARROW


_STRONG_SQLITE = "{title topics title_stems}"
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
    prefer: str = ""  # a language whose matches rank first

    def source(self, q: Query) -> str:
        """FROM and WHERE selecting the rows that match `q` (with the filters)."""
        raise NotImplementedError

    def bind(self, q: Query) -> dict[str, Any]:
        """The parameters `source(q)` needs."""
        return {**self.params, "q": q.match}

    def counting(self, q: Query, counted: bool) -> str:
        """An extra column counting every match: evaluated once, as it does not depend on
        the row, so a page of a small library costs one statement, not two."""
        return f", (SELECT count(*) {self.source(q)}) AS total" if counted else ""

    async def rows(
        self, q: Query, floor: int, limit: int, offset: int, counted: bool = False
    ) -> Sequence[Any]:
        raise NotImplementedError

    async def page(self, q: Query, floor: int, limit: int, offset: int) -> list[Hit]:
        """Ranked matches of `q` from id `floor` on (0: all of them)."""
        return [hit_of(row) for row in await self.rows(q, floor, limit, offset)]

    async def counted_page(self, q: Query, limit: int, offset: int) -> tuple[list[Hit], int | None]:
        """A page and the count of all matches (None when the page is empty)."""
        rows = await self.rows(q, 0, limit, offset, counted=True)
        return [hit_of(row) for row in rows], int(rows[0].total) if rows else None

    async def count(self, q: Query) -> int:
        """How many rows match `q`, counting no further than `window` + 1."""
        sql = f"SELECT count(*) FROM (SELECT 1 {self.source(q)} LIMIT :cap) capped"
        return await self.scalar(sql, q, cap=self.window + 1)

    async def tier(self, q: Query, limit: int, offset: int) -> tuple[int, list[Hit]]:
        """How many rows match `q` (up to the window + 1), and the page at `offset` of its
        newest `window` matches, ranked."""
        raise NotImplementedError

    async def scalar(self, sql: str, q: Query, **extra: Any) -> int:
        value = (await self.session.execute(text(sql), {**self.bind(q), **extra})).scalar()
        return int(value or 0)


class _Sqlite(_Ranked):
    def source(self, q: Query) -> str:
        if not self.where:
            return "FROM resources_fts WHERE resources_fts MATCH :q"
        return f"FROM resources_fts {_FTS_FIRST} WHERE resources_fts MATCH :q{self.where}"

    def newest_sql(self, q: Query) -> str:
        return (
            f"SELECT min(id) FROM (SELECT resources_fts.rowid AS id {self.source(q)} "
            "ORDER BY resources_fts.rowid DESC LIMIT :window)"
        )

    async def tier(self, q: Query, limit: int, offset: int) -> tuple[int, list[Hit]]:
        """As `_Ranked.tier`: the count and the newest window's floor, then the page."""
        size, floor = await self.newest(q)
        reach = min(size, self.window)
        hits = await self.page(q, floor, limit, offset) if limit > 0 and offset < reach else []
        return size, hits

    async def newest(self, q: Query) -> tuple[int, int]:
        """The (capped) count of `q`'s matches and, when there are more than the window,
        the lowest id among its newest `window` (the floor that keeps ranking within them)."""
        size = await self.count(q)
        if size <= self.window:
            return size, 0
        return size, await self.scalar(self.newest_sql(q), q, window=self.window)

    async def rows(
        self, q: Query, floor: int, limit: int, offset: int, counted: bool = False
    ) -> Sequence[Any]:
        first = "(r.language = :prefer) DESC, " if self.prefer else ""
        sql = (
            f"SELECT {_HIT_COLUMNS}, {_SNIPPET} AS snip{self.counting(q, counted)} "
            f"FROM resources_fts {_FTS_FIRST} "
            f"WHERE resources_fts MATCH :q AND resources_fts.rowid >= :floor{self.where} "
            f"ORDER BY {first}resources_fts.rank LIMIT :limit OFFSET :offset"
        )
        values = {**self.params, "q": q.match, "floor": floor, "limit": limit, "offset": offset}
        values["prefer"] = self.prefer
        return (await self.session.execute(_typed(sql), values)).all()


# A topic filter keeping no more items than this ranks all its matches at once (PostgreSQL).
NARROW = 5000

# The newest rows a PostgreSQL count also looks at, to see how dense the matches are there.
PROBE = 2000
# How many times the window the span of newest rows read for a broad tier should hold.
SPAN = 1.5

# A Spanish item also matches through its `spanish` vectors (empty for any other item).
_PG_FULL = "(r.search_vector @@ CAST(:q AS tsquery) OR r.spanish_vector @@ CAST(:qe AS tsquery))"
_PG_TITLE_TOPICS = (
    "(r.strong_vector @@ CAST(:s AS tsquery) OR r.spanish_strong @@ CAST(:se AS tsquery))"
)
_PG_QUERY = "CAST(:rq AS tsquery)"
_PG_SPANISH_QUERY = "CAST(:rqe AS tsquery)"
_PG_SPANISH = "r.language = 'es'"
# The description's excerpt, its matched words marked, read as the item's language.
_PG_HEADLINE = (
    f"CASE WHEN {_PG_SPANISH} THEN ts_headline('spanish', r.description, "
    f"{_PG_SPANISH_QUERY} || {_PG_QUERY}, :hl) "
    f"ELSE ts_headline('english', r.description, {_PG_QUERY}, :hl) END"
)


class _Postgres(_Ranked):
    """Title/topic matches are asked of `strong_vector` (title and topics, migration 0014):
    GIN answers that from the index, where weights (`health:AB`) would make PostgreSQL
    re-read every matching row's whole vector."""

    def source(self, q: Query) -> str:
        match = {
            ALL: _PG_FULL,
            STRONG: _PG_TITLE_TOPICS,
            REST: f"{_PG_FULL} AND NOT {_PG_TITLE_TOPICS}",
        }[q.tier]
        return f"FROM resources r WHERE {match}{self.where}"

    def bind(self, q: Query) -> dict[str, Any]:
        # The same tsquery, under the names `source` gives each vector's condition.
        names = {ALL: ("q",), STRONG: ("s",), REST: ("q", "s")}[q.tier]
        spanish = {f"{name}e": q.spanish for name in names}
        return {**self.params, **dict.fromkeys(names, q.match), **spanish}

    def ranked(self, values: dict[str, Any], q: Query) -> str:
        """The rank of a matching row (binding the queries it reads into `values`): a
        Spanish item's best of its two vectors; first of all, the preferred language."""
        values.update(rq=q.match, rqe=q.spanish)
        english = f"ts_rank({_PG_WEIGHTS}, r.search_vector, {_PG_QUERY}, 1)"
        spanish = f"ts_rank({_PG_WEIGHTS}, r.spanish_vector, {_PG_SPANISH_QUERY}, 1)"
        rank = f"CASE WHEN {_PG_SPANISH} THEN greatest({english}, {spanish}) ELSE {english} END"
        if not self.prefer:
            return rank
        values["prefer"] = self.prefer
        # ts_rank stays far below 100: the preferred language's matches all come first.
        return f"({rank} + CASE WHEN r.language = :prefer THEN 100 ELSE 0 END)"

    async def tier(self, q: Query, limit: int, offset: int) -> tuple[int, list[Hit]]:
        """As for SQLite, in two statements whose cost is bounded by the window, not by all
        the matches: how dense the matches are among the newest PROBE rows, then one pass
        over the span of newest rows that should hold SPAN times the window. That pass
        takes the newest matches, ranks them and returns the page. Only if the span holds
        too few (the matches thin out past the probe) does a second pass read all of them.

        Told the span, PostgreSQL's planner still walks it row by row through the id index
        (14,000 rows checked for 2,000 matches) where intersecting the full-text and id
        indexes reads only the matches: the probe turns plain index scans off for the
        span's statement alone (`set_config(..., true)` lasts at most to the end of the
        read's transaction), and that statement restores the setting as it runs."""
        sql = (
            f"SELECT (SELECT count(*) {self.source(q)} AND r.id > (SELECT max(id) "
            "FROM resources) - :probe), (SELECT max(id) FROM resources), "
            "current_setting('enable_indexscan'), set_config('enable_indexscan', 'off', true)"
        )
        values = {**self.bind(q), "probe": PROBE}
        recent, top, indexscan, _ = (await self.session.execute(text(sql), values)).one()
        start = int(top or 0) - math.ceil(SPAN * self.window * PROBE / recent) if recent else 0
        found, hits = await self._windowed(q, max(0, start), limit, offset, indexscan)
        if found <= self.window and start > 0:
            found, hits = await self._windowed(q, 0, limit, offset, indexscan)
        return found, hits

    async def _windowed(
        self, q: Query, start: int, limit: int, offset: int, indexscan: str
    ) -> tuple[int, list[Hit]]:
        """The matches above id `start` (up to the window + 1), and the page at `offset` of
        the newest `window` of them, ranked; sets enable_indexscan back to `indexscan`.
        `r.id + 0` keeps the planner from walking the id index newest first."""
        values = self.bind(q)
        rank = self.ranked(values, q)
        sql = (
            f"WITH span AS MATERIALIZED (SELECT r.id, {rank} AS rank "
            f"{self.source(q)} AND r.id > :start ORDER BY r.id + 0 DESC LIMIT :cap), "
            "kept AS (SELECT id, rank FROM span ORDER BY id DESC LIMIT :window), "
            "page AS (SELECT id, rank FROM kept ORDER BY rank DESC, id "
            "LIMIT :limit OFFSET :offset) "
            "SELECT found.n AS found, set_config('enable_indexscan', :indexscan, true), "
            f"{_HIT_COLUMNS}, {_PG_HEADLINE} AS snip "
            "FROM (SELECT count(*) AS n FROM span) found "
            "LEFT JOIN page ON true LEFT JOIN resources r ON r.id = page.id "
            "ORDER BY page.rank DESC, r.id"
        )
        values.update(
            start=start,
            indexscan=indexscan,
            cap=self.window + 1,
            window=self.window,
            hl=_HEADLINE,
            limit=limit,
            offset=offset,
        )
        rows = (await self.session.execute(_typed(sql), values)).all()
        return int(rows[0].found), [hit_of(row) for row in rows if row.id is not None]

    async def all_ranked(self, q: Query, limit: int, offset: int, total: int | None) -> Page:
        """Every match ranked and counted in one pass (for a narrow filter): the page at
        `offset` and the exact count (`total`, when given, past the last page)."""
        values = self.bind(q)
        rank = self.ranked(values, q)
        sql = (
            f"SELECT {_HIT_COLUMNS}, {_PG_HEADLINE} AS snip, "
            f"page.total FROM (SELECT r.id, {rank} AS rank, "
            f"count(*) OVER () AS total {self.source(q)} "
            "ORDER BY rank DESC, r.id LIMIT :limit OFFSET :offset) page "
            "JOIN resources r ON r.id = page.id ORDER BY page.rank DESC, r.id"
        )
        values.update(hl=_HEADLINE, limit=limit, offset=offset)
        rows = (await self.session.execute(_typed(sql), values)).all()
        if rows:
            return Page([hit_of(row) for row in rows], int(rows[0].total))
        return Page([], total if total is not None else await self.count(q))

    async def rows(
        self, q: Query, floor: int, limit: int, offset: int, counted: bool = False
    ) -> Sequence[Any]:
        values = self.bind(q)
        # Rank and highlight with what the tier matched: all the terms, on the full vector.
        rank = self.ranked(values, q)
        sql = (
            f"SELECT {_HIT_COLUMNS}, {_PG_HEADLINE} AS snip"
            f"{self.counting(q, counted)} "
            f"FROM (SELECT r.id, {rank} AS rank "
            f"{self.source(q)} AND r.id >= :floor ORDER BY rank DESC, r.id "
            "LIMIT :limit OFFSET :offset) page "
            "JOIN resources r ON r.id = page.id ORDER BY page.rank DESC, r.id"
        )
        values.update(hl=_HEADLINE, floor=floor, limit=limit, offset=offset)
        return (await self.session.execute(_typed(sql), values)).all()


async def _tiered(
    backend: _Sqlite | _Postgres,
    full: Query,
    strong: Query,
    rest: Query,
    limit: int,
    offset: int,
    total: int | None = None,
    small: bool = False,
) -> Page:
    """Rank all matches when there are no more than the window; otherwise title/topic
    matches first, then the rest, each ranked within its newest `window` matches (only the
    first when it fills the window alone). Counting stops past the window."""
    window = backend.window
    if total is None and small:
        found, counted = await backend.counted_page(full, limit, offset)
        if counted is None and offset == 0:
            return Page([], 0)
        if counted is not None and counted <= window:
            return Page(found, counted)
        total = counted  # more than the window: ranked in tiers below
    if total is None:
        total = await backend.count(full)
    if total <= window:
        found = await backend.page(full, 0, limit, offset) if offset < total else []
        return Page(found, total)
    strong_size, hits = await backend.tier(strong, limit, offset)
    reach = min(strong_size, window)
    if strong_size <= window:
        rest_size, more = await backend.tier(rest, limit - len(hits), max(0, offset - reach))
        hits += more
        reach += min(rest_size, window)
    return Page(hits, window, reach, exact=False)


Plan = tuple["_Sqlite | _Postgres", Query, Query, Query]


async def _plan(
    session: AsyncSession,
    terms: Sequence[Clause],
    any_term: bool,
    filters: Filters,
    window: int,
    prefer: str = "",
) -> Plan:
    """The backend, and the expressions for all matches, title/topic ones, and the rest."""
    params: dict[str, Any] = {}
    if session.get_bind().dialect.name == "postgresql":
        where = filter_sql(filters, params, sqlite=False)
        expression = tsquery(terms, any_term=any_term)
        full = await normalized(session, expression)
        spanish = await normalized(session, expression, "spanish")
        backend = _Postgres(session, where, params, window, prefer)
        all_, strong_, rest_ = (Query(full, tier, spanish) for tier in (ALL, STRONG, REST))
        return backend, all_, strong_, rest_
    where = filter_sql(filters, params, sqlite=True, per_row=True)
    expr = fts5_match(terms, any_term=any_term, stems=True)
    scope = fts5_scope(filters)
    full = f"({expr}){scope}"
    strong = f"({_STRONG_SQLITE} : ({expr})){scope}"
    rest = f"(({expr}){scope}) NOT ({_STRONG_SQLITE} : ({expr}))"
    return _Sqlite(session, where, params, window, prefer), Query(full), Query(strong), Query(rest)


@dataclass(frozen=True)
class Survey:
    """What one statement learned before a search: its match count and word counts."""

    total: int | None  # rows matching all the terms (with the filters), up to the window + 1
    docs: dict[str, int]  # resources using each asked word (absent = none)
    size: int  # about how many resources there are (the highest id)


async def survey(
    session: AsyncSession,
    terms: Sequence[Clause],
    words: Sequence[str],
    filters: Filters,
    window: int = RANK_WINDOW,
) -> Survey:
    """Count the matches of all `terms` (up to `window` + 1) and look up `words` in the
    vocabulary, together: most searches need both, and each statement costs a round trip."""
    backend, full, _, _ = await _plan(session, terms, False, filters, window)
    count = f"(SELECT count(*) FROM (SELECT 1 {backend.source(full)} LIMIT :cap) capped)"
    if isinstance(backend, _Postgres) and filters.topic is not None:
        # A narrow topic ranks and counts its matches in one pass (`all_ranked`): counting
        # here first would read every item of the topic twice.
        count = f"CASE WHEN ({_TOPIC_DOCS}) <= {NARROW} THEN -1 ELSE {count} END"
    sql = (
        "SELECT word, docs FROM resource_words WHERE word IN :words "
        f"UNION ALL SELECT '', {count} "
        "UNION ALL SELECT ' ', (SELECT max(id) FROM resources)"
    )
    statement = _survey_statement(sql)
    values = {**backend.bind(full), "words": words, "cap": window + 1}
    rows = (await session.execute(statement, values)).all()
    found = {str(word): int(docs or 0) for word, docs in rows}
    total, size = found.pop(""), found.pop(" ")
    return Survey(None if total < 0 else total, found, size)


@functools.lru_cache(maxsize=64)
def _survey_statement(sql: str) -> Any:
    return text(sql).bindparams(bindparam("words", expanding=True))


async def _browse(
    session: AsyncSession, filters: Filters, limit: int, offset: int, counted: bool = True
) -> Page:
    """The filtered library newest first; `counted` False skips the count (0 in `total`):
    PostgreSQL visits every row to count, 5 ms at 100,000, which a bare list does not need."""
    params: dict[str, Any] = {}
    sqlite = session.get_bind().dialect.name != "postgresql"
    source = f"FROM resources r WHERE 1 = 1{filter_sql(filters, params, sqlite=sqlite)}"
    total = 0
    if counted:
        total = (await session.execute(text(f"SELECT count(*) {source}"), params)).scalar_one()
        if not total or offset >= total:
            return Page([], int(total))
    page_sql = (
        f"SELECT {_HIT_COLUMNS}, r.description {source} "
        "ORDER BY r.added_at DESC, r.id DESC LIMIT :limit OFFSET :offset"
    )
    rows = await session.execute(_typed(page_sql), {**params, "limit": limit, "offset": offset})
    return Page([hit_of(row, row.description) for row in rows], int(total))


@functools.lru_cache(maxsize=256)
def _typed(sql: str) -> Any:
    """A text query whose verified_at comes back as an aware UTC datetime on both backends."""
    return text(sql).columns(verified_at=UTCDateTime())


async def latest(session: AsyncSession, limit: int) -> list[Hit]:
    return (await _browse(session, Filters(), limit, 0, counted=False)).hits
