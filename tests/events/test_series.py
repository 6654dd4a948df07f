"""Series as workshops run: fixed length, every other week, one session skipped or moved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.features.events import sessions
from bot.features.events.calendar_io import export_calendar, import_calendar
from storage import events as store
from tests.events.test_changes import pending, subscribe
from tests.events.test_flow import create, dms
from tests.harness import TestBot, reply_text

NOW = datetime(2026, 1, 5, 15, tzinfo=UTC)
EVERY_OTHER = (
    '/events add Design Justice when:"February 25 12pm CST" length:90m '
    'repeat:"every other Wednesday, 6 sessions"'
)
IMPORTED = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Example//Outlook//EN\r
BEGIN:VEVENT\r
UID:series-6@example.org\r
DTSTAMP:20260101T000000Z\r
SUMMARY:Community Health Workshop\r
DTSTART;TZID=America/Chicago:20260225T120000\r
DTEND;TZID=America/Chicago:20260225T133000\r
RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;COUNT=6\r
END:VEVENT\r
END:VCALENDAR\r
"""


async def _event(bot: TestBot, event_id: int = 1):  # type: ignore[no-untyped-def]
    async with bot.db.read() as session:
        return await store.get(session, event_id)


async def test_every_other_week_six_sessions_from_chat(bot: TestBot) -> None:
    preview = await bot.command(EVERY_OTHER, "olu", organizer=True)
    text = reply_text(preview)
    assert "every other Wednesday at 12:00 PM, 6 sessions, until May 6" in text, text
    await bot.press(preview, "Confirm", "olu", organizer=True)
    event = await _event(bot)
    starts = sessions.starts(event, after=NOW, before=NOW + timedelta(days=365))
    assert len(starts) == 6
    local = [s.astimezone(ZoneInfo("America/Chicago")) for s in starts]
    assert all(b.date() - a.date() == timedelta(days=14) for a, b in pairwise(local))
    assert {(t.weekday(), t.hour) for t in local} == {(2, 12)}, "Wednesdays at noon across DST"


async def test_weekly_until_a_date_and_n_weekly_sessions(bot: TestBot) -> None:
    await create(
        bot, '/events add Office Hours when:"June 3 10am CST" repeat:"weekly until June 30"'
    )
    await create(bot, '/events add Cohort when:"March 2 9am ET" repeat:"4 weekly sessions"')
    until, four = await _event(bot, 1), await _event(bot, 2)
    june = sessions.starts(until, after=NOW, before=NOW + timedelta(days=365))
    assert [s.day for s in june] == [3, 10, 17, 24]
    assert "until Jun 24" in reply_text(await bot.command("/events", "ana"))
    assert len(sessions.starts(four, after=NOW, before=NOW + timedelta(days=365))) == 4
    bad = await bot.command(
        '/events add X when:"March 2 9am" repeat:"every blue moon"', "olu", organizer=True
    )
    assert "Repeat is" in reply_text(bad)


async def test_imported_every_other_week_is_not_shown_as_every_week(db, bot: TestBot) -> None:  # type: ignore[no-untyped-def]
    result = await import_calendar(bot.db, IMPORTED, default_zone="UTC", now=NOW)
    assert result.added == 1
    listed = reply_text(await bot.command("/events", "ana"))
    assert "every other Wednesday at 12:00 PM, 6 sessions, until May 6" in listed, listed
    assert "every Wednesday" not in listed


async def test_skip_one_session_tells_subscribers_and_drops_its_reminders(bot: TestBot) -> None:
    await create(bot, EVERY_OTHER)
    await bot.advance(datetime(2026, 2, 15, tzinfo=UTC) - bot.clock.now())
    await subscribe(bot, "ana")
    listed = await bot.command("/events sessions 1", "olu", organizer=True)
    assert "Wed, Mar 11 2026" in reply_text(listed)
    refused = await bot.command('/events skip 1 "March 11"', "ana")
    assert "organizer" in reply_text(refused).lower()
    ask = await bot.command('/events skip 1 "March 11"', "olu", organizer=True)
    bot.clear_posts()
    done = await bot.press(ask, "Yes, skip it", "olu", organizer=True)
    assert "1 member told" in reply_text(done)
    await bot.advance("1m")
    (notice,) = dms(bot, "ana")
    assert "Mar 11" in notice and "skipped" in notice and "other sessions are unchanged" in notice
    due = {r.due_at.date() for r in await pending(bot)}
    assert datetime(2026, 3, 10).date() not in due, "no reminder the day before the skipped one"
    assert datetime(2026, 2, 24).date() in due and datetime(2026, 3, 24).date() in due
    again = await bot.press(listed, "Skip", "olu", organizer=True, nth=1)
    assert "already" in reply_text(again)


async def test_move_one_session_reminders_follow_it(bot: TestBot) -> None:
    await create(bot, EVERY_OTHER)
    await subscribe(bot, "ana")
    ask = await bot.command('/events move 1 "March 11" to:"March 12"', "olu", organizer=True)
    assert "Thu, Mar 12 2026, 12:00 PM" in reply_text(ask), reply_text(ask)
    bot.clear_posts()
    await bot.press(ask, "Yes, move it", "olu", organizer=True)
    await bot.advance("1m")
    (notice,) = dms(bot, "ana")
    assert "moves to Thu, Mar 12 2026" in notice
    await bot.advance(datetime(2026, 3, 5, tzinfo=UTC) - bot.clock.now())  # planned ahead
    await bot.advance(datetime(2026, 3, 12, 17, tzinfo=UTC) - bot.clock.now())  # noon CDT
    reminders = [t for t in dms(bot, "ana") if t.startswith("Reminder")]
    assert [t for t in reminders if "Mar 12 2026" in t] == reminders[-2:], reminders
    assert not any("Mar 11 2026" in t for t in reminders)


