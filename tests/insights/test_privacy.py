"""/privacy takes a member's searches with it, and the rows left cannot be tied back to anyone
from the database alone: the key they are hashed with lives in the environment only."""

from __future__ import annotations

from sqlalchemy import MetaData, select

from bot.features.insights.words import searcher
from storage.models.insights import SearchCount
from tests.harness import TestBot
from tests.insights.support import KEY, keyed
from tests.members.test_link import link


async def rows(bot: TestBot) -> list[SearchCount]:
    async with bot.db.read() as session:
        return list((await session.execute(select(SearchCount))).scalars().all())


async def forget(bot: TestBot, user: str, platform: str = "slack") -> str:
    shown = await bot.command("/privacy", user, platform=platform)
    asked = await bot.press(shown, "Delete all of it", user, platform=platform)
    done = await bot.press(asked, "Yes, delete everything", user, platform=platform)
    return done.text


async def test_privacy_removes_the_members_searches_and_words(bot: TestBot) -> None:
    keyed(bot)
    for user in ("ana", "bo"):
        await bot.command("/resources housing", user, platform="slack")
    # Words only ana searched:
    await bot.command("/resources my sisters immigration case", "ana", platform="slack")
    done = await forget(bot, "ana")
    assert "Nothing that identifies you is kept now" in done
    left = await rows(bot)
    assert [(r.words, r.searches) for r in left] == [("housing", 1)]
    assert left[0].who == searcher(KEY, "housing", "slack:bo")


async def test_privacy_on_a_linked_account_removes_both_accounts_searches(bot: TestBot) -> None:
    keyed(bot)
    await bot.command("/resources housing", "UANA", platform="slack")  # before linking
    await link(bot)
    await bot.command("/resources housing", "4242", platform="discord")
    await bot.command("/resources housing", "cy", platform="slack")
    await forget(bot, "4242", platform="discord")
    assert [(r.words, r.searches) for r in await rows(bot)] == [("housing", 1)]


async def test_the_database_holds_nothing_that_reverses_a_row(bot: TestBot) -> None:
    """The review pinned 11 of 12 single-searcher phrases to one member with the salt from
    the same database; now the key is needed, and it is nowhere in the database."""
    keyed(bot)
    await bot.command("/resources housing", "ana", platform="slack")
    await bot.runtime.scheduler.run_once()
    [row] = await rows(bot)
    assert row.who == searcher(KEY, "housing", "slack:ana")
    assert row.who != searcher("", "housing", "slack:ana")
    async with bot.db.read() as session:
        tables = await session.run_sync(lambda s: _reflect(s.connection()))
        for table in tables:
            for record in (await session.execute(select(table))).all():
                assert not any(KEY in str(value) for value in record), table.name


def _reflect(connection):  # type: ignore[no-untyped-def]
    meta = MetaData()
    meta.reflect(bind=connection)
    return list(meta.sorted_tables)
