"""Spanish stems for SQLite's full-text index, the same Snowball algorithm PostgreSQL runs.

FTS5 has one tokenizer (Porter: English) and Python cannot add one, so a Spanish item's
stems are written beside it (`title_stems`, `text_stems`) and searched as their own columns;
a search asks for each word as typed and as its Spanish stem. Stems are of folded words
("niños" and "ninos" are one stem), the words kept in order so a phrase stays a phrase.
"""

from __future__ import annotations

import functools
from typing import Any

import snowballstemmer

from storage.resources.text import Term, tokens

SPANISH = "es"


@functools.cache
def _stemmer() -> Any:
    return snowballstemmer.stemmer("spanish")


@functools.lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The Spanish stem of one folded token."""
    return str(_stemmer().stemWord(word))


def stemmed(text: str) -> str:
    """`text` as its Spanish stems, space-separated, in order."""
    return " ".join(stem(token) for token in tokens(text))


def stem_term(term: Term) -> Term:
    return tuple(stem(word) for word in term)


def columns(language: str, title: str, topics: str, body: str) -> dict[str, str]:
    """The stem columns of one item: a Spanish item's stems, empty for any other."""
    if language != SPANISH:
        return {"title_stems": "", "text_stems": ""}
    return {"title_stems": stemmed(f"{title} {topics}"), "text_stems": stemmed(body)}