async def test_export_carries_exdate_and_recurrence_id_and_round_trips(bot: TestBot) -> None:
    await create(bot, EVERY_OTHER)
    ask = await bot.command('/events skip 1 "March 11"', "olu", organizer=True)
    await bot.press(ask, "Yes, skip it", "olu", organizer=True)
    ask = await bot.command('/events move 1 "March 25" to:"March 26 3pm"', "olu", organizer=True)
    await bot.press(ask, "Yes, move it", "olu", organizer=True)
    data = await export_calendar(bot.db, ["1d"], name="P4HE")
    master, moved = Calendar.from_ical(data).walk("VEVENT")
    assert [d.dt for d in master["exdate"].dts] == [datetime(2026, 3, 11, 17, tzinfo=UTC)]
    assert master["exdate"].params["TZID"] == "America/Chicago"
    assert moved["uid"] == master["uid"]
    assert moved["recurrence-id"].dt == datetime(2026, 3, 25, 17, tzinfo=UTC)
    assert moved["dtstart"].dt == datetime(2026, 3, 26, 20, tzinfo=UTC)
    result = await import_calendar(bot.db, data, default_zone="UTC", now=NOW)
    assert result.unchanged == 1
    assert await export_calendar(bot.db, ["1d"], name="P4HE") == data


async def test_cancel_notice_of_a_series_names_the_next_session(bot: TestBot) -> None:
    await create(bot, EVERY_OTHER)
    await subscribe(bot, "ana")
    await bot.advance(datetime(2026, 3, 1, tzinfo=UTC) - bot.clock.now())
    bot.clear_posts()
    ask = await bot.command("/events cancel 1", "olu", organizer=True)
    await bot.press(ask, "Yes, cancel it", "olu", organizer=True)
    await bot.advance("1m")
    (notice,) = dms(bot, "ana")
    assert "Wed, Mar 11 2026" in notice and "Feb 25" not in notice


async def test_a_cancelled_recurrence_id_is_a_skipped_session(bot: TestBot) -> None:
    cancelled = IMPORTED.replace(
        b"END:VCALENDAR\r\n",
        b"BEGIN:VEVENT\r\nUID:series-6@example.org\r\nDTSTAMP:20260101T000000Z\r\n"
        b"RECURRENCE-ID;TZID=America/Chicago:20260311T120000\r\n"
        b"DTSTART;TZID=America/Chicago:20260311T120000\r\nSTATUS:CANCELLED\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    await import_calendar(bot.db, cancelled, default_zone="UTC", now=NOW)
    event = await _event(bot)
    starts = sessions.starts(event, after=NOW, before=NOW + timedelta(days=365))
    assert datetime(2026, 3, 11, 17, tzinfo=UTC) not in starts and len(starts) == 5


async def test_a_new_first_date_clears_skips_and_keeps_the_series_shape(bot: TestBot) -> None:
    await create(bot, EVERY_OTHER)
    ask = await bot.command('/events skip 1 "March 11"', "olu", organizer=True)
    await bot.press(ask, "Yes, skip it", "olu", organizer=True)
    preview = await bot.command('/events edit 1 when:"March 5 12pm CST"', "olu", organizer=True)
    assert "every other Thursday at 12:00 PM, 6 sessions" in reply_text(preview)
    await bot.press(preview, "Confirm", "olu", organizer=True)
    event = await _event(bot)
    assert event.overrides == ""
    assert len(sessions.starts(event, after=NOW, before=NOW + timedelta(days=365))) == 6


async def test_a_skipped_session_can_be_restored(bot: TestBot) -> None:
    await create(bot, EVERY_OTHER)
    await bot.advance(datetime(2026, 2, 15, tzinfo=UTC) - bot.clock.now())
    await subscribe(bot, "ana")
    ask = await bot.command('/events skip 1 "March 11"', "olu", organizer=True)
    done = await bot.press(ask, "Yes, skip it", "olu", organizer=True)
    listed = await bot.command("/events sessions 1", "olu", organizer=True)
    assert "Wed, Mar 11 2026, 12:00 PM – 1:30 PM CDT (America/Chicago) (skipped)" in reply_text(
        listed
    )
    refused = await bot.press(done, "Restore it", "ana")
    assert "organizer" in reply_text(refused).lower()
    bot.clear_posts()
    restored = await bot.press(listed, "Restore", "olu", organizer=True)
    assert "takes place after all" in reply_text(restored) and "1 member told" in restored.text
    await bot.advance("1m")
    (notice,) = [t for t in dms(bot, "ana") if "after all" in t]
    assert "Mar 11" in notice
    due = {r.due_at.date() for r in await pending(bot)}
    assert datetime(2026, 3, 10).date() in due, "the day-before reminder is back"
    again = await bot.press(done, "Restore it", "olu", organizer=True)
    assert "not skipped any more" in reply_text(again)
    relisted = await bot.command("/events sessions 1", "olu", organizer=True)
    assert "(skipped)" not in reply_text(relisted)
