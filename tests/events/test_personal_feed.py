"""The personal calendar feed of /events mine: a signed link served by the HTTP server, that
parses with icalendar and lists exactly the sessions the member said Going or Maybe to."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from icalendar import Calendar

from adapters.http.calendar import setup_calendar
from adapters.http.server import HttpServer
from bot.actions import Action
from storage import rsvps
from tests.events.test_flow import create
from tests.events.test_rsvps import FIRST, SERIES, WEEK
from tests.harness import TestBot, all_buttons, reply_text, settings_for_tests

SECRET = "personal-feed-secret-0123456789"
LINK = re.compile(r"https://bot\.example\.org(/calendar/person/[^ ]+\.ics)")


@pytest.fixture
async def bot(database_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLLAB_BOT_CALENDAR_SECRET", SECRET)
    settings = settings_for_tests({"http": {"public_url": "https://bot.example.org"}})
    bot = await TestBot.open(database_url, settings=settings)
    yield bot
    await bot.close()


async def feed_path(bot: TestBot, user: str) -> str:
    mine = await bot.command("/events mine", user)
    urls = [span.url for s in mine.sections for span in s.text if span.url]
    assert len(urls) == 1, reply_text(mine)
    found = LINK.fullmatch(urls[0])
    assert found, urls
    return found.group(1)


def starts(body: bytes) -> list[tuple[str, datetime, list[timedelta]]]:
    calendar = Calendar.from_ical(body)
    return sorted(
        (
            str(vevent["summary"]),
            vevent.decoded("dtstart").astimezone(UTC),
            sorted(alarm.decoded("trigger") for alarm in vevent.walk("VALARM")),
        )
        for vevent in calendar.walk("VEVENT")
    )


async def test_the_feed_lists_exactly_the_members_sessions(bot: TestBot) -> None:
    await create(bot)  # a single webinar, Jan 20
    await create(bot, SERIES)  # four Wednesdays from Jan 14
    listed = await bot.command("/events", "ana")
    await bot.press(listed, "Going", "ana", nth=0)  # the series, every session
    skip = Action("events.rsvp", ("2", "cant", rsvps.stamp(FIRST + WEEK)))
    await bot.press_action(skip, "ana")  # ...but not the second
    listed = await bot.command("/events", "bo")
    await bot.press(listed, "Maybe", "bo", nth=1)  # Bo: the webinar only
    server = HttpServer(bot.runtime, [setup_calendar])
    async with TestClient(TestServer(server.app)) as client:
        ana_path, bo_path = await feed_path(bot, "ana"), await feed_path(bot, "bo")
        assert ana_path != bo_path
        ana = await client.get(ana_path)
        assert ana.status == 200 and ana.content_type == "text/calendar"
        alarms = [timedelta(days=-1), timedelta(hours=-1)]
        assert starts(await ana.read()) == [
            ("Design Justice", FIRST, alarms),
            ("Design Justice", FIRST + 2 * WEEK, alarms),
            ("Design Justice", FIRST + 3 * WEEK, alarms),
        ]
        bo = await client.get(bo_path)
        webinar = datetime(2026, 1, 20, 19, tzinfo=UTC)
        assert starts(await bo.read()) == [("Health Equity Webinar", webinar, alarms)]

        token, _, signature = ana_path.rsplit("/", 1)[1].removesuffix(".ics").partition(".")
        for wrong in (f"{token}.{signature[:-2]}xx", f"{token}", f"x{token}.{signature}"):
            assert (await client.get(f"/calendar/person/{wrong}.ics")).status == 404

        mine = await bot.command("/events mine", "ana")
        reset = await bot.press(mine, "Reset my calendar link", "ana")
        assert "old calendar link no longer works" in reset.text
        assert (await client.get(ana_path)).status == 404
        new_path = await feed_path(bot, "ana")
        assert new_path != ana_path and (await client.get(new_path)).status == 200


async def test_without_a_feed_secret_there_is_no_link(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLLAB_BOT_CALENDAR_SECRET", raising=False)
    bot = await TestBot.open(database_url)
    try:
        mine = await bot.command("/events mine", "ana")
        assert "needs the bot's public web address" in reply_text(mine)
        assert not [b for b in all_buttons(mine) if b.url]
    finally:
        await bot.close()
