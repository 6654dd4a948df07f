"""/journey for members, and the organizers' preview, post-now and skip: through the queue,
at most once per prompt per channel, and refused for members with nothing changed."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.features.events import api as events_api
from bot.features.events import starter as events_starter
from bot.features.journey.api import current_theme
from bot.features.journey.render import events_phrase
from bot.features.topics import api as topics
from bot.features.topics import starter as topics_starter
from bot.model import Reply
from storage.models.deliveries import CANCELLED
from tests.harness import TestBot, reply_text, settings_for_tests
from tests.journey.support import (
    CHANNELS,
    journey_posts,
    journey_settings,
    key,
    local,
    row,
    thread_of,
)


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[TestBot]:
    """Mid-January 2026: the Q1 kick-off is out, the week-4 follow-up comes next."""
    test_bot = await TestBot.open(
        database_url, settings=journey_settings(), start=local("2026-01-01 09:00")
    )
    await test_bot.advance("14d")
    test_bot.clear_posts()
    yield test_bot
    await test_bot.close()


async def test_journey_shows_theme_prompt_links_and_how_to_take_part(bot: TestBot) -> None:
    text = reply_text(await bot.command("/journey", user="ana"))
    assert "Political Engagement for Health Equity" in text
    assert "Welcome to Q1 2026's learning journey" in text
    assert "/resources political engagement" in text
    assert "How to take part" in text and "Next prompt: Thu, Jan 29, 2026, 10:00 AM CST" in text
    assert "{" not in text


async def test_placeholders_are_filled_gracefully_when_nothing_is_there(bot: TestBot) -> None:
    text = reply_text(await bot.command("/journey"))
    assert "The calendar has no upcoming events yet." in text
    theme = await current_theme(bot.deps)
    assert theme is not None and theme.quarter == "2026-Q1"
    assert theme.theme == "Political Engagement for Health Equity"
    assert "{" not in theme.prompt


async def test_preview_is_exactly_the_next_post(bot: TestBot) -> None:
    preview = await bot.command("/journey preview", organizer=True)
    assert "after 4 weeks, due Thu Jan 29 2026, 10:00 CST in 3 journey channels" in preview.text
    await bot.advance("15d")
    posted = [reply for _, reply, k in bot.posts("slack") if k.startswith("journey:")]
    assert len(posted) == 1
    assert preview.sections == posted[0].sections
    assert preview.text.endswith(posted[0].text)


async def post_now(bot: TestBot) -> Reply:
    asked = await bot.command("/journey post-now", organizer=True)
    return await bot.press(asked, "Post it now", organizer=True)


async def test_post_now_goes_through_the_queue_once_per_channel(bot: TestBot) -> None:
    asked = await bot.command("/journey post-now", organizer=True)
    assert journey_posts(bot) == Counter() and "Post it now" in asked.sections[0].buttons[0].label
    reply = await bot.press(asked, "Post it now", organizer=True)
    assert "on its way to 3 journey channel(s)" in reply.text
    assert journey_posts(bot) == Counter()  # queued, not posted by the command itself
    await bot.advance("1m")
    expected = Counter({key("2026-Q1", "after-4w", p): 1 for p in CHANNELS})
    assert journey_posts(bot) == expected
    await bot.advance("30d")  # its own due time passes: nothing is posted twice
    assert journey_posts(bot) - Counter({key("2026-Q1", "after-8w", p): 1 for p in CHANNELS}) == (
        expected
    )


async def test_post_now_for_a_channel_that_already_has_it_posts_only_the_rest(
    database_url: str,
) -> None:
    slack_only = journey_settings({"discord": {"channels": {"journey": []}}})
    bot = await TestBot.open(database_url, settings=slack_only, start=local("2026-01-20 09:00"))
    try:
        await post_now(bot)
        await bot.advance("1m")
        await bot.close()
        bot = await TestBot.open(
            database_url, settings=journey_settings(), start=local("2026-01-20 09:10")
        )
        reply = await post_now(bot)
        assert "on its way to 1 journey channel(s)" in reply.text
        assert "2 channel(s) already had it" in reply.text
        await bot.advance("1m")
        assert journey_posts(bot) == Counter({key("2026-Q1", "after-4w", "discord"): 1})
    finally:
        await bot.close()


async def test_skip_withdraws_the_next_prompt_for_good(bot: TestBot) -> None:
    reply = await bot.command("/journey skip", organizer=True)
    assert "Skipped the 2026-Q1 follow-up after 4 weeks" in reply.text
    assert "3 queued post(s) withdrawn" in reply.text
    skipped = await row(bot, key("2026-Q1", "after-4w", "slack"))
    assert skipped is not None and skipped.status == CANCELLED
    preview = await bot.command("/journey preview", organizer=True)
    assert "follow-up after 8 weeks" in preview.text
    await bot.advance("20d")
    assert journey_posts(bot) == Counter()
    await bot.advance("30d")
    assert set(journey_posts(bot)) == {key("2026-Q1", "after-8w", p) for p in CHANNELS}


@pytest.mark.parametrize(
    "line", ["/journey preview", "/journey post-now", "/journey skip", "/journey summary"]
)
async def test_organizer_commands_refuse_members_with_nothing_changed(
    bot: TestBot, line: str
) -> None:
    before = await row(bot, key("2026-Q1", "after-4w", "slack"))
    reply = await bot.command(line, user="mo", platform="discord")
    assert "Only organizers" in reply.text
    after = await row(bot, key("2026-Q1", "after-4w", "slack"))
    assert before is not None and after is not None
    assert (after.status, after.due_at) == (before.status, before.due_at)
    await bot.advance("16d")
    assert len(journey_posts(bot)) == 3


async def test_a_switched_off_journey_posts_nothing(database_url: str) -> None:
    off = journey_settings({"journey": {"enabled": False}})
    bot = await TestBot.open(database_url, settings=off, start=local("2026-03-31 09:00"))
    try:
        await bot.advance("2d")
        assert journey_posts(bot) == Counter()
        assert "switched off" in (await bot.command("/journey")).text
        assert "switched off" in (await bot.command("/journey post-now", organizer=True)).text
        assert await current_theme(bot.deps) is None
    finally:
        await bot.close()


async def test_a_quarter_without_content_says_so(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "content.toml"
    path.write_text('[quarters."2026-Q4"]\ntheme = "Later"\nkickoff.text = "Soon"\n')
    settings = journey_settings({"journey": {"content_file": str(path)}})
    bot = await TestBot.open(database_url, settings=settings, start=local("2026-01-05 09:00"))
    try:
        assert "No learning prompt is set for Q1 2026" in (await bot.command("/journey")).text
        assert (
            "No journey prompt is coming up"
            in (await bot.command("/journey preview", organizer=True)).text
        )
    finally:
        await bot.close()


async def test_a_skipped_prompt_is_not_shown_to_members(bot: TestBot) -> None:
    await bot.command("/journey skip", organizer=True)
    await bot.advance("17d")  # past the skipped week-4 follow-up's time
    text = reply_text(await bot.command("/journey"))
    assert "Four weeks into" not in text
    assert "Welcome to Q1 2026's learning journey" in text


@pytest.mark.parametrize(
    "hostile", ['"unclosed', "2026-Q1\x00", "x" * 10_000, "🎉", "<!channel>", "@everyone"]
)
async def test_summary_refuses_hostile_quarters_politely(bot: TestBot, hostile: str) -> None:
    reply = await bot.command(f"/journey summary {hostile}", organizer=True)
    assert reply.private
    if hostile.startswith("2026-Q1"):  # the NUL is stripped: a fine quarter remains
        assert "Q1 2026 summary" in reply.text
    else:
        assert "Name a quarter like 2026-Q1" in reply.text
    assert "<!channel>" not in reply_text(reply) and "@everyone" not in reply_text(reply)


async def test_a_channel_or_prompt_removed_from_config_is_not_posted_to(
    database_url: str, tmp_path: Path
) -> None:
    start = local("2026-03-30 09:00")
    bot = await TestBot.open(database_url, settings=journey_settings(), start=start)
    await bot.close()  # the Q2 kick-off is queued for three channels
    path = tmp_path / "content.toml"
    path.write_text('[quarters.Q2]\ntheme = "Changed"\nkickoff.text = "New words for {quarter}"\n')
    changed = journey_settings(
        {"discord": {"channels": {"journey": []}}, "journey": {"content_file": str(path)}}
    )
    bot = await TestBot.open(database_url, settings=changed, start=start)
    try:
        await bot.advance("3d")
        posted = bot.posts()
        assert {t.platform for t, _, _ in posted} == {"console", "slack"}
        assert all("New words for Q2 2026" in reply.text for _, reply, _ in posted)
    finally:
        await bot.close()


async def test_without_the_starter_pack_or_a_content_file_nothing_is_posted(
    database_url: str,
) -> None:
    bot = await TestBot.open(
        database_url, settings=settings_for_tests(), start=local("2026-03-31 09:00")
    )
    try:
        await bot.advance("40d")
        assert journey_posts(bot) == Counter()
        assert "No learning prompt is set for Q2 2026" in (await bot.command("/journey")).text
    finally:
        await bot.close()


async def test_placeholders_use_the_calendar_and_the_suggestions(bot: TestBot) -> None:
    await events_starter.load(bot.deps)
    await topics_starter.load(bot.deps)
    top = await topics.top_open(bot.deps, limit=1)
    await bot.advance("6w 2h")  # the week-8 follow-up names the top suggestion
    posted = [r for _, r, k in bot.posts("slack") if k.endswith("after-8w:slack:C-JOURNEY")]
    assert len(posted) == 1 and top
    assert f"“{top[0].title}”" in posted[0].text
    theme = await current_theme(bot.deps)
    assert theme is not None
    assert events_phrase(await events_api.upcoming_count(bot.deps)) in theme.prompt


async def test_post_now_late_in_a_quarter_says_whose_post_it_is_and_the_summary_follows(
    database_url: str,
) -> None:
    bot = await TestBot.open(
        database_url, settings=journey_settings(), start=local("2026-05-27 09:00")
    )
    try:
        await bot.advance("1m")
        while "2026-Q2" in (await bot.command("/journey post-now", organizer=True)).text:
            await post_now(bot)  # the rest of this quarter's prompts go out
            await bot.advance("1m")
        asked = await bot.command("/journey post-now", organizer=True)
        assert "2026-Q3 kick-off" in asked.text and "next quarter's, 5 weeks early" in asked.text
        assert "prompts are left for 2026-Q3" in asked.text
        assert journey_posts(bot)[key("2026-Q3", "kickoff", "slack")] == 0
        await bot.press(asked, "Post it now", organizer=True)
        await bot.advance("1m")
        thread = await thread_of(bot, "2026-Q3", "kickoff", "slack")
        await bot.say(
            "our county started a youth council",
            user="bo",
            platform="slack",
            channel="C-JOURNEY",
            thread=thread,
            message_id="bo.1",
        )
        await bot.advance("10m")
        summary = await bot.command("/journey summary", organizer=True)
        assert "2026-Q3" in summary.text or "Q3" in summary.text
        assert "1 reply" in summary.text
    finally:
        await bot.close()
