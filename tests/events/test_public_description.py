"""The public feed leaves out only join:, so the organizer is told, before and after Confirm,
when a description holds a link or a passcode (the review read one off /calendar.ics)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from adapters.http.calendar import setup_calendar
from adapters.http.server import HttpServer
from tests.harness import TestBot, reply_text, settings_for_tests

LEAKY = (
    '/events add Board meeting when:"January 20 1pm CST" length:1h join:https://example.org/j '
    'about:"Dial in: https://zoom.us/j/123?pwd=abc Passcode: 884422"'
)
PLAIN = '/events add Board meeting when:"January 20 1pm CST" length:1h about:"Bring questions."'


@pytest.fixture
async def served_bot(database_url: str) -> AsyncIterator[TestBot]:
    bot = await TestBot.open(database_url, settings=settings_for_tests({"http": {"enabled": True}}))
    yield bot
    await bot.close()


async def test_a_passcode_in_the_description_is_pointed_out(served_bot: TestBot) -> None:
    bot = served_bot
    preview = await bot.command(LEAKY, "olu", organizer=True)
    said = reply_text(preview)
    assert "a link and something that looks like a passcode" in said
    assert "public in the calendar feed" in said
    saved = await bot.press(preview, "Confirm", "olu", organizer=True)
    assert "public in the calendar feed" in reply_text(saved)
    server = HttpServer(bot.runtime, [setup_calendar])
    async with TestClient(TestServer(server.app)) as client:
        feed = await (await client.get("/calendar.ics")).text()
    assert "884422" in feed.replace("\r\n ", ""), "what the warning is about: it is public"
    assert "example.org/j" not in feed


async def test_a_plain_description_or_no_public_feed_says_nothing(
    served_bot: TestBot, bot: TestBot
) -> None:
    quiet = reply_text(await served_bot.command(PLAIN, "olu", organizer=True))
    assert "public in the calendar feed" not in quiet
    no_feed = reply_text(await bot.command(LEAKY, "olu", organizer=True))
    assert "public in the calendar feed" not in no_feed
