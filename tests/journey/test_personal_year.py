"""The personal journey over a whole year on the fake clock, across a restart: each member
taking part gets one kick-off DM and one end-of-quarter DM per quarter; an opted-out member
gets none."""

from __future__ import annotations

from collections import Counter

from bot.model import DirectMessage
from tests.harness import TestBot
from tests.journey.support import journey_settings, local
from tests.journey.test_year import QUARTERS, walk

MEMBERS = (("ana", "console"), ("bo", "slack"), ("cy", "discord"))


def personal_dms(bot: TestBot) -> Counter[str]:
    return Counter(
        k for t, _r, k in bot.posts() if isinstance(t, DirectMessage) and k.startswith("journey.")
    )


async def test_a_year_of_personal_dms_once_each_per_quarter(database_url: str) -> None:
    settings = journey_settings()
    first = await TestBot.open(database_url, settings=settings, start=local("2025-12-30 12:00"))
    for user, platform in MEMBERS:
        await first.command("/journey", user, platform=platform)
    await first.command("/journey optout", "dee", platform="slack")
    await walk(first, "2026-05-15 12:00")
    sent = personal_dms(first)
    restarted_at = first.clock.now()
    await first.close()
    bot = await TestBot.open(database_url, settings=settings, start=restarted_at)
    try:
        await walk(bot, "2026-12-31 23:00")
        sent += personal_dms(bot)
        expected = {
            f"journey.{step}:{q}:{platform}:{user}"
            for q in QUARTERS
            for step in ("ask", "check")
            for user, platform in MEMBERS
        }
        assert set(sent) == expected
        assert set(sent.values()) == {1}
        asks = [(t, r) for t, r, k in bot.posts() if k.startswith("journey.ask:2026-Q3")]
        assert {t.user_id for t, _ in asks} == {"ana", "bo", "cy"}
        assert "What do you hope to take from it?" in asks[0][1].text
    finally:
        await bot.close()
