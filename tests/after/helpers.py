"""What the after-a-session tests share: an event, members who said Going, their DMs."""

from __future__ import annotations

from bot.model import DirectMessage, Reply
from tests.harness import TestBot, all_buttons, reply_text

# Tue Jan 20 2026, 1-2 PM Central (19:00-20:00 UTC); the harness starts Mon Jan 5, 9 AM.
WEBINAR = (
    '/events add Health Equity Webinar when:"January 20 1pm CST" length:1h '
    "join:https://example.org/j"
)


async def publish(bot: TestBot, line: str = WEBINAR) -> int:
    """An organizer adds and confirms the event; returns its number."""
    preview = await bot.command(line, "olu", organizer=True)
    saved = await bot.press(preview, "Confirm", "olu", organizer=True)
    assert "#" in reply_text(saved), reply_text(saved)
    listed = await bot.command("/events", "olu")
    number = reply_text(listed).split("(#", 1)[1].split(")", 1)[0]
    return int(number)


async def say_going(bot: TestBot, user: str, platform: str = "console") -> None:
    """The member answers Going to the first listed event."""
    listed = await bot.command("/events", user, platform=platform)
    await bot.press(listed, "Going", user, platform=platform)


def dms_to(bot: TestBot, user: str, platform: str | None = None) -> list[Reply]:
    return [
        reply
        for target, reply, _ in bot.posts(platform)
        if isinstance(target, DirectMessage) and target.user_id == user
    ]


def labels(reply: Reply) -> list[str]:
    return [b.label for b in all_buttons(reply)]


async def stop_going(bot: TestBot, user: str, platform: str = "console") -> None:
    """The member takes back their Going: they can't make it after all."""
    listed = await bot.command("/events", user, platform=platform)
    await bot.press(listed, "Can't make it", user, platform=platform)
