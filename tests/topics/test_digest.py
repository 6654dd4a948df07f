"""The organizers' digest: once per period per channel, only when there is something to say."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.config import ConfigError
from bot.features.topics.digest import last_period
from bot.limits import problems
from bot.model import Action
from tests.harness import TestBot, reply_text, settings_for_tests
from tests.topics.helpers import channel_posts, decide, suggest

CHICAGO = ZoneInfo("America/Chicago")


def digests(bot: TestBot, channel: str) -> list[str]:
    return [reply_text(r) for _, r, key in channel_posts(bot, channel) if "digest" in key]


async def test_one_digest_per_period_with_the_top_suggestions(bot: TestBot) -> None:
    low = await suggest(bot, "Rural broadband and telehealth", "ana")
    high = await suggest(bot, "Maternal health in Black communities", "bo")
    await bot.press_action(Action("topics.vote", (str(high),)), "cy")
    await bot.advance("1h")
    [first] = digests(bot, "C-ORG")
    assert len(digests(bot, "444")) == 1
    assert first.index(f"#{high}") < first.index(f"#{low}")
    assert all(problems(r) == [] for _, r, _ in channel_posts(bot, "C-ORG"))
    await bot.advance("1d")
    await bot.advance("1d")
    assert len(digests(bot, "C-ORG")) == 1
    await bot.advance("5d")  # Monday 10:00, an hour after the next period began
    assert len(digests(bot, "C-ORG")) == 2 and len(digests(bot, "444")) == 2


async def test_no_digest_without_open_suggestions(bot: TestBot) -> None:
    await bot.advance("8d")
    assert digests(bot, "C-ORG") == []


async def test_no_digest_while_no_open_suggestion_has_a_vote(bot: TestBot) -> None:
    sid = await suggest(bot, "Rural broadband and telehealth")
    await bot.advance("1h")
    assert digests(bot, "C-ORG") == []  # every count is 0: nothing to weigh yet
    await bot.press_action(Action("topics.vote", (str(sid),)), "cy")
    await bot.advance("10m")  # this period's, now that a count is not 0
    [digest] = digests(bot, "C-ORG")
    assert "1 vote" in digest


async def test_no_digest_when_turned_off(database_url: str) -> None:
    bot = await TestBot.open(
        database_url, settings=settings_for_tests({"topics": {"digest_cron": ""}})
    )
    try:
        await suggest(bot, "Rural broadband and telehealth")
        await bot.advance("8d")
        assert digests(bot, "C-ORG") == []
    finally:
        await bot.close()


def test_the_period_is_the_latest_cron_time_within_grace() -> None:
    monday_9 = datetime(2026, 1, 5, 9, 0, tzinfo=CHICAGO)
    assert last_period("0 9 * * 1", CHICAGO, monday_9) == monday_9
    later = datetime(2026, 1, 5, 15, 30, tzinfo=CHICAGO)
    assert last_period("0 9 * * 1", CHICAGO, later) == monday_9
    assert last_period("0 9 * * 1", CHICAGO, datetime(2026, 1, 7, 9, tzinfo=CHICAGO)) is None
    daily = last_period("0 * * * *", CHICAGO, datetime(2026, 1, 5, 15, 30, tzinfo=UTC))
    assert daily == datetime(2026, 1, 5, 15, 0, tzinfo=UTC)


def test_a_bad_crontab_names_the_key() -> None:
    with pytest.raises(ConfigError, match=r"topics\.digest_cron"):
        settings_for_tests({"topics": {"digest_cron": "every monday"}})


async def test_the_largest_lists_and_digests_fit_every_platform(database_url: str) -> None:
    bot = await TestBot.open(
        database_url, settings=settings_for_tests({"topics": {"digest_size": 9}})
    )
    try:
        for n in range(9):
            title = " ".join(chr(97 + n) * 9 for _ in range(12))[:120]
            posted = await bot.command(f"/suggest {title} | " + "d" * 1500, "x" * 60 + str(n))
            assert "is posted" in posted.text
            await decide(bot, f"/topics review {n + 1} " + "r" * 500, "org")
        await bot.press_action(Action("topics.vote", ("1",)), "bo")
        await bot.command("/topics", "bo")  # the harness checks every reply against the limits
        await bot.command("/topics status:review sort:newest", "org", organizer=True)
        await bot.command("/topics show 1", "org", organizer=True)
        await bot.advance("1h")
        [(_, digest, _)] = [p for p in channel_posts(bot, "C-ORG") if "digest" in p[2]]
        assert len(digest.sections) == 10 and problems(digest) == []
        assert all(problems(reply) == [] for _, reply, _ in bot.posts())
    finally:
        await bot.close()
