"""iCalendar: export parses cleanly with VALARMs, round-trips, imports real calendars, HTTP feed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer
from icalendar import Calendar
from typer.testing import CliRunner

from adapters.cli.main import app as cli
from adapters.http.calendar import setup_calendar
from adapters.http.server import HttpServer
from bot.features.events.calendar_io import export_calendar, import_calendar
from storage import events as store
from tests.events.test_flow import create
from tests.harness import TestBot, settings_for_tests

DATA = Path(__file__).parent / "data"
NOW = datetime(2026, 1, 5, 15, tzinfo=UTC)


async def test_export_parses_with_alarms_and_zone(bot: TestBot) -> None:
    await create(
        bot,
        '/events add Monthly Webinar when:"January 20 1pm CST" repeat:monthly reminders:2d,30m '
        "register:https://example.org/r",
    )
    data = await export_calendar(bot.db, ["1d", "1h"], name="P4HE")
    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Monthly Webinar"
    assert event["dtstart"].dt == datetime(2026, 1, 20, 19, tzinfo=UTC)
    assert event["dtstart"].params["TZID"] == "America/Chicago"
    assert event["rrule"].to_ical() == b"FREQ=MONTHLY;BYDAY=+3TU"
    assert sorted(a["trigger"].dt for a in event.walk("VALARM")) == [
        -timedelta(days=2),
        -timedelta(minutes=30),
    ]
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["America/Chicago"]


async def test_own_events_round_trip(bot: TestBot) -> None:
    await create(bot, '/events add Summit when:"June 11 9am CST" length:7h30m kind:summit')
    first = await export_calendar(bot.db, ["1d", "1h"], name="P4HE")
    result = await import_calendar(bot.db, first, default_zone="America/Chicago", now=NOW)
    assert (result.added, result.updated, result.unchanged) == (0, 0, 1)
    assert await export_calendar(bot.db, ["1d", "1h"], name="P4HE") == first


async def test_real_world_calendars_import(db) -> None:  # type: ignore[no-untyped-def]
    added = 0
    for name in ("example.ics", "alarm_google_future.ics", "america_new_york.ics"):
        data = (DATA / name).read_bytes()
        result = await import_calendar(db, data, default_zone="America/Chicago", now=NOW)
        added += result.added
        again = await import_calendar(db, data, default_zone="America/Chicago", now=NOW)
        assert again.added == 0 and again.unchanged == result.added
    assert added == 5
    async with db.read() as session:
        google = await store.by_uid(session, "79fs7pkqvht9m5igs0vjv1sfra@google.com")
        custom = await store.by_uid(session, "noend123")
        holiday = await store.by_uid(session, "636a0cc1dbd5a1667894465@icalendar")
    assert google is not None and google.reminder_offsets == "10m,14m,15m"
    assert custom is not None and custom.starts_at == datetime(2014, 8, 29, 12, tzinfo=UTC)
    assert holiday is not None and holiday.ends_at - holiday.starts_at == timedelta(days=1)
    Calendar.from_ical(await export_calendar(db, ["1d"], name="all"))


async def test_garbage_is_refused_without_changes(db) -> None:  # type: ignore[no-untyped-def]
    from bot.features.events.ics import CalendarError

    for junk in (b"", b"\x00\xff not a calendar", b"BEGIN:VCALENDAR\nBEGIN:VEVENT\n"):
        try:
            result = await import_calendar(db, junk, default_zone="UTC", now=NOW)
        except CalendarError:
            continue
        assert result.added == 0
    async with db.read() as session:
        assert await store.count(session) == 0


async def test_http_feed_serves_the_calendar(bot: TestBot) -> None:
    await create(bot)
    server = HttpServer(bot.runtime, [setup_calendar])
    async with TestClient(TestServer(server.app)) as client:
        feed = await client.get("/calendar.ics")
        assert feed.status == 200 and feed.content_type == "text/calendar"
        (event,) = Calendar.from_ical(await feed.read()).walk("VEVENT")
        assert str(event["summary"]) == "Health Equity Webinar"
        one = await client.get("/calendar/1.ics")
        assert one.status == 200
        for missing in ("/calendar/999.ics", "/calendar/abc.ics"):
            assert (await client.get(missing)).status == 404


async def test_add_to_calendar_is_a_file_or_a_feed_link(database_url: str) -> None:
    bot = await TestBot.open(database_url)
    try:
        await create(bot)
        reply = await bot.press(await bot.command("/events"), "Add to calendar")
        (attachment,) = reply.attachments
        assert attachment.mime_type == "text/calendar"
        Calendar.from_ical(attachment.content)
    finally:
        await bot.close()
    settings = settings_for_tests({"http": {"public_url": "https://bot.example.org"}})
    linked = await TestBot.open(database_url, settings=settings)
    try:
        buttons = [b for s in (await linked.command("/events")).sections for b in s.buttons]
        assert "https://bot.example.org/calendar/1.ics" in [b.url for b in buttons]
    finally:
        await linked.close()


def test_cli_import_and_export(tmp_path: Path, sqlite_template: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil

    path = tmp_path / "bot.db"
    shutil.copy(sqlite_template, path)
    monkeypatch.setenv("COLLAB_BOT_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["events", "import", str(DATA / "alarm_google_future.ics")])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.output
    out = tmp_path / "out.ics"
    result = runner.invoke(cli, ["events", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    (event,) = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "event with alarms"
    bad = runner.invoke(cli, ["events", "import", str(tmp_path / "nope.ics")])
    assert bad.exit_code == 2
    asyncio.get_event_loop_policy()  # the CLI ran its own loops and left none behind


async def test_series_with_every_field_round_trips(bot: TestBot) -> None:
    await create(
        bot,
        '/events add Design Justice, session 1 when:"February 25 12pm CST" length:90m '
        'kind:"workshop session" series:"Design Justice" repeat:monthly reminders:1w,1d '
        'join:https://example.org/j register:https://example.org/r about:"Bring a notebook"',
    )
    first = await export_calendar(bot.db, ["1d", "1h"], name="P4HE")
    (event,) = Calendar.from_ical(first).walk("VEVENT")
    assert str(event["categories"].cats[0]) == "workshop session"
    assert str(event["X-COLLAB-SERIES"]) == "Design Justice"
    assert str(event["description"]) == "Join: https://example.org/j\n\nBring a notebook"
    assert str(event["location"]) == "https://example.org/j" == str(event["url"])
    result = await import_calendar(bot.db, first, default_zone="UTC", now=NOW)
    assert result.unchanged == 1
    assert await export_calendar(bot.db, ["1d", "1h"], name="P4HE") == first
