"""Text as the full-text index sees it: folded letter/digit tokens, highlight marks."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Snippet highlight markers: private-use characters, stripped from stored text on the way in.
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"
_TOKEN = re.compile(r"[^\W_]+")
_MARKS = re.compile(f"[{MARK_OPEN}{MARK_CLOSE}]")
MAX_WORD = 40

Term = tuple[str, ...]


@dataclass(frozen=True)
class AnyOf:
    """One idea said several ways (a thesaurus group): it matches where any of them does."""

    terms: tuple[Term, ...]

    def __bool__(self) -> bool:
        return any(self.terms)


# What a search is made of: every clause must match; a clause is a term or an AnyOf.
Clause = Term | AnyOf


def ways(clause: Clause) -> tuple[Term, ...]:
    """The terms a clause matches through (one, unless it is an AnyOf)."""
    return tuple(t for t in clause.terms if t) if isinstance(clause, AnyOf) else (clause,)


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
