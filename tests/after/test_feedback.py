"""Feedback after a session: one DM per Going member an hour after it ends, one tap to rate,
an optional "what next", nothing counted twice, anonymous to organizers."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime

import pytest
from sqlmodel import col, select

from bot.config import ConfigError
from bot.features import parse_settings
from storage.models.deliveries import Delivery
from tests.after.helpers import WEBINAR, dms_to, labels, publish, say_going, stop_going
from tests.harness import TestBot, reply_text, settings_for_tests


def feedback_dms(bot: TestBot, user: str) -> list[str]:
    return [r.text for r in dms_to(bot, user) if r.text.startswith("How was")]


async def test_going_members_are_asked_once_an_hour_after_the_end(bot: TestBot) -> None:
    event_id = await publish(bot)
    await say_going(bot, "ana", "slack")
    await say_going(bot, "ben", "discord")
    await bot.advance("15d 5h 59m")  # Jan 20, 2:59 PM Central: ended 59 minutes ago
    assert feedback_dms(bot, "ana") == [] and feedback_dms(bot, "ben") == []
    await bot.advance("2m")
    assert feedback_dms(bot, "ana") == ["How was Health Equity Webinar?"]
    assert feedback_dms(bot, "ben") == ["How was Health Equity Webinar?"]
    assert feedback_dms(bot, "cam") == [], "only members who said Going"
    [dm] = [r for r in dms_to(bot, "ana") if r.text.startswith("How was")]
    assert labels(dm) == ["1", "2", "3", "4", "5"]
    assert "anonymous to organizers" in reply_text(dm)
    await bot.advance("3d")
    assert len(feedback_dms(bot, "ana")) == 1, "one DM, however often the job runs"

    thanks = await bot.press(dm, "4", "ana", platform="slack")
    assert "You rated Health Equity Webinar 4 out of 5" in reply_text(thanks)
    again = await bot.press(dm, "5", "ana", platform="slack")
    assert "You already rated Health Equity Webinar (you gave 4)" in again.text
    opened = await bot.press(thanks, "What should we cover next?", "ana", platform="slack")
    assert opened.form is not None
    done = await bot.submit(opened, {"next": "Medicaid unwinding"}, "ana", platform="slack")
    assert "without your name" in done.text
    assert event_id


async def test_one_big_clock_jump_still_asks_an_hour_after_the_end(bot: TestBot) -> None:
    await publish(bot)
    await say_going(bot, "ana")
    await say_going(bot, "ben")
    await bot.advance("14d 12h")  # Jan 19, 9 PM: the DMs are queued, due Jan 20 3 PM
    await stop_going(bot, "ben")  # answers change until the start: Ben is not asked
    await bot.advance("10d")
    asked = [p for p in bot.posts() if p[1].text.startswith("How was")]
    assert [t.user_id for t, _, _ in asked] == ["ana"]
    async with bot.db.read() as session:
        statement = select(Delivery).where(col(Delivery.key) == asked[0][2])
        row = (await session.execute(statement)).scalars().one()
    assert row and row.sent_at == datetime.fromisoformat("2026-01-20T15:00-06:00")


async def test_a_member_who_did_not_say_going_cannot_rate(bot: TestBot) -> None:
    await publish(bot)
    await say_going(bot, "ana")
    await bot.advance("15d 7h")
    [dm] = [r for r in dms_to(bot, "ana") if r.text.startswith("How was")]
    refused = await bot.press(dm, "5", "cam")
    assert "Only members who said Going" in refused.text


async def test_no_feedback_when_turned_off_or_cancelled(database_url: str) -> None:
    settings = settings_for_tests({"events": {"ask_feedback": False}})
    bot = await TestBot.open(database_url, settings=settings)
    try:
        await publish(bot)
        await say_going(bot, "ana")
        await bot.advance("16d")
        assert feedback_dms(bot, "ana") == []
    finally:
        await bot.close()


async def test_the_delay_is_configurable(database_url: str) -> None:
    settings = settings_for_tests({"events": {"feedback_delay": "1d"}})
    bot = await TestBot.open(database_url, settings=settings)
    try:
        await publish(bot)
        await say_going(bot, "ana")
        await bot.advance("15d 7h")
        assert feedback_dms(bot, "ana") == []
        await bot.advance("1d")
        assert feedback_dms(bot, "ana") == ["How was Health Equity Webinar?"]
    finally:
        await bot.close()


def test_a_bad_delay_is_refused() -> None:
    with pytest.raises(ConfigError, match="feedback_delay"):
        parse_settings({"events": {"feedback_delay": "30d"}}, "config.toml")


async def test_two_processes_send_each_member_one_feedback_dm(database_url: str) -> None:
    one = await TestBot.open(database_url, worker_id="one")
    two = await TestBot.open(database_url, start=one.clock.now(), worker_id="two")
    try:
        await publish(one, WEBINAR)
        for user in ("ana", "ben", "cam"):
            await say_going(one, user)
        # Both processes at the same moment (as the database's clock would have it): each
        # runs the job that queues the DMs and delivers, at once.
        for bot in (one, two):
            bot.clock.set(datetime.fromisoformat("2026-01-20T15:30:00-06:00"))
        await asyncio.gather(one.deliver_due(), two.deliver_due(), one.deliver_due())
        await asyncio.gather(two.deliver_due(), one.deliver_due())
        sent = Counter(
            target.user_id
            for bot in (one, two)
            for target, reply, _ in bot.posts()
            if reply.text.startswith("How was")
        )
        assert sent == Counter({"ana": 1, "ben": 1, "cam": 1})
    finally:
        await one.close()
        await two.close()


async def test_a_cancelled_event_asks_nobody(bot: TestBot) -> None:
    event_id = await publish(bot)
    await say_going(bot, "ana")
    await bot.advance("15d 4h 30m")  # during the session: the DM is queued
    asked = await bot.command(f"/events cancel {event_id}", "olu", organizer=True)
    await bot.press(asked, "Yes, cancel it", "olu", organizer=True)
    await bot.advance("2d")
    assert feedback_dms(bot, "ana") == []


async def test_a_dm_the_bot_could_not_send_for_days_is_not_sent(database_url: str) -> None:
    bot = await TestBot.open(database_url)
    await publish(bot)
    await say_going(bot, "ana")
    await bot.advance("15d 5h")  # the session is over; the DM is due at 3 PM
    await bot.close()
    later = datetime.fromisoformat("2026-01-23T09:00-06:00")  # the bot was down for days
    bot = await TestBot.open(database_url, start=later)
    try:
        await bot.deliver_due()
        await bot.advance("1d")
        assert feedback_dms(bot, "ana") == []
    finally:
        await bot.close()
