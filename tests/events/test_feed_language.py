"""The .ics feed is written in the collaborative's language ([bot] language), with RFC 5545's
LANGUAGE parameter: the Spanish title and description when the organizer gave them."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer
from icalendar import Calendar

from adapters.http.calendar import setup_calendar
from adapters.http.server import HttpServer
from tests.events.test_flow import create
from tests.harness import TestBot, settings_for_tests

SPANISH = (
    '/events add Health Equity Webinar when:"January 20 1pm CST" length:1h '
    'title_es:"Seminario sobre equidad en salud" about_es:"Hablamos de salud." '
    'about:"We talk about health."'
)


async def _feed(bot: TestBot) -> Calendar:
    server = HttpServer(bot.runtime, [setup_calendar])
    async with TestClient(TestServer(server.app)) as client:
        feed = await client.get("/calendar.ics")
        assert feed.status == 200
        return Calendar.from_ical(await feed.read())


async def _event(database_url: str, language: str) -> tuple[str, str, str]:
    settings = settings_for_tests({"bot": {"starter_pack": False, "language": language}})
    bot = await TestBot.open(database_url, settings=settings)
    try:
        await create(bot, SPANISH)
        # The second bot shares the first one's database: the newest event is its own.
        event = (await _feed(bot)).walk("VEVENT")[-1]
    finally:
        await bot.close()
    summary = event["summary"]
    return str(summary), str(event["description"]), str(summary.params.get("LANGUAGE"))


async def test_the_feed_speaks_the_collaboratives_language(database_url: str) -> None:
    assert await _event(database_url, "es") == (
        "Seminario sobre equidad en salud",
        "Hablamos de salud.",
        "es",
    )
    assert await _event(database_url, "en") == (
        "Health Equity Webinar",
        "We talk about health.",
        "en",
    )
