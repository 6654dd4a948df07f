"""/privacy: a member sees everything the bot keeps about them, and deleting really deletes,
leaving other members' data alone."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.actions import Action
from bot.model import DirectMessage
from storage import privacy
from tests.events.test_flow import create
from tests.harness import TestBot, reply_text
from tests.journey.support import journey_settings, local, thread_of
from tests.topics.helpers import suggest


@pytest.fixture
async def busy(database_url: str) -> AsyncIterator[TestBot]:
    """Ana (on Slack) has used every feature; Bo too, on the same things."""
    bot = await TestBot.open(
        database_url, settings=journey_settings(), start=local("2026-03-31 09:00")
    )
    await bot.advance("1d 2h")  # the Q2 journey kick-off is posted
    await create(bot, '/events add Health Equity Webinar when:"April 21 1pm CST" length:1h')
    for user in ("ana", "bo"):
        await bot.command("/timezone Los Angeles", user, platform="slack")
        listed = await bot.command("/events", user, platform="slack")
        await bot.press(listed, "Remind me", user, platform="slack")
        thread = await thread_of(bot, "2026-Q2", "kickoff", "slack")
        await bot.say(
            f"{user} says hello",
            user=user,
            platform="slack",
            channel="C-JOURNEY",
            thread=thread,
            message_id=f"{user}.1",
        )
    mine = await suggest(bot, "Rural broadband as a determinant of health", "ana")
    theirs = await suggest(bot, "Funding equity in philanthropy workshops", "bo")
    await bot.command("/topics", "ana", platform="slack")
    for voter, topic in (("ana", theirs), ("bo", mine), ("bo", theirs)):
        await bot.press_action(Action("topics.vote", (str(topic),)), voter, platform="slack")
    yield bot
    await bot.close()


async def counts(bot: TestBot, user: str) -> dict[str, int]:
    async with bot.db.read() as session:
        return await privacy.summary(session, "slack", user)


async def test_privacy_shows_and_deletes_everything_about_the_member(busy: TestBot) -> None:
    before = await counts(busy, "ana")
    assert before["your time zone and settings"] == 1 and before["journey replies"] == 1
    assert before["reminders you asked for"] == 1 and before["votes"] >= 1
    shown = await busy.command("/privacy", "ana", platform="slack")
    text = reply_text(shown)
    assert "America/Los_Angeles" in text and "journey replies: 1" in text
    bo_before = await counts(busy, "bo")

    asked = await busy.press(shown, "Delete all of it", "ana", platform="slack")
    done = await busy.press(asked, "Yes, delete everything", "ana", platform="slack")
    assert "deleted" in done.text
    assert set((await counts(busy, "ana")).values()) == {0}
    again = await busy.command("/privacy", "ana", platform="slack")
    assert "keeps 0 items" in again.text and "not set" in reply_text(again)

    after = await counts(busy, "bo")
    assert after["journey replies"] == bo_before["journey replies"] == 1
    assert after["reminders you asked for"] == 1
    assert after["votes"] == bo_before["votes"] - 1  # the vote on Ana's topic went with it
    busy.clear_posts()
    await busy.advance("21d")  # past the webinar: Bo still gets reminded, Ana no longer
    reminded = [t.user_id for t, _, k in busy.posts("slack") if isinstance(t, DirectMessage)]
    assert reminded == ["bo", "bo"]


async def test_an_opt_out_survives_being_forgotten(busy: TestBot) -> None:
    await busy.command("/journey optout", "ana", platform="slack")
    shown = await busy.command("/privacy", "ana", platform="slack")
    asked = await busy.press(shown, "Delete all of it", "ana", platform="slack")
    await busy.press(asked, "Yes, delete everything", "ana", platform="slack")
    thread = await thread_of(busy, "2026-Q2", "kickoff", "slack")
    await busy.say(
        "still here",
        user="ana",
        platform="slack",
        channel="C-JOURNEY",
        thread=thread,
        message_id="ana.2",
    )
    assert (await counts(busy, "ana"))["journey replies"] == 0


async def test_a_member_with_nothing_kept_gets_no_delete_button(bot: TestBot) -> None:
    reply = await bot.command("/privacy", "newcomer")
    assert "keeps 0 items" in reply.text
    assert not [b for s in reply.sections for b in s.buttons]
