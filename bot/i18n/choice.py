"""Which language a person is answered in: their choice, else their platform's, else config's.

A platform locale is a BCP 47 tag (Slack's ``es-ES``, Discord's ``es-419``, ``pt-BR``).
One the bot has no catalog for is answered in English, and the box remembers which locale
was missing so the person is told once.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from bot.i18n.catalogs import SOURCE
from bot.i18n.current import Speaking

AUTO = "auto"


def primary(locale: str) -> str:
    """``es`` of ``es-419``, ``es_ES`` or ``ES``."""
    return locale.replace("_", "-").split("-", 1)[0].strip().lower()


def babel_locale(language: str, platform_locale: str | None) -> str:
    """The locale dates are written in: the platform's region when it is this language's."""
    if platform_locale and primary(platform_locale) == language:
        try:
            return str(Locale.parse(platform_locale, sep="-" if "-" in platform_locale else "_"))
        except (UnknownLocaleError, ValueError):
            pass
    return language


def choose(
    chosen: str | None,
    platform_locale: str | None,
    default: str,
    offered: tuple[str, ...],
) -> Speaking:
    """The language to answer in. `chosen` is the person's /language (None or auto: ask
    the platform); `offered` the languages with a catalog, from `[bot] languages`."""
    if chosen and chosen != AUTO and chosen in offered:
        return Speaking(chosen, None, babel_locale(chosen, platform_locale))
    if platform_locale:
        wanted = primary(platform_locale)
        if wanted in offered:
            return Speaking(wanted, None, babel_locale(wanted, platform_locale))
        if wanted:
            return Speaking(SOURCE, platform_locale, SOURCE)
    return Speaking(default, None, default)
