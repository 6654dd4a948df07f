"""Shared helpers of the journey tests: times in Chicago, post keys, the queue's rows."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.features import AppSettings as Settings
from storage import journey as store
from storage.models.deliveries import Delivery
from storage.models.journey import JourneyPost
from tests.harness import TestBot, settings_for_tests

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


def journey_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """Test settings with the starter set on (settings_for_tests turns the starter pack off)."""
    merged: dict[str, Any] = {"bot": {"starter_pack": True}}
    for section, values in (overrides or {}).items():
        merged[section] = {**merged.get(section, {}), **values}
    return settings_for_tests(merged)


async def recorded_posts(bot: TestBot) -> dict[str, JourneyPost]:
    async with bot.db.read() as session:
        rows = (await session.execute(select(JourneyPost))).scalars().all()
    return {r.key: r for r in rows}
