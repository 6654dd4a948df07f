"""The database goes away for a while: the bot says "try again in a moment", logs it, and
delivers everything once it is back, losing nothing."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import pytest

from bot.delivery.queue import send_message
from bot.errors import TRY_AGAIN
from bot.model import DirectMessage, Reply
from storage import migrate
from storage.engine import Database
from tests.faults.private_postgres import PrivatePostgres, find_bin
from tests.harness import TestBot

pytestmark = pytest.mark.skipif(find_bin() is None, reason="no PostgreSQL server binaries")


@pytest.fixture(scope="module")
def server() -> Iterator[PrivatePostgres]:
    pg = PrivatePostgres()
    pg.start()
    yield pg
    pg.destroy()


@pytest.fixture
async def outage_bot(server: PrivatePostgres) -> AsyncIterator[TestBot]:
    db = Database(server.url)
    await migrate.upgrade(db)
    await db.close()
    bot = await TestBot.open(server.url)
    yield bot
    await bot.close()


async def test_outage_is_survived_without_loss(
    outage_bot: TestBot, server: PrivatePostgres, caplog: pytest.LogCaptureFixture
) -> None:
    bot = outage_bot
    now = bot.clock.now()
    async with bot.db.session() as session:
        for n in range(20):
            await send_message(
                session,
                key=f"outage:{n}",
                target=DirectMessage("console", "ana"),
                reply=Reply(text=f"Notice {n}"),
                now=now,
            )
    server.stop()
    try:
        with caplog.at_level(logging.WARNING):
            assert await bot.deliver_due() == {}
            reply = await bot.command("/resources housing")
        assert reply.text == TRY_AGAIN
        assert any("delivery tick failed" in r.getMessage() for r in caplog.records)
        assert bot.posts() == []
    finally:
        server.start()
    assert await bot.deliver_due() == {"sent": 20}
    assert sorted(key for _, _, key in bot.posts()) == sorted(f"outage:{n}" for n in range(20))
    assert await bot.deliver_due() == {}
