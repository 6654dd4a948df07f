"""/privacy: a member sees everything the bot keeps about them, and deleting really deletes,
leaving other members' data alone."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.actions import Action
from bot.features.insights.api import write_pending
from bot.model import DirectMessage
from storage import privacy
from storage.models.deliveries import Delivery
from tests.events.test_flow import create
from tests.harness import TestBot, reply_text
from tests.journey.support import journey_settings, local, thread_of
from tests.topics.helpers import decide, suggest


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
        await bot.press(listed, "Going", user, platform="slack")
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
    # As /privacy itself does: activity counted in memory is written first (issue 28).
    await write_pending(bot.deps)
    async with bot.db.read() as session:
        return await privacy.summary(session, "slack", user)


async def test_privacy_shows_and_deletes_everything_about_the_member(busy: TestBot) -> None:
    before = await counts(busy, "ana")
    assert before["your time zone and settings"] == 1 and before["journey replies"] == 1
    assert before["reminders you asked for"] == 1 and before["votes"] >= 1
    assert before["your answers to events (Going, Maybe, Can't make it)"] == 1
    await busy.command("/events mine", "ana", platform="slack")  # makes the feed token
    assert (await counts(busy, "ana"))["your personal calendar feed link"] == 1
    shown = await busy.command("/privacy", "ana", platform="slack")
    text = reply_text(shown)
    assert "your answers to events (Going, Maybe, Can't make it): 1" in text
    assert "America/Los_Angeles" in text and "journey replies: 1" in text
    bo_before = await counts(busy, "bo")

    asked = await busy.press(shown, "Delete all of it", "ana", platform="slack")
    done = await busy.press(asked, "Yes, delete everything", "ana", platform="slack")
    assert "deleted" in done.text
    assert set((await counts(busy, "ana")).values()) == {0}
    assert "1 suggestion others voted for or follow stays" in done.text
    again = await busy.command("/privacy", "ana", platform="slack")
    assert "keeps 0 items" in again.text and "not set" in reply_text(again)

    after = await counts(busy, "bo")
    assert after["journey replies"] == bo_before["journey replies"] == 1
    assert after["reminders you asked for"] == 1
    # Ana's topic stays (Bo voted for it), anonymous, so Bo's vote on it still counts.
    assert after["votes"] == bo_before["votes"]
    busy.clear_posts()
    await busy.advance("21d")  # past the webinar: Bo still gets reminded, Ana no longer
    dms = [
        (t.user_id, k, r.text) for t, r, k in busy.posts("slack") if isinstance(t, DirectMessage)
    ]
    reminded = [user for user, k, text in dms if text.startswith("Reminder")]
    assert reminded == ["bo", "bo"]
    # The personal journey's kick-off DM too (Bo was met inside its catch-up window).
    assert [user for user, k, _ in dms if k.startswith("journey.")] == ["bo"]


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


async def payload_words(bot: TestBot) -> str:
    async with bot.db.read() as session:
        rows = (await session.execute(select(Delivery))).scalars().all()
    return "\n".join(f"{r.key} {r.payload}" for r in rows)


async def forget(bot: TestBot, user: str, platform: str = "slack") -> str:
    shown = await bot.command("/privacy", user, platform=platform)
    asked = await bot.press(shown, "Delete all of it", user, platform=platform)
    return (await bot.press(asked, "Yes, delete everything", user, platform=platform)).text


async def test_the_policy_is_shown_before_anything_is_deleted(busy: TestBot) -> None:
    before = await counts(busy, "ana")
    shown = await busy.command("/privacy", "ana", platform="slack")
    asked = await busy.press(shown, "Delete all of it", "ana", platform="slack")
    text = reply_text(asked)
    assert "Deleted: your time zone" in text and "Kept, without your name" in text
    assert "others voted for" in text and "cannot be undone" in text
    assert await counts(busy, "ana") == before


async def test_a_suggestion_others_voted_for_stays_anonymous_and_decidable(bot: TestBot) -> None:
    sid = await suggest(bot, "Rural broadband | my private details about Springfield", "alice")
    lonely = await suggest(bot, "Composting workshops for farm co-ops", "alice")
    await bot.press_action(Action("topics.vote", (str(sid),)), "bob", platform="slack")
    await decide(bot, f"/topics review {sid}", "olga")  # queued to Bob, Alice
    # The channel post renders from the database when it goes out; the card names her now.
    before = reply_text(await bot.command(f"/topics show {sid}", "olga", organizer=True))
    assert "Alice" in before and "Springfield" in before

    done = await forget(bot, "alice")
    assert "1 suggestion others voted for or follow stays" in done

    words = await payload_words(bot)
    assert "Alice" not in words and "Springfield" not in words
    assert "Composting" not in words and f"topic:{lonely}" not in words
    shown = reply_text(await bot.command(f"/topics show {sid}", "olga", organizer=True))
    assert "Rural broadband" in shown and "Alice" not in shown and "Springfield" not in shown
    assert "1 vote" in shown or "Votes: 1" in shown
    assert "no suggestion" in (await bot.command(f"/topics show {lonely}", "olga")).text
    await bot.advance("1m")  # the review notice still reaches Bob, without Alice in it
    notices = [reply_text(r) for t, r, _ in bot.posts("slack") if isinstance(t, DirectMessage)]
    assert len(notices) == 1 and "looking into it" in notices[0]
    assert "Alice" not in notices[0] and "Springfield" not in notices[0]
    bot.clear_posts()
    await decide(bot, f"/topics decline {sid} Out of scope", "olga")
    await bot.advance("10m")
    told = [t.user_id for t, _, _ in bot.posts("slack") if isinstance(t, DirectMessage)]
    assert told == ["bob"]
    again = await bot.press_action(Action("topics.vote", (str(sid),)), "cy", platform="slack")
    assert "declined" in again.text


async def test_merged_chains_stay_valid_and_votable(bot: TestBot) -> None:
    hers = await suggest(bot, "Rural broadband as a health issue", "alice")
    his = await suggest(bot, "Broadband access in rural counties", "bob")
    await bot.press_action(Action("topics.vote", (str(his),)), "cy", platform="slack")
    await decide(bot, f"/topics merge {his} {hers}", "olga")
    await forget(bot, "alice")
    shown = reply_text(await bot.command(f"/topics show {his}", "olga", organizer=True))
    assert f"#{hers}" in shown
    vote = await bot.press_action(Action("topics.vote", (str(hers),)), "dee", platform="slack")
    assert "You voted" in vote.text
    planned = await decide(bot, f"/topics review {hers}", "olga")
    assert "under review" in planned.text


async def test_an_organizers_open_preview_is_theirs_and_goes(bot: TestBot) -> None:
    line = '/events add Lead pipes webinar when:"January 22 1pm CST"'
    preview = await bot.command(line, "olu", platform="slack", organizer=True)
    assert "Is this right?" in reply_text(preview)
    shown = await bot.command("/privacy", "olu", platform="slack")
    assert "event previews you did not confirm: 1" in reply_text(shown)
    await forget(bot, "olu")
    async with bot.db.read() as session:
        assert (await privacy.summary(session, "slack", "olu"))[
            "event previews you did not confirm"
        ] == 0
    gone = await bot.press(preview, "Confirm", "olu", platform="slack", organizer=True)
    assert "already confirmed or cancelled" in reply_text(gone)
