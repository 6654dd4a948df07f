"""Calendar files that Google, Outlook and Apple read right, all-day and in-person events, the feed.

The rules checked here are the ones docs/events.md lists (RFC 5545 and what the three apps
are documented to read); each export is also parsed back with icalendar.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from aiohttp.test_utils import TestClient, TestServer
from icalendar import Calendar

from adapters.http.calendar import setup_calendar
from adapters.http.server import HttpServer
from bot.config import Secrets
from bot.features.events.calendar_io import export_calendar, import_calendar
from storage import events as store
from tests.events.test_flow import create
from tests.harness import TestBot, all_buttons, reply_text, settings_for_tests

NOW = datetime(2026, 1, 5, 15, tzinfo=UTC)
SECRET = "s3cret-feed-token-0123456789"
TRICKY = (
    '/events add Summit; day 1, "Equity" \\ Health when:"June 11 9am CST" length:7h30m '
    'kind:summit join:https://example.org/j where:"1440 Canal St, New Orleans, LA" '
    'about:"Bring: a laptop, a notebook; and questions" repeat:"weekly, 3 sessions"'
)
ALL_DAY_IMPORT = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Apple Inc.//macOS 14//EN\r
BEGIN:VEVENT\r
UID:festival-day@example.org\r
DTSTAMP:20260101T000000Z\r
SUMMARY:Film Festival\r
DTSTART;VALUE=DATE:20260312\r
DTEND;VALUE=DATE:20260315\r
LOCATION:Tulane University\\, 6823 St Charles Ave\\, New Orleans\r
BEGIN:VALARM\r
ACTION:DISPLAY\r
DESCRIPTION:Reminder\r
TRIGGER:-P1D\r
END:VALARM\r
END:VEVENT\r
END:VCALENDAR\r
"""


def unfolded(data: bytes) -> list[str]:
    return data.decode().replace("\r\n ", "").split("\r\n")


