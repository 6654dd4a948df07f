"""Each call in its reader's language: their /language choice, their platform's, or config's.

Set by the members step for a personal call (one indexed read, with the person); a call
that touches no member data (a library search) uses what this process last read for the
account, so it needs no read of its own. A platform language the bot has no catalog for
is answered in English, and the person is told so once (kept on their row).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace

from babel import Locale, UnknownLocaleError

from bot import platforms
from bot.app import is_database_outage
from bot.deps import Deps
from bot.i18n import _, set_speaking, speaking
from bot.i18n.choice import primary
from bot.i18n.reader import speaking_of
from bot.model import Actor, Reply, Section, plain
from storage import members as store
from storage.members import LanguageState

REMEMBERED = 10_000


@dataclass
class KnownLanguages:
    """This process's last reading of each account's language state (newest last)."""

    states: OrderedDict[str, LanguageState] = field(default_factory=OrderedDict)

    def keep(self, account_key: str, state: LanguageState) -> None:
        self.states[account_key] = state
        self.states.move_to_end(account_key)
        if len(self.states) > REMEMBERED:
            self.states.popitem(last=False)


async def read_language(actor: Actor, deps: Deps) -> LanguageState:
    """The person's stored language state, remembered for their impersonal calls."""
    async with deps.db.read() as session:
        state = await store.language_state(session, actor.account)
    deps.state.get(KnownLanguages).keep(actor.account_key, state)
    return state


def use_language(actor: Actor, state: LanguageState, deps: Deps) -> None:
    set_speaking(speaking_of(state, actor.locale, deps.settings.bot))


def remembered(actor: Actor, deps: Deps) -> LanguageState | None:
    return deps.state.get(KnownLanguages).states.get(actor.account_key)


def language_name(locale: str) -> str:
    """``Portuguese (Brazil)`` for pt-BR, in the language being spoken."""
    try:
        parsed = Locale.parse(locale, sep="-" if "-" in locale else "_")
        return parsed.get_display_name(speaking().locale) or locale
    except (UnknownLocaleError, ValueError):
        return locale


async def remember_locale(actor: Actor, state: LanguageState, deps: Deps) -> LanguageState:
    """Keep the locale the platform sent (a Discord client's), so a DM written later, when
    the person is not there to say, is in their language too. Only when it changed, and a
    locale that reads like `[bot] language` makes no row of its own (it changes nothing)."""
    if not actor.locale or actor.locale == state.profile_locale:
        return state
    if state.profile_locale is None and primary(actor.locale) == deps.settings.bot.language:
        return state
    try:
        async with deps.db.session() as session:
            await store.set_profile_locale(session, actor.account, actor.locale, deps.clock.now())
    except Exception as error:
        if not is_database_outage(error):
            raise
        return state
    kept = replace(state, profile_locale=actor.locale)
    deps.state.get(KnownLanguages).keep(actor.account_key, kept)
    return kept


async def note_fallback(actor: Actor, state: LanguageState, reply: Reply, deps: Deps) -> Reply:
    """Tell the person once that their platform's language is not one the bot has."""
    missing = speaking().missing
    if missing is None or state.noted == missing or reply.form is not None:
        return reply
    try:
        async with deps.db.session() as session:
            await store.note_language(session, actor.account, missing, deps.clock.now())
    except Exception as error:
        if not is_database_outage(error):
            raise
        return reply  # told next time instead
    deps.state.get(KnownLanguages).keep(actor.account_key, replace(state, noted=missing))
    note = _(
        "Your {platform} is set to {language}, which I don't speak yet, so I'm answering "
        "in English. Type /language to choose another language."
    ).format(platform=platforms.info(actor.platform).display_name, language=language_name(missing))
    if reply.sections:
        # First, so it is seen even when a long reply is split over messages.
        return replace(reply, sections=(Section(text=plain(note)), *reply.sections))
    return replace(reply, text=f"{reply.text}\n\n{note}")
