"""The starter library loads through the import code, once, and only into an empty library."""

from bot.features.resources import starter
from tests.harness import TestBot
from tests.resources.helpers import load_rows


async def test_starter_loads_once_and_is_searchable(bot: TestBot) -> None:
    loaded = await starter.load(bot.deps)
    assert loaded > 80
    assert await starter.load(bot.deps) == 0
    reply = await bot.command("/resources political engagement")
    assert "learning conversation" in reply.sections[0].title


async def test_starter_leaves_an_existing_library_alone(bot: TestBot) -> None:
    await load_rows(bot, [{"title": "Ours", "url": "https://example.org/ours"}])
    assert await starter.load(bot.deps) == 0
