"""Discord's command picker in each member's language: names and descriptions from the catalogs.

discord.py asks an `app_commands.Translator` for every name and description when it syncs
the tree and sends them as ``name_localizations`` / ``description_localizations``; Discord
then shows each member the ones for their client's locale (es-ES and es-419 for Spanish).
A missing translation, or a name Discord would refuse, is left out: English is shown.
Invoking a localized command still sends its English name, so routing is unchanged.
"""

from __future__ import annotations

import re
from typing import Any

import discord
from discord import app_commands

from adapters.discord import limits as dl
from bot.i18n import in_language
from bot.i18n.choice import primary
from bot.i18n.extract import NAME_CONTEXT

_NAME = re.compile(r"^[-_\w]{1,32}$")
_WORDS = re.compile(r"[\s-]+")
NAMES = {
    app_commands.TranslationContextLocation.command_name,
    app_commands.TranslationContextLocation.group_name,
    app_commands.TranslationContextLocation.parameter_name,
}
DESCRIPTIONS = {
    app_commands.TranslationContextLocation.command_description,
    app_commands.TranslationContextLocation.group_description,
    app_commands.TranslationContextLocation.parameter_description,
}


def discord_locales(languages: tuple[str, ...]) -> dict[discord.Locale, str]:
    """Each Discord locale one of our languages covers: es-ES and es-419 -> es."""
    return {
        locale: primary(locale.value)
        for locale in discord.Locale
        if primary(locale.value) in languages and primary(locale.value) != "en"
    }


def name(language: str, words: str) -> str | None:
    """A command or option name in `language`, word by word (``events-admin`` ->
    ``eventos-admin``), or None when no word is translated or Discord would refuse it."""
    parts = [w for w in _WORDS.split(words.strip()) if w]
    shown = [in_language(language, w, NAME_CONTEXT) for w in parts]
    if shown == parts:
        return None
    out = "-".join(_WORDS.sub("-", w.strip().lower()) for w in shown)
    return out if _NAME.fullmatch(out) else None


def description(language: str, msgid: str) -> str | None:
    shown = " ".join(in_language(language, msgid).split())
    if shown == " ".join(msgid.split()) or not shown:
        return None
    limit = dl.COMMAND_DESCRIPTION
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


class CatalogTranslator(app_commands.Translator):
    def __init__(self, languages: tuple[str, ...]) -> None:
        super().__init__()
        self.locales = discord_locales(languages)

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        language = self.locales.get(locale)
        if language is None:
            return None
        extras: dict[str, Any] = string.extras
        if context.location in NAMES:
            return name(language, str(extras.get("words") or string.message))
        if context.location in DESCRIPTIONS:
            return description(language, str(extras.get("msgid") or string.message))
        return None
