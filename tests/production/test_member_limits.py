"""Per-member limits: a burst of quick actions is answered with "please wait", then works
again as time passes (the fake clock), and one member's burst never limits another."""

from __future__ import annotations

from bot.actions import Action
from bot.errors import APOLOGY
from tests.events.test_flow import create
from tests.harness import TestBot, settings_for_tests
from tests.topics.helpers import suggest

LIMITS = {"limits": {"votes": 3, "searches": 2, "reminders": 2, "drafts": 2}}


async def test_vote_toggles_are_limited_per_member(database_url: str) -> None:
    bot = await TestBot.open(database_url, settings=settings_for_tests(LIMITS))
    try:
        sid = await suggest(bot, "Rural broadband and telehealth", "ana", "console")
        vote = Action("topics.vote", (str(sid),))
        answers = [(await bot.press_action(vote, "bo")).text for _ in range(4)]
        assert all("vote" in a for a in answers[:3])
        assert "faster than the bot allows (3 a minute)" in answers[3]
        assert "wait 20 seconds" in answers[3]
        assert "You voted" in (await bot.press_action(vote, "cy")).text  # others unaffected
        await bot.advance("20s")
        assert "vote" in (await bot.press_action(vote, "bo")).text.lower()
        assert "faster" in (await bot.press_action(vote, "bo")).text
    finally:
        await bot.close()


async def test_searches_reminders_and_drafts_are_limited(database_url: str) -> None:
    bot = await TestBot.open(database_url, settings=settings_for_tests(LIMITS))
    try:
        for _ in range(2):
            assert "faster" not in (await bot.command("/resources housing", "bo")).text
        limited = await bot.command("/resources housing", "bo")
        assert "searching faster" in limited.text and limited.private

        await create(bot, '/events add Health Equity Webinar when:"January 21 1pm CST" length:1h')
        listed = await bot.command("/events", "bo")
        await bot.press(listed, "Going", "bo")
        await bot.command("/timezone Denver", "bo")
        limited = await bot.press(listed, "Going", "bo")
        assert "changing reminders faster" in limited.text

        for n in range(2):
            reply = await bot.command(f"/suggest Unrelated idea number {n} about farming", "bo")
            assert "faster" not in reply.text and reply.text != APOLOGY
        assert "suggesting topics faster" in (await bot.command("/suggest Fishing", "bo")).text
        await bot.advance("1m")
        assert "faster" not in (await bot.command("/suggest Fishing co-ops", "bo")).text
    finally:
        await bot.close()
