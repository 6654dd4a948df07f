"""Daylight saving never moves a Central-time series; a restart sends each reminder once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.features.events import recurrence
from bot.outbox import RetryLater
from tests.events.test_flow import create, dms
from tests.harness import TestBot, reply_text, settings_for_tests

CHICAGO = ZoneInfo("America/Chicago")


def test_monthly_third_tuesday_stays_1pm_central_across_dst() -> None:
    first = datetime(2026, 1, 20, 13, tzinfo=CHICAGO).astimezone(UTC)
    rule = recurrence.rule_for("monthly", first.astimezone(CHICAGO))
    assert rule == "FREQ=MONTHLY;BYDAY=+3TU"
    starts = recurrence.occurrences(
        first, "America/Chicago", rule, after=first, before=datetime(2027, 1, 1, tzinfo=UTC)
    )
    local = [s.astimezone(CHICAGO) for s in starts]
    assert [s.hour for s in local] == [13] * 12
    assert all(s.weekday() == 1 and 15 <= s.day <= 21 for s in local)
    assert {s.utcoffset().total_seconds() / 3600 for s in local} == {-6, -5}  # type: ignore[union-attr]
    assert starts[2] == datetime(2026, 3, 17, 18, tzinfo=UTC)  # after the March change
    assert starts[10] == datetime(2026, 11, 17, 19, tzinfo=UTC)  # after the November change


async def test_series_reminders_arrive_at_1pm_central_in_march_and_november(bot: TestBot) -> None:
    await create(bot, '/events add Monthly Webinar when:"January 20 1pm CST" repeat:monthly')
    listed = await bot.command("/events", "ana")
    await bot.press(listed, "Going", "ana")
    sent: list[datetime] = []
    for _ in range(11):
        before = len(dms(bot, "ana"))
        await bot.advance("30d")
        sent += [bot.clock.now()] * (len(dms(bot, "ana")) - before)
    reminders = [t for t in dms(bot, "ana") if "starts in 60 minutes" in t]
    assert len(reminders) >= 10
    assert any("Tue, Mar 17 2026, 1:00 PM – 2:00 PM CDT" in t for t in reminders)
    assert any("Tue, Nov 17 2026, 1:00 PM – 2:00 PM CST" in t for t in reminders)


async def test_restart_sends_once_late_before_start_and_skips_after(database_url: str) -> None:
    first = await TestBot.open(database_url)
    await create(first)
    listed = await first.command("/events", "ana")
    await first.press(listed, "Going", "ana")
    await first.close()  # the bot is down from Jan 5 09:00 ...

    second = await TestBot.open(
        database_url, start=datetime(2026, 1, 20, 12, 30, tzinfo=CHICAGO)
    )  # ... until 30 minutes before the start: both reminders came due while it was down
    try:
        await second.advance("1m")
        got = dms(second, "ana")
        assert len(got) == 2, got
        assert all(t.startswith("(Sent late") for t in got)
        await second.advance("2h")
        assert len(dms(second, "ana")) == 2, "each reminder is sent once"
    finally:
        await second.close()


async def test_restart_after_start_skips_the_reminders(database_url: str) -> None:
    first = await TestBot.open(database_url)
    await create(first)
    listed = await first.command("/events", "ana")
    await first.press(listed, "Going", "ana")
    await first.close()
    second = await TestBot.open(database_url, start=datetime(2026, 1, 20, 13, 5, tzinfo=CHICAGO))
    try:
        outcome = await second.advance("1m")
        assert dms(second, "ana") == []
        assert outcome.get("skipped", 0) >= 2
    finally:
        await second.close()


class FlakyOutbox:
    """A platform that answers every post with a server error (a fake at the network edge)."""

    def __init__(self) -> None:
        self.attempts = 0

    async def post(self, target: object, reply: object, *, key: str) -> RetryLater:
        self.attempts += 1
        return RetryLater("HTTP 503 from the platform", after_seconds=1.0)


async def test_failed_send_is_retried_then_shown_to_organizers(database_url: str) -> None:
    settings = settings_for_tests({"scheduler": {"max_attempts": 3}})
    bot = await TestBot.open(database_url, settings=settings)
    flaky = FlakyOutbox()
    bot.runtime.deps.outbox.add("slack", flaky)
    try:
        await create(bot)
        await bot.advance("10m")
        assert flaky.attempts == 3  # the "new event" post to the Slack channel
        member = await bot.command("/events failed", "ana")
        assert "Only organizers" in reply_text(member)
        shown = reply_text(await bot.command("/events failed", "olu", organizer=True))
        assert "events.announcement to slack channel C-ANN" in shown
        assert shown.startswith("1 failed delivery (newest first):")
        assert "HTTP 503 from the platform" in shown and "Attempts: 3" in shown
    finally:
        await bot.close()


async def test_failed_list_says_what_and_why_for_a_dm(database_url: str) -> None:
    settings = settings_for_tests({"scheduler": {"max_attempts": 2}})
    bot = await TestBot.open(database_url, settings=settings)
    try:
        await create(bot)
        await bot.press(
            await bot.command("/events", "U9", platform="discord"),
            "Going",
            "U9",
            platform="discord",
        )
        bot.runtime.deps.outbox.add("discord", FlakyOutbox())
        await bot.advance("16d")
        shown = reply_text(await bot.command("/events failed", "olu", organizer=True))
        assert "events.reminder to discord dm U9" in shown
        assert "What: Health Equity Webinar (event #1)" in shown
    finally:
        await bot.close()


def test_long_running_series_and_unsafe_rules() -> None:
    since = datetime(2014, 8, 29, 12, tzinfo=UTC)
    now = datetime(2026, 1, 5, 15, tzinfo=UTC)
    rule = "FREQ=DAILY"
    assert recurrence.valid_rule(rule, since, "America/New_York")
    assert recurrence.next_start(since, "America/New_York", rule, after=now) == datetime(
        2026, 1, 6, 13, tzinfo=UTC
    )
    week = recurrence.occurrences(
        since, "America/New_York", rule, after=now, before=now + timedelta(days=7)
    )
    assert len(week) == 7
    assert not recurrence.valid_rule("FREQ=MINUTELY", since, "UTC")
    assert not recurrence.valid_rule("FREQ=DAILY;BYDAY=XX", since, "UTC")
    ended = "FREQ=WEEKLY;COUNT=3"
    assert recurrence.next_start(since, "UTC", ended, after=now) is None
