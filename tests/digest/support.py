"""Shared helpers of the digest tests: local times, library items added by an organizer,
the digests each member got."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.features import AppSettings as Settings
from bot.model import DirectMessage, Reply
from storage.models.deliveries import Delivery
from tests.harness import TestBot, settings_for_tests

CHICAGO = ZoneInfo("America/Chicago")
KIND = "digest.member"


def local(text: str, zone: ZoneInfo = CHICAGO) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def digest_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """The collaborative's zone is UTC here, so a digest at 9:00 Chicago time can only come
    from the member's own zone."""
    merged: dict[str, Any] = {"bot": {"starter_pack": False, "timezone": "UTC"}}
    for section, values in (overrides or {}).items():
        merged[section] = {**merged.get(section, {}), **values}
    return settings_for_tests(merged)


async def add_item(bot: TestBot, title: str, url: str, topics: str = "community") -> None:
    form = await bot.command("/resources add", "olu", organizer=True)
    values = {"title": title, "url": url, "type": "toolkit", "topics": topics}
    saved = await bot.submit(form, values, "olu", organizer=True)
    assert saved.text.startswith("Added #"), saved.text


def digests(bot: TestBot, user: str | None = None) -> list[tuple[DirectMessage, Reply, str]]:
    """The digests the bot posted (to `user`), in order."""
    return [
        (target, reply, key)
        for target, reply, key in bot.posts()
        if key.startswith("digest:")
        and isinstance(target, DirectMessage)
        and (user is None or target.user_id == user)
    ]


async def digest_rows(bot: TestBot) -> list[Delivery]:
    async with bot.db.read() as session:
        statement = select(Delivery).where(Delivery.kind == KIND).order_by(Delivery.due_at)
        return list((await session.execute(statement)).scalars())


def post_times(bot: TestBot, platform: str = "console") -> list[datetime]:
    """A list that fills, as the bot posts on `platform`, with the fake clock's time of each
    digest post (the queue's rows of old posts are purged by housekeeping)."""
    times: list[datetime] = []
    outbox = bot.outboxes[platform]
    outbox.write = lambda line: times.append(bot.clock.now()) if "digest" in line else None
    return times
