"""Queries on the resource library, and the one search interface over FTS5 and tsvector.

    text         folding and tokens, as the full-text index sees text
    data         one resource as storage writes it (ResourceData) and its vocabulary words
    writes       bulk upserts keyed by normalized URL, edits, removals, link checks
    reads        single rows, export chunks, vocabulary, topic counts, completion
    expressions  FTS5 MATCH and to_tsquery built from quoted tokens only
    search       ranked, filtered, paged search on either backend

Search never sees raw user text: callers pass `terms`, each a tuple of folded letter/digit
tokens (several tokens make a phrase), so no input can produce a full-text syntax error.
"""

from storage.resources.data import ResourceData, as_data, split_list
from storage.resources.expressions import Filters
from storage.resources.reads import (
    complete,
    count,
    existing_keys,
    get,
    get_by_key,
    iter_all,
    topic_counts,
    word_counts,
    words_like,
)
from storage.resources.search import (
    RANK_WINDOW,
    Hit,
    Page,
    Survey,
    hit_of,
    latest,
    search,
    survey,
)
from storage.resources.text import (
    MARK_CLOSE,
    MARK_OPEN,
    AnyOf,
    Clause,
    Term,
    fold,
    is_word,
    strip_marks,
    tokens,
    ways,
)
from storage.resources.writes import (
    UpsertCounts,
    classify,
    mark_verified,
    remove,
    replace,
    upsert_many,
)

__all__ = [
    "MARK_CLOSE",
    "MARK_OPEN",
    "RANK_WINDOW",
    "AnyOf",
    "Clause",
    "Filters",
    "Hit",
    "Page",
    "ResourceData",
    "Survey",
    "Term",
    "UpsertCounts",
    "as_data",
    "classify",
    "complete",
    "count",
    "existing_keys",
    "fold",
    "get",
    "get_by_key",
    "hit_of",
    "is_word",
    "iter_all",
    "latest",
    "mark_verified",
    "remove",
    "replace",
    "search",
    "split_list",
    "strip_marks",
    "survey",
    "tokens",
    "topic_counts",
    "upsert_many",
    "ways",
    "word_counts",
    "words_like",
]
