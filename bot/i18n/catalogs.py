"""The translations: each language's .po file, compiled in memory once, when the config that
offers it is read at start (bot/config.py), so no compiled .mo file lives in git.

English is the source language (the msgids), so it needs no file. A fuzzy or missing
translation falls back to the English text; tests/i18n/test_catalog.py keeps both out.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

SOURCE = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def has_catalog(language: str) -> bool:
    return language == SOURCE or po_path(language).is_file()


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalog of `language` (the English text itself for the source)."""
    if language == SOURCE or not po_path(language).is_file():
        return NullTranslations()
    with po_path(language).open("rb") as source:
        catalog = read_po(source, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)
