"""A whole year on a fake clock: every prompt once per channel, across a restart, with a
bot that was down over a kick-off catching up inside the window and not after it."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from storage.models.deliveries import SENT, SKIPPED
from tests.harness import TestBot, reply_text
from tests.journey.support import (
    CHANNELS,
    journey_posts,
    journey_settings,
    key,
    local,
    recorded_posts,
    row,
)

QUARTERS = ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")
PROMPTS = ("kickoff", "after-4w", "after-8w")


async def walk(bot: TestBot, until: str) -> None:
    end = local(until)
    while bot.clock.now() < end:
        await bot.advance(min(timedelta(days=14), end - bot.clock.now()))


async def test_a_year_posts_every_prompt_once_per_channel_across_a_restart(
    database_url: str,
) -> None:
    settings = journey_settings()
    first = await TestBot.open(database_url, settings=settings, start=local("2025-12-31 12:00"))
    await walk(first, "2026-06-15 12:00")
    posted = journey_posts(first)
    restarted_at = first.clock.now()
    await first.close()

    second = await TestBot.open(database_url, settings=settings, start=restarted_at)
    try:
        await walk(second, "2026-12-31 12:00")
        posted += journey_posts(second)
        expected = {key(q, p, platform) for q in QUARTERS for p in PROMPTS for platform in CHANNELS}
        assert set(posted) == expected
        assert set(posted.values()) == {1}
        recorded = await recorded_posts(second)
        assert set(recorded) == expected
        assert recorded[key("2026-Q3", "kickoff", "discord")].posted_at == local("2026-07-01 10:00")
        assert recorded[key("2026-Q4", "after-8w", "slack")].posted_at == local("2026-11-26 10:00")
        follow_up = await row(second, key("2026-Q4", "after-8w", "slack"))
        assert follow_up is not None and follow_up.status == SENT and not follow_up.late
        # Housekeeping forgot the delivery rows of the first quarters; nothing was re-queued,
        # and a late reply in an old thread still finds its prompt.
        assert await row(second, key("2026-Q1", "kickoff", "slack")) is None
        old_thread = recorded[key("2026-Q1", "kickoff", "slack")].external_id
        await second.say(
            "Still thinking about this",
            user="bo",
            platform="slack",
            channel="C-JOURNEY",
            thread=old_thread,
            message_id="late-1",
        )
        summary = await second.command("/journey summary 2026-Q1", organizer=True)
        assert "1 reply from 1 participant" in reply_text(summary)
    finally:
        await second.close()


async def test_posts_start_a_thread_in_the_journey_channel(database_url: str) -> None:
    bot = await TestBot.open(
        database_url, settings=journey_settings(), start=local("2026-03-31 09:00")
    )
    try:
        await bot.advance("1d 2h")
        targets = {(t.platform, t.channel_id, t.thread_id) for t, _, _ in bot.posts()}
        assert targets == {(p, c, None) for p, c in CHANNELS.items()}
        _target, reply, _key = bot.posts("slack")[0]
        assert not reply.private
        assert "Partnerships and Coalitions" in reply.text
        assert "{" not in reply.text
    finally:
        await bot.close()


async def down_over_kickoff(database_url: str, back_at: str) -> Counter[str]:
    settings = journey_settings()
    before = await TestBot.open(database_url, settings=settings, start=local("2026-03-20 09:00"))
    await before.advance("10d")  # March 30: the Q2 kick-off (April 1, 10:00) is queued
    assert not journey_posts(before)
    await before.close()
    after = await TestBot.open(database_url, settings=settings, start=local(back_at))
    try:
        await after.advance("1h")
        return journey_posts(after)
    finally:
        await after.close()


async def test_a_bot_down_over_a_kickoff_catches_up_inside_the_window(database_url: str) -> None:
    posted = await down_over_kickoff(database_url, "2026-04-04 09:30")
    assert posted == Counter({key("2026-Q2", "kickoff", p): 1 for p in CHANNELS})
    bot = await TestBot.open(
        database_url, settings=journey_settings(), start=local("2026-04-04 10:30")
    )
    try:
        late = await row(bot, key("2026-Q2", "kickoff", "slack"))
        assert late is not None and late.status == SENT and late.late
    finally:
        await bot.close()


async def test_a_bot_back_after_the_window_does_not_post_it(database_url: str) -> None:
    posted = await down_over_kickoff(database_url, "2026-04-04 10:01")
    assert posted == Counter()
    bot = await TestBot.open(
        database_url, settings=journey_settings(), start=local("2026-04-05 10:00")
    )
    try:
        expired = await row(bot, key("2026-Q2", "kickoff", "discord"))
        assert expired is not None and expired.status == SKIPPED
        await bot.advance("3w")
        assert journey_posts(bot) == Counter()
    finally:
        await bot.close()


async def test_a_first_start_after_the_window_posts_nothing_for_it(database_url: str) -> None:
    bot = await TestBot.open(
        database_url, settings=journey_settings(), start=local("2026-04-06 09:00")
    )
    try:
        await bot.advance("1d")
        assert journey_posts(bot) == Counter()
        assert await row(bot, key("2026-Q2", "kickoff", "slack")) is None
    finally:
        await bot.close()


async def test_two_processes_post_each_prompt_once(database_url: str) -> None:
    settings = journey_settings()
    start = local("2026-03-31 12:00")
    one = await TestBot.open(database_url, settings=settings, start=start, worker_id="one")
    two = await TestBot.open(database_url, settings=settings, start=start, worker_id="two")
    try:
        for bot in (one, two):
            bot.clock.set(local("2026-04-01 10:00"))
        await asyncio.gather(one.deliver_due(), two.deliver_due(), one.deliver_due())
        posted = journey_posts(one) + journey_posts(two)
        assert posted == Counter({key("2026-Q2", "kickoff", p): 1 for p in CHANNELS})
    finally:
        await one.close()
        await two.close()


async def test_a_changed_post_time_moves_queued_prompts(database_url: str) -> None:
    start = local("2026-03-30 09:00")
    bot = await TestBot.open(database_url, settings=journey_settings(), start=start)
    await bot.close()
    later = journey_settings({"journey": {"post_time": "14:30"}})
    bot = await TestBot.open(database_url, settings=later, start=start)
    try:
        await bot.advance("2d 5h")  # April 1, 14:00: not yet
        assert journey_posts(bot) == Counter()
        await bot.advance("1h")
        assert len(journey_posts(bot)) == 3
        sent = await row(bot, key("2026-Q2", "kickoff", "console"))
        assert sent is not None and sent.sent_at == local("2026-04-01 14:30")
    finally:
        await bot.close()


async def test_a_post_forgotten_by_housekeeping_is_never_queued_again(database_url: str) -> None:
    short = journey_settings({"scheduler": {"retention": "1h"}})
    bot = await TestBot.open(database_url, settings=short, start=local("2026-03-31 09:00"))
    try:
        await bot.advance("1d 2h")  # April 1, 11:00: posted
        await bot.advance("2d")  # inside the catch-up window, long after the retention
        assert await row(bot, key("2026-Q2", "kickoff", "slack")) is None
        assert journey_posts(bot) == Counter({key("2026-Q2", "kickoff", p): 1 for p in CHANNELS})
        preview = await bot.command("/journey preview", organizer=True)
        assert "follow-up after 4 weeks" in preview.text
    finally:
        await bot.close()
