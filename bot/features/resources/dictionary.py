"""English and Spanish words (pyspellchecker's word lists): a word in them is never a typo."""

from __future__ import annotations

import functools
import gzip
import json
from importlib import resources as package_files

from storage.resources import fold

LANGUAGES = ("en", "es")


@functools.cache
def words() -> frozenset[str]:
    """Every word of the lists, folded as search folds them (lowercase, no accents).

    Loaded once (about half a second), on first use."""
    found: set[str] = set()
    for language in LANGUAGES:
        data = package_files.files("spellchecker").joinpath(f"resources/{language}.json.gz")
        with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
            found.update(fold(word) for word in json.load(text))
    return frozenset(found)


def loaded() -> bool:
    """Whether the lists are in memory already (so using them costs no wait)."""
    return words.cache_info().currsize > 0


def is_word(token: str) -> bool:
    """Whether `token` (folded: lowercase, no accents) is a word of either language."""
    return token in words()
