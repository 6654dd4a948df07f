"""Shared helpers of the journey tests: times in Chicago, post keys, the queue's rows."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from storage import journey as store
from storage.models.deliveries import Delivery
from tests.harness import TestBot

CHICAGO = ZoneInfo("America/Chicago")
CHANNELS = {"console": "journey", "slack": "C-JOURNEY", "discord": "222"}


def local(text: str) -> datetime:
    """``"2026-04-01 10:00"`` in the collaborative's zone."""
    return datetime.fromisoformat(text).replace(tzinfo=CHICAGO)


def key(quarter: str, prompt: str, platform: str) -> str:
    return f"journey:{quarter}:{prompt}:{platform}:{CHANNELS[platform]}"


def journey_posts(bot: TestBot) -> Counter[str]:
    """How many times each journey delivery key was posted by this bot."""
    return Counter(k for _target, _reply, k in bot.posts() if k.startswith("journey:"))


async def row(bot: TestBot, delivery_key: str) -> Delivery | None:
    async with bot.db.read() as session:
        return (await store.deliveries_by_key(session, [delivery_key])).get(delivery_key)


async def thread_of(bot: TestBot, quarter: str, prompt: str, platform: str) -> str:
    found = await row(bot, key(quarter, prompt, platform))
    assert found is not None and found.external_id, f"{quarter} {prompt} was not posted"
    return found.external_id
