"""The clock port: a pinned "now" holds for one task, for real and fake clocks alike."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.clock import FakeClock, SystemClock, pinned

START = datetime(2026, 3, 19, 15, 0, tzinfo=UTC)
PINNED = datetime(2026, 3, 19, 9, 0, tzinfo=timezone(timedelta(hours=-6)))


async def test_a_pinned_now_holds_for_its_task_only() -> None:
    system, fake = SystemClock(), FakeClock(START)
    seen_elsewhere: list[datetime] = []

    async def elsewhere() -> None:
        seen_elsewhere.append(fake.now())

    outside = asyncio.create_task(elsewhere())
    with pinned(PINNED):
        assert system.now() == fake.now() == PINNED
        assert system.now().tzinfo == UTC
        assert fake.queue_now() == START  # the queue keeps its own clock
        await outside
        with pinned(START + timedelta(days=1)):
            assert system.now() == START + timedelta(days=1)
        assert fake.now() == PINNED
    assert seen_elsewhere == [START]
    assert fake.now() == START and system.now() != PINNED


def test_a_naive_pin_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"), pinned(datetime(2026, 1, 1)):
        pass
