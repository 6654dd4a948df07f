"""Housekeeping forgets old finished deliveries, one process at a time."""

from datetime import timedelta

from sqlalchemy import text
from sqlmodel import select

from bot.delivery.queue import send_message
from bot.features.housekeeping.jobs import tidy
from bot.model import DirectMessage, Reply
from storage.housekeeping import HOUSEKEEPING_LOCK
from storage.models.deliveries import Delivery
from tests.harness import TestBot


async def test_old_finished_deliveries_go_and_recent_ones_stay(bot: TestBot) -> None:
    now = bot.clock.now()
    async with bot.db.session() as session:
        for n in range(3):
            await send_message(
                session,
                key=f"n{n}",
                target=DirectMessage("console", "ana"),
                reply=Reply(text="hi"),
                now=now,
            )
    await bot.runtime.scheduler.tick()
    bot.clock.advance(timedelta(days=100))
    async with bot.db.session() as session:
        await send_message(
            session,
            key="recent",
            target=DirectMessage("console", "ana"),
            reply=Reply(text="hi"),
            now=bot.clock.now(),
        )
    await bot.runtime.scheduler.tick()
    assert await tidy(bot.deps) == 3
    async with bot.db.read() as session:
        keys = (await session.execute(select(Delivery.key))).scalars().all()
    assert keys == ["recent"]


async def test_a_second_process_skips_while_the_lock_is_held(bot: TestBot) -> None:
    if bot.db.is_sqlite:
        assert await tidy(bot.deps) == 0  # SQLite: the write transaction is the lock
        return
    async with bot.db.connect() as other:
        await other.begin()
        await other.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": HOUSEKEEPING_LOCK})
        assert await tidy(bot.deps) is None
        await other.rollback()
    assert await tidy(bot.deps) == 0
