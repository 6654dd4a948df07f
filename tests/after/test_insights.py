"""What organizers see after a session: counts per answer and platform, reminders delivered,
ratings as count, average and distribution, "what next" without names, one button to make
it a suggestion; /privacy lists and deletes a member's feedback, the rating stays a count."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.features.insights.dashboard import render
from bot.features.insights.figures import gather
from bot.model import Field, Reply, Section, to_plain
from storage.privacy import FEEDBACK_LABEL
from tests.after.helpers import dms_to, publish, say_going
from tests.harness import TestBot, reply_text


def after_section(reply: Reply) -> Section:
    [section] = [s for s in reply.sections if (s.title or "").startswith("Health Equity Webinar")]
    return section


def field(section: Section, label: str) -> str:
    found: list[Field] = [f for f in section.fields if f.label == label]
    return to_plain(found[0].value)


async def rate(bot: TestBot, user: str, platform: str, stars: str) -> Reply:
    [dm] = [r for r in dms_to(bot, user, platform) if r.text.startswith("How was")]
    return await bot.press(dm, stars, user, platform=platform)


@pytest.fixture
async def rated(bot: TestBot) -> AsyncIterator[TestBot]:
    """Ana (Slack) rated 4 and wants Medicaid unwinding next; Ben (Discord) rated 2."""
    await publish(bot)
    await say_going(bot, "ana", "slack")
    await say_going(bot, "ben", "discord")
    await bot.advance("15d 7h")
    thanks = await rate(bot, "ana", "slack", "4")
    opened = await bot.press(thanks, "What should we cover next?", "ana", platform="slack")
    await bot.submit(opened, {"next": "Medicaid unwinding"}, "ana", platform="slack")
    await rate(bot, "ben", "discord", "2")
    yield bot


async def test_insights_show_the_loop_without_names(rated: TestBot) -> None:
    bot = rated
    reply = await bot.command("/insights", "olu", organizer=True)
    section = after_section(reply)
    assert field(section, "Answers") == "Going 2 (discord 1, slack 1)"
    assert field(section, "Reminders delivered") == "4"  # 1 day and 1 hour before, each
    assert field(section, "Ratings") == "2, average 3.0 (1: 0 · 2: 1 · 3: 0 · 4: 1 · 5: 0)"
    assert field(section, "What next") == "“Medicaid unwinding”"
    shown = reply_text(reply).lower()
    assert "ana" not in shown.replace("medicaid", "") and "ben" not in shown

    page = render(await gather(bot.deps), "Collaborative")
    assert "After the sessions" in page and "Medicaid unwinding" in page
    assert "2, average 3.0" in page and "slack:ana" not in page

    refused = await bot.press(reply, "Suggest “Medicaid unwinding”", "ana")
    assert "organizers" in refused.text.lower()
    made = await bot.press(reply, "Suggest “Medicaid unwinding”", "olu", organizer=True)
    assert "Posted as suggestion #1, in your name" in made.text
    again = await bot.press(reply, "Suggest “Medicaid unwinding”", "olu", organizer=True)
    assert "already suggestion #1" in again.text
    topics = await bot.command("/topics", "cam")
    assert "Medicaid unwinding" in reply_text(topics)
    later = after_section(await bot.command("/insights", "olu", organizer=True))
    assert later.buttons == ()


async def test_privacy_lists_and_deletes_feedback_the_rating_stays_a_count(
    rated: TestBot,
) -> None:
    bot = rated
    shown = await bot.command("/privacy", "ana", platform="slack")
    assert f"{FEEDBACK_LABEL}: 1" in reply_text(shown)
    asked = await bot.press(shown, "Delete all of it", "ana", platform="slack")
    assert "each rating stays only as an anonymous count" in reply_text(asked)
    await bot.press(asked, "Yes, delete everything", "ana", platform="slack")
    after = await bot.command("/privacy", "ana", platform="slack")
    assert f"{FEEDBACK_LABEL}: 0" in reply_text(after)
    section = after_section(await bot.command("/insights", "olu", organizer=True))
    assert field(section, "Ratings").startswith("2, average 3.0")
    assert "Medicaid unwinding" not in reply_text(Reply(text="", sections=(section,)))
