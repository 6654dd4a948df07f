"""English and Spanish words (pyspellchecker's word lists): a word in them is never a typo."""

from __future__ import annotations

import asyncio
import functools
import gzip
import json
import threading
from importlib import resources as package_files

from storage.resources import fold

LANGUAGES = ("en", "es")


_LOADING = threading.Lock()
_background: set[asyncio.Future[frozenset[str]]] = set()


def words() -> frozenset[str]:
    """Every word of the lists, folded as search folds them (lowercase, no accents).

    Loaded once (about a second), by the first caller; others wait for it."""
    with _LOADING:
        return _load()


def load_soon() -> None:
    """Start loading the lists in a thread, without waiting (at start-up: neither the start
    nor the first search with a typo should wait for them)."""
    if loaded():
        return
    future = asyncio.get_running_loop().run_in_executor(None, words)
    _background.add(future)
    future.add_done_callback(_background.discard)


@functools.cache
def _load() -> frozenset[str]:
    found: set[str] = set()
    for language in LANGUAGES:
        data = package_files.files("spellchecker").joinpath(f"resources/{language}.json.gz")
        with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
            found.update(fold(word) for word in json.load(text))
    return frozenset(found)


def loaded() -> bool:
    """Whether the lists are in memory already (so using them costs no wait)."""
    return _load.cache_info().currsize > 0


def is_word(token: str) -> bool:
    """Whether `token` (folded: lowercase, no accents) is a word of either language."""
    return token in words()
