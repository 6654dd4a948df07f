"""Starter suggestions load only into an empty table; the API other features use."""

from __future__ import annotations

from bot.actions import Action
from bot.features.topics import starter
from bot.features.topics.api import top_open
from bot.model import Reply
from storage.deliveries import counts_by_status
from storage.models.deliveries import FAILED
from tests.harness import TestBot, reply_text
from tests.pings import pings
from tests.topics.helpers import decide, suggest


async def test_starter_pack_loads_once_into_an_empty_table(bot: TestBot) -> None:
    assert await starter.load(bot.deps) == len(starter.IDEAS)
    assert await starter.load(bot.deps) == 0
    listing = reply_text(await bot.command("/topics"))
    assert "collab-bot starter pack" in listing


async def test_starter_pack_stays_out_when_there_are_suggestions(bot: TestBot) -> None:
    await suggest(bot, "Rural broadband and telehealth")
    assert await starter.load(bot.deps) == 0


async def test_deciding_a_starter_suggestion_messages_no_one_who_is_not_there(bot: TestBot) -> None:
    await starter.load(bot.deps)
    await bot.press_action(Action("topics.vote", ("1",)), "bo", platform="discord")
    await decide(bot, "/topics review 1", "org")
    await bot.advance("1m")
    async with bot.db.read() as session:
        assert FAILED not in await counts_by_status(session)
    assert len([t for t, _, _ in bot.posts() if t.platform == "discord"]) == 2  # channel + DM


async def test_top_open_is_most_voted_first_with_safe_titles(bot: TestBot) -> None:
    assert await top_open(bot.deps) == []
    first = await suggest(bot, "Rural broadband <!channel>", "ana")
    second = await suggest(bot, "Maternal health in Black communities", "bo")
    await bot.press_action(Action("topics.vote", (str(second),)), "cy")
    hits = await top_open(bot.deps, limit=5)
    assert [(h.id, h.votes) for h in hits] == [(second, 1), (first, 0)]
    # The member's words as written: the adapter that renders a title defuses it.
    assert hits[1].title == "Rural broadband <!channel>"
    assert pings(Reply(text=hits[1].title)) == []
