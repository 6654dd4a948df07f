"""A seeded month of the collaborative, driven through the real core, for insight tests."""

from __future__ import annotations

import struct
from datetime import datetime

from bot.config import Secrets
from storage.models.journey import JourneyReply
from tests.harness import TestBot, all_buttons
from tests.resources.helpers import load_rows
from tests.topics.helpers import decide, suggest

WEBINAR = (
    '/events add Black Maternal Health Webinar when:"January 20 1pm CST" length:1h '
    "join:https://example.org/j"
)
# COLLAB_BOT_INSIGHTS_KEY for tests: without one no search words are kept.
KEY = "a-long-random-insights-key-for-tests"
LIBRARY = [
    {
        "title": "Black maternal health toolkit",
        "url": "https://example.org/maternal",
        "type": "toolkit",
        "topics": ["maternal health"],
    },
    {
        "title": "Housing and health report",
        "url": "https://example.org/housing",
        "type": "report",
        "topics": ["housing"],
    },
]


def keyed(bot: TestBot, key: str = KEY) -> TestBot:
    """The bot with an insights key in its secrets, as COLLAB_BOT_INSIGHTS_KEY would give."""
    bot.deps.secrets = Secrets(insights_key=key)
    return bot


async def seed(bot: TestBot) -> dict[str, int]:
    """Searches, suggestions with decisions, reminders and journey replies; returns ids.

    Ends on the next Monday: searches are shown for whole weeks only."""
    await load_rows(bot, LIBRARY)
    for user, platform in (("ana", "slack"), ("bo", "discord"), ("cy", "slack"), ("ana", "slack")):
        await bot.command("/resources maternal health", user, platform=platform)
    for user, platform in (("ana", "slack"), ("bo", "discord"), ("cy", "slack")):
        await bot.command("/resources transit deserts", user, platform=platform)
    for _ in range(2):
        await bot.command("/resources zebra crossings", "ana", platform="slack")

    first = await suggest(bot, "Community health workers in rural clinics", "ana", "slack")
    second = await suggest(bot, "Language access in pharmacies", "bo", "discord")
    third = await suggest(bot, "Doulas and birth outcomes", "cy", "slack")
    await bot.advance("2d")
    await decide(bot, f"/topics review {first}", platform="slack")
    await decide(bot, f"/topics cover {third} 1 see the toolkit", platform="slack")
    await bot.advance("2d")
    await decide(bot, f"/topics decline {second} Outside our focus this year", platform="slack")
    await bot.advance("10m")

    preview = await bot.command(WEBINAR, "org", platform="slack", organizer=True)
    await bot.press(preview, "Confirm", "org", platform="slack", organizer=True)
    for user, platform in (("ana", "slack"), ("bo", "discord"), ("cy", "slack")):
        listed = await bot.command("/events", user, platform=platform)
        assert any("Going" in b.label for b in all_buttons(listed))
        await bot.press(listed, "Going", user, platform=platform)

    async with bot.db.session() as session:
        for n, (who, prompt) in enumerate(
            (("slack:ana", "kickoff"), ("slack:cy", "kickoff"), ("slack:ana", "midpoint"))
        ):
            session.add(
                JourneyReply(
                    quarter="2026-Q1",
                    prompt_id=prompt,
                    platform="slack",
                    channel_id="C-JOURNEY",
                    thread_id="1.0",
                    message_id=f"m{n}",
                    author_key=who,
                    text="A thought",
                    replied_at=bot.clock.now(),
                )
            )
    await bot.advance("3d")  # from Friday Jan 9 to Monday Jan 12: the searches' week is over
    return {"first": first, "second": second, "third": third}


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk; fails on anything that is not a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def local(text: str) -> datetime:
    return datetime.fromisoformat(text)
