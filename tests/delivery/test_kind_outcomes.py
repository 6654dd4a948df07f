"""A feature hears how each delivery of its own kind ended (sent, failed, skipped), with the
row; a hook that fails is logged and changes nothing that was recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.delivery.queue import schedule
from bot.deps import Deps
from bot.model import DirectMessage, Reply
from bot.outbox import Failed
from bot.router import DuplicateName, Router
from storage.models.deliveries import Delivery
from tests.delivery.test_worker import ScriptedOutbox, rows
from tests.harness import TestBot

heard: list[tuple[str, str]] = []
kinds = Router("kind-outcomes")


@kinds.renderer("test.kind")
async def render(delivery: Delivery, deps: Deps) -> Reply | None:
    return None if delivery.payload == "nothing" else Reply(text=delivery.payload)


@kinds.on_outcome_of("test.kind")
async def ended(delivery: Delivery, status: str, deps: Deps) -> None:
    heard.append((delivery.key, status))
    if delivery.key == "breaks":
        raise RuntimeError("a hook that fails")


async def queue(bot: TestBot, key: str, payload: str) -> None:
    now = bot.clock.now()
    async with bot.db.session() as session:
        await schedule(
            session,
            key=key,
            kind="test.kind",
            target=DirectMessage("slack", "U1"),
            due_at=now,
            now=now,
            payload=payload,
        )


async def test_each_end_is_heard_once_with_its_row(database_url: str) -> None:
    heard.clear()
    bot = await TestBot.open(database_url, extra_routers=[kinds])
    try:
        bot.deps.outbox.add("slack", ScriptedOutbox([Failed("user_not_found")]))
        await queue(bot, "refused", "hello")
        await queue(bot, "empty", "nothing")
        await bot.deliver_due()
        await queue(bot, "sent", "hello")
        await queue(bot, "breaks", "hello")
        await bot.advance(timedelta(minutes=1))
        assert sorted(heard) == [
            ("breaks", "sent"),
            ("empty", "skipped"),
            ("refused", "failed"),
            ("sent", "sent"),
        ]
        statuses = {row.key: row.status for row in await rows(bot)}
        assert statuses == {
            "refused": "failed",
            "empty": "skipped",
            "sent": "sent",
            "breaks": "sent",
        }
    finally:
        await bot.close()


def test_one_hook_per_kind() -> None:
    other = Router("other")
    other.on_outcome_of("test.kind")(ended)
    merged = Router("app")
    merged.include(kinds)
    with pytest.raises(DuplicateName):
        merged.include(other)