def check_rfc5545(data: bytes) -> Calendar:
    """The rules in docs/events.md, "Calendar files"; returns the parsed calendar."""
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b""), "CRLF only"
    for line in data.split(b"\r\n"):
        assert len(line) <= 75, f"line over 75 octets: {line[:40]!r}"
    lines = unfolded(data)
    assert lines[0] == "BEGIN:VCALENDAR" and lines.count("VERSION:2.0") == 1
    assert sum(1 for line in lines if line.startswith("PRODID:")) == 1
    calendar = Calendar.from_ical(data)
    used = set(re.findall(r";TZID=([^;:]+)[;:]", "\n".join(lines)))
    assert used <= {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")}, "VTIMEZONE per TZID"
    for vevent in calendar.walk("VEVENT"):
        for required in ("uid", "dtstamp", "dtstart"):
            assert vevent.get(required) is not None, required
        assert vevent["dtstamp"].dt.tzinfo is not None, "DTSTAMP is UTC"
        start, end = vevent["dtstart"].dt, vevent["dtend"].dt
        assert type(start) is type(end), "DTSTART and DTEND are both DATE or both DATE-TIME"
        for alarm in vevent.walk("VALARM"):
            assert str(alarm["action"]) == "DISPLAY" and alarm.get("description") is not None
            assert alarm.get("trigger") is not None
    return calendar


async def test_export_follows_the_rules_and_escapes_text(bot: TestBot) -> None:
    await create(bot, TRICKY)
    data = await export_calendar(bot.db, ["1d", "1h"], name="P4HE")
    (event,) = check_rfc5545(data).walk("VEVENT")
    raw = "\n".join(unfolded(data))
    assert 'SUMMARY;LANGUAGE=en:Summit\\; day 1\\, "Equity" \\\\ Health' in raw
    assert str(event["summary"]) == 'Summit; day 1, "Equity" \\ Health'
    assert str(event["location"]) == "1440 Canal St, New Orleans, LA"
    assert str(event["description"]).split("\n")[0] == "Join: https://example.org/j"
    assert str(event["url"]) == "https://example.org/j"
    assert len(event.walk("VALARM")) == 2
    assert event["rrule"].to_ical() == b"FREQ=WEEKLY;COUNT=3;BYDAY=TH"


async def test_online_event_puts_the_join_link_where_apps_show_it(bot: TestBot) -> None:
    await create(bot)  # the default webinar has a join link and no place
    (event,) = check_rfc5545(await export_calendar(bot.db, ["1d"], name="x")).walk("VEVENT")
    assert str(event["location"]) == "https://example.org/j"
    assert str(event["description"]).startswith("Join: https://example.org/j")


async def test_all_day_event_from_chat_is_dates_in_and_out(bot: TestBot) -> None:
    preview = await bot.command(
        '/events add Film Festival when:"March 12 all day" length:3d', "olu", organizer=True
    )
    assert "Thu, Mar 12 – Sat, Mar 14 (all day)" in reply_text(preview), reply_text(preview)
    assert "12:00 AM" not in reply_text(preview)
    await bot.press(preview, "Confirm", "olu", organizer=True)
    await bot.command("/timezone Los Angeles", "ana")
    listed = reply_text(await bot.command("/events", "ana"))
    assert "Thu, Mar 12 – Sat, Mar 14 (all day)" in listed, "dates do not shift with the zone"
    data = await export_calendar(bot.db, ["1d"], name="x")
    (event,) = check_rfc5545(data).walk("VEVENT")
    assert "DTSTART;VALUE=DATE:20260312" in unfolded(data)
    assert event["dtstart"].dt == date(2026, 3, 12) and event["dtend"].dt == date(2026, 3, 15)
    result = await import_calendar(bot.db, data, default_zone="UTC", now=NOW)
    assert result.unchanged == 1


async def test_one_all_day_date(bot: TestBot) -> None:
    preview = await bot.command(
        '/events add Summit when:"March 12" length:"all day"', "olu", organizer=True
    )
    assert "Thu, Mar 12 (all day)" in reply_text(preview)


async def test_imported_all_day_event_keeps_dates_location_and_alarm(bot: TestBot) -> None:
    result = await import_calendar(bot.db, ALL_DAY_IMPORT, default_zone="America/Chicago", now=NOW)
    assert result.added == 1
    async with bot.db.read() as session:
        event = await store.by_uid(session, "festival-day@example.org")
    assert event is not None and event.all_day
    assert event.location == "Tulane University, 6823 St Charles Ave, New Orleans"
    assert event.reminder_offsets == "1d"
    listed = await bot.command("/events", "ana")
    assert "Thu, Mar 12 – Sat, Mar 14 (all day)" in reply_text(listed)
    urls = [s.url for section in listed.sections for f in section.fields for s in f.value if s.url]
    assert any(
        u.startswith("https://www.openstreetmap.org/search?query=Tulane+University") for u in urls
    )
    data = await export_calendar(bot.db, ["1h"], name="x")
    (vevent,) = check_rfc5545(data).walk("VEVENT")
    assert vevent["dtstart"].dt == date(2026, 3, 12)
    assert str(vevent["location"]).startswith("Tulane University")


async def test_location_is_settable_and_plain_words_get_no_map(bot: TestBot) -> None:
    await create(bot)
    preview = await bot.command('/events edit 1 where:"Online"', "olu", organizer=True)
    await bot.press(preview, "Confirm", "olu", organizer=True)
    listed = await bot.command("/events", "ana")
    fields = {f.label: f.value for s in listed.sections for f in s.fields}
    assert "".join(s.text for s in fields["Where"]) == "Online"
    assert all(s.url is None for s in fields["Where"])


async def test_public_feed_has_no_join_links_the_secret_one_does(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLLAB_BOT_CALENDAR_SECRET", f"{SECRET},older-secret-0123456789")
    settings = settings_for_tests({"http": {"public_url": "https://bot.example.org"}})
    bot = await TestBot.open(database_url, settings=settings)
    try:
        await create(bot)
        server = HttpServer(bot.runtime, [setup_calendar])
        async with TestClient(TestServer(server.app)) as client:
            for public in ("/calendar.ics", "/calendar/1.ics"):
                body = await (await client.get(public)).read()
                assert b"example.org/j" not in body and b"BEGIN:VEVENT" in body
            for private in (f"/calendar/{SECRET}.ics", f"/calendar/{SECRET}/1.ics"):
                answer = await client.get(private)
                assert answer.status == 200 and b"example.org/j" in await answer.read()
            rotated = await client.get("/calendar/older-secret-0123456789.ics")
            assert rotated.status == 200, "the previous secret still works while rotating"
            for wrong in ("/calendar/guess-guess-guess-guess.ics", "/calendar/x/1.ics"):
                assert (await client.get(wrong)).status == 404
        links = [b.url for b in all_buttons(await bot.command("/events")) if b.url]
        assert f"https://bot.example.org/calendar/{SECRET}/1.ics" in links
        assert SECRET in Secrets.from_env().values(), "redacted from logs like the tokens"
    finally:
        await bot.close()


async def test_outlook_windows_zone_names_are_read(bot: TestBot) -> None:
    outlook = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r
BEGIN:VTIMEZONE\r
TZID:Eastern Standard Time\r
BEGIN:STANDARD\r
DTSTART:16011104T020000\r
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r
TZOFFSETFROM:-0400\r
TZOFFSETTO:-0500\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010311T020000\r
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r
TZOFFSETFROM:-0500\r
TZOFFSETTO:-0400\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:outlook-1@example.org\r
DTSTAMP:20260101T000000Z\r
SUMMARY:Board meeting\r
DTSTART;TZID=Eastern Standard Time:20260401T100000\r
DTEND;TZID=Eastern Standard Time:20260401T110000\r
END:VEVENT\r
END:VCALENDAR\r
"""
    await import_calendar(bot.db, outlook, default_zone="America/Chicago", now=NOW)
    async with bot.db.read() as session:
        event = await store.by_uid(session, "outlook-1@example.org")
    assert event is not None and event.zone == "America/New_York"
    assert event.starts_at == datetime(2026, 4, 1, 14, tzinfo=UTC)


async def test_edit_form_of_an_all_day_event_stays_all_day(bot: TestBot) -> None:
    await create(bot, '/events add Summit when:"March 12 all day" length:2d')
    opened = await bot.command("/events edit 1", "olu", organizer=True)
    assert opened.form is not None
    initial = {i.name: i.initial for i in opened.form.inputs}
    preview = await bot.submit(opened, {**initial, "title": "Summit 2026"}, "olu", organizer=True)
    assert "Thu, Mar 12 – Fri, Mar 13 (all day)" in reply_text(preview), reply_text(preview)
