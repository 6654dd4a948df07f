"""The language a given person reads: their stored choice, their platform's, or config's."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import BotSettings
from bot.i18n.choice import choose
from bot.i18n.current import Speaking
from storage.engine import Database
from storage.identity import Account
from storage.members import LanguageState, language_state


def speaking_of(state: LanguageState, platform_locale: str | None, bot: BotSettings) -> Speaking:
    """The person's language: a locale the platform sent now wins over the profile's."""
    return choose(
        state.chosen, platform_locale or state.profile_locale, bot.language, bot.languages
    )


def default_speaking(bot: BotSettings, platform_locale: str | None = None) -> Speaking:
    """Before anything is known of the person (or for a channel): the platform's, or config's."""
    return choose(None, platform_locale, bot.language, bot.languages)


async def speaking_in(session: AsyncSession, account: Account, bot: BotSettings) -> Speaking:
    """What `account` reads, looked up in an open session (a notice queued in a write)."""
    return speaking_of(await language_state(session, account), None, bot)


async def reader_speaking(db: Database, account: Account | None, bot: BotSettings) -> Speaking:
    """What a DM to `account` is written in (None: a channel post, in `[bot] language`)."""
    if account is None:
        return default_speaking(bot)
    async with db.read() as session:
        state = await language_state(session, account)
    return speaking_of(state, None, bot)
