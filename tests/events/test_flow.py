"""The whole path: create (form and one line) -> confirm -> announce -> Remind me -> DMs."""

from __future__ import annotations

from bot.model import DirectMessage, Place
from tests.harness import TestBot, all_buttons, reply_text

ONE_LINE = '/events add Health Equity Webinar when:"January 20 1pm CST" length:1h join:https://example.org/j'


async def create(bot: TestBot, line: str = ONE_LINE) -> str:
    preview = await bot.command(line, "olu", organizer=True)
    assert "Is this right?" in reply_text(preview), reply_text(preview)
    saved = await bot.press(preview, "Confirm", "olu", organizer=True)
    return reply_text(saved)


def dms(bot: TestBot, user: str) -> list[str]:
    return [
        reply_text(reply)
        for target, reply, _ in bot.posts()
        if isinstance(target, DirectMessage) and target.user_id == user
    ]


def channel_posts(bot: TestBot) -> list[tuple[Place, str]]:
    return [(t, reply_text(r)) for t, r, _ in bot.posts() if isinstance(t, Place)]


async def test_one_line_create_confirm_announce_and_remind(bot: TestBot) -> None:
    preview = await bot.command(ONE_LINE, "olu", organizer=True)
    assert "Tue, Jan 20 2026, 1:00 PM – 2:00 PM CST (America/Chicago)" in reply_text(preview)
    assert await bot.command("/events", "ana") is not None
    listed = await bot.command("/events", "ana")
    assert "Health Equity Webinar" not in reply_text(listed), "a draft is not published"

    await bot.press(preview, "Confirm", "olu", organizer=True)
    await bot.advance("1m")
    posted = channel_posts(bot)
    assert {(p.platform, p.channel_id) for p, _ in posted} == {
        ("slack", "C-ANN"),
        ("discord", "111"),
        ("console", "announcements"),
    }
    assert all("New webinar: Health Equity Webinar" in text for _, text in posted)

    await bot.command("/timezone Los Angeles", "ana", platform="slack")
    listed = await bot.command("/events", "ana", platform="slack")
    assert "11:00 AM – 12:00 PM PST (America/Los_Angeles)" in reply_text(listed)
    await bot.press(listed, "Going", "ana", platform="slack")
    bot.clear_posts()

    await bot.advance("15d 4h")  # to Jan 20 13:00 Central, the start
    got = dms(bot, "ana")
    assert len(got) == 2, got
    assert "starts in 1 day" in got[0]
    assert "starts in 60 minutes" in got[1]
    assert all("PST (America/Los_Angeles)" in text for text in got)
    assert all("late" not in text.lower() for text in got)
    channel = [text for _, text in channel_posts(bot)]
    assert len(channel) == 3 and all("Coming up in" in text for text in channel)


async def test_form_create_shows_parsed_time_and_cancel_keeps_nothing(bot: TestBot) -> None:
    opened = await bot.command("/events add", "olu", organizer=True)
    assert opened.form is not None
    preview = await bot.submit(
        opened,
        {"title": "Design Thinking, session 1", "when": "next Tuesday 12:00", "length": "90m"},
        "olu",
        organizer=True,
    )
    assert "Tue, Jan 6 2026, 12:00 PM – 1:30 PM CST" in reply_text(preview)
    await bot.press(preview, "Cancel", "olu", organizer=True)
    assert "No upcoming events" in reply_text(await bot.command("/events"))

    preview = await bot.submit(
        opened,
        {"title": "Design Thinking, session 1", "when": "next Tuesday 12:00"},
        "olu",
        organizer=True,
    )
    await bot.press(preview, "Confirm", "olu", organizer=True)
    listed = await bot.command("/events")
    assert "Design Thinking, session 1" in reply_text(listed)
    assert "Set yours with /timezone" in reply_text(listed)
    assert {b.label for b in all_buttons(listed)} >= {"Going", "Add to calendar"}


async def test_form_errors_name_each_field(bot: TestBot) -> None:
    opened = await bot.command("/events add", "olu", organizer=True)
    reply = await bot.submit(
        opened,
        {"title": "", "when": "someday maybe", "join": "javascript:alert(1)"},
        "olu",
        organizer=True,
    )
    assert set(reply.form_errors) == {"title", "when", "join"}
