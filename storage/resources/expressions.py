"""Full-text expressions built only from tokens and our own operators, never raw text.

Quoting every term here is what makes any input safe: quotes, brackets, `AND`, `title:x`,
NUL bytes or 10,000 characters reach FTS5 or to_tsquery only as quoted letter/digit runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage.resources.stems import stem_term
from storage.resources.text import Clause, Term, tokens, ways

# Where SQLite keeps a Spanish item's stems (storage/resources/stems.py).
STEM_COLUMNS = "{title_stems text_stems}"


@dataclass(frozen=True)
class Filters:
    """What to narrow a search to; None means any."""

    type: str | None = None
    topic: str | None = None  # folded; matches topics starting with it
    year: int | None = None
    org: str | None = None
    language: str | None = None  # an ISO 639-1 code ("es")

    def __bool__(self) -> bool:
        values = (self.type, self.topic, self.year, self.org, self.language)
        return any(v is not None for v in values)


NO_FILTERS = Filters()


def _fts5_phrase(term: Term) -> str:
    return '"' + " ".join(part.replace('"', '""') for part in term) + '"'


def _fts5_ways(term: Term, stems: bool) -> list[str]:
    """The phrase as typed and, with `stems`, as Spanish stems in a Spanish item's stem
    columns (which every other item leaves empty, so its matches are as before)."""
    stemmed = stem_term(term) if stems else term
    if stemmed == term:
        # A word the Spanish stemmer leaves as it is ("health", "covid") already matches a
        # Spanish item as typed: one phrase less for the index to look up.
        return [_fts5_phrase(term)]
    return [_fts5_phrase(term), f"{STEM_COLUMNS} : {_fts5_phrase(stemmed)}"]


def fts5_match(terms: Sequence[Clause], *, any_term: bool = False, stems: bool = False) -> str:
    """An FTS5 MATCH expression made only of quoted terms; empty when there are none.
    `stems`: each term also matches a Spanish item through its Spanish stems."""
    quoted = []
    for clause in terms:
        phrases = [way for term in ways(clause) for way in _fts5_ways(term, stems)]
        if phrases:
            quoted.append(phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")")
    return (" OR " if any_term else " AND ").join(quoted)


def _ts_group(term: Term) -> str:
    phrase = " <-> ".join(term)
    hyphened = " <-> ".join(t if n == 0 or not t.isdigit() else f"-{t}" for n, t in enumerate(term))
    return f"({phrase} | {hyphened})" if hyphened != phrase else f"({phrase})"


def tsquery(terms: Sequence[Clause], *, any_term: bool = False) -> str:
    """A to_tsquery expression built only from letter/digit tokens and our own operators.

    PostgreSQL's parser reads ``COVID-19`` as ``covid`` then ``-19``, so a phrase with a number
    also tries that form. Stop words drop out with a notice, never an error.
    """
    groups = []
    for clause in terms:
        parts = [_ts_group(term) for term in ways(clause)]
        if parts:
            groups.append(parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")")
    return (" | " if any_term else " & ").join(groups)


def filter_sql(
    filters: Filters, params: dict[str, Any], *, sqlite: bool, per_row: bool = False
) -> str:
    """Exact filter checks on `r` (resources). `per_row` when few rows are left to check
    (after a full-text match): a topic lookup per row beats collecting every id of a topic."""
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
    if filters.language is not None:
        clauses.append("r.language = :language")
        params["language"] = filters.language
    if filters.topic is not None:
        topics = "FROM resource_topics t WHERE t.key >= :topic AND t.key < :topic_end"
        clauses.append(
            f"EXISTS (SELECT 1 {topics} AND t.resource_id = r.id)"
            if per_row
            else f"r.id IN (SELECT t.resource_id {topics})"
        )
        params["topic"] = filters.topic
        params["topic_end"] = filters.topic + "\uffff"
    return "".join(f" AND {clause}" for clause in clauses)


def _narrowing(words: Term) -> str:
    """A phrase every row the SQL check keeps must contain.

    Its last word may be cut short (typed partly, or cut to fit a button id), so it is left
    to SQL when other words narrow enough; a lone word becomes a prefix. A prefix such as
    ``health*`` expands to every word it starts, which is slow on a large library.
    """
    if len(words) > 1:
        return fts5_match([words[:-1]])
    return fts5_match([words]) + "*"


def fts5_scope(filters: Filters) -> str:
    """Filters as FTS5 column phrases, so the index narrows the match before any join.

    They only narrow: the exact checks stay in SQL (a topic phrase may sit inside a longer
    topic, an organization's words inside a longer name).
    """
    scope = []
    if filters.type is not None:
        scope.append("{type} : " + fts5_match([tuple(tokens(filters.type))]))
    if filters.year is not None:
        scope.append('{published} : ^ "' + str(filters.year) + '"')
    for column, value in (("topics", filters.topic), ("organization", filters.org)):
        found = tuple(tokens(value or ""))[:8]
        if found:
            scope.append("{" + column + "} : " + _narrowing(found))
    return "".join(f" AND {part}" for part in scope)
