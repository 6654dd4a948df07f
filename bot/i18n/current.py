"""The language of the call being answered, and the gettext functions that read it.

One context variable per call (an asyncio task each), so two members answered at once each
get their own language. `_()` and `ngettext()` translate at the moment they run: a
module-level constant is marked with `N_()` and translated where it is shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from bot.i18n.catalogs import SOURCE, translations


@dataclass
class Speaking:
    """What this call speaks; a box, so a middleware step can set it for the whole call."""

    language: str = SOURCE
    # The platform's locale, when it asked for a language the bot does not have (pt-BR).
    missing: str | None = None
    # How dates are written (Babel's name): the platform's region when it speaks this
    # language (es_419 writes "1:00 p.m."), else the language itself.
    locale: str = SOURCE


_current: ContextVar[Speaking | None] = ContextVar("collab_bot_language", default=None)


def speaking() -> Speaking:
    """This call's language box (English outside any call)."""
    return _current.get() or Speaking()


def language() -> str:
    return speaking().language


@contextmanager
def speak(choice: Speaking) -> Iterator[Speaking]:
    """Answer as `choice` says inside the block (a box: inner steps may change it)."""
    token = _current.set(choice)
    try:
        yield choice
    finally:
        _current.reset(token)


def set_speaking(choice: Speaking) -> None:
    """Change the language of the call under way (its box was opened by `speak`)."""
    box = _current.get()
    if box is not None:
        box.language, box.missing, box.locale = choice.language, choice.missing, choice.locale


def _(message: str) -> str:
    """`message` in the call's language."""
    return translations(language()).gettext(message)


def N_(message: str) -> str:
    """Mark `message` for the catalog; it is translated with `_()` where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n` in the call's language (Spanish, like English, has two)."""
    return translations(language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the call's language, told apart by `context` (a command's name)."""
    return str(translations(language()).pgettext(context, message))


def in_language(language: str, message: str, context: str | None = None) -> str:
    """`message` in a given language, whatever the call speaks (Discord's localizations)."""
    found = translations(language)
    return str(found.pgettext(context, message) if context else found.gettext(message))
