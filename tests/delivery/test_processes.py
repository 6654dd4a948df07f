"""Several bot processes on one database: every delivery goes out, none twice, even when
one process is killed with SIGKILL in the middle (its leases expire and others take over)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import statistics
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from bot.delivery.queue import send_message
from bot.model import DirectMessage, Reply
from storage.engine import Database
from storage.models.deliveries import Delivery
from tests.delivery.fake_platform import FakePlatform

ROOT = Path(__file__).resolve().parents[2]
CONFIG = """
[scheduler]
poll_seconds = 0.2
lease_seconds = 4
batch_size = 25
max_attempts = 10
"""

pytestmark = pytest.mark.slow


async def seed(url: str, count: int, spread: timedelta) -> datetime:
    db = Database(url)
    start = datetime.now(UTC)
    try:
        async with db.session() as session:
            for n in range(count):
                due = start + spread * (n / max(count - 1, 1))
                await send_message(
                    session,
                    key=f"reminder:{n}",
                    now=start,
                    due_at=due,
                    target=DirectMessage("slack", f"U{n % 50}"),
                    reply=Reply(text=f"Reminder {n}"),
                )
    finally:
        await db.close()
    return start


async def statuses(url: str) -> dict[str, int]:
    db = Database(url)
    try:
        async with db.read() as session:
            rows = (await session.execute(select(Delivery.status))).scalars().all()
    finally:
        await db.close()
    return {s: rows.count(s) for s in set(rows)}


def spawn(tmp: Path, url: str, edge: str, name: str) -> subprocess.Popen[str]:
    config = tmp / "bot.toml"
    config.write_text(CONFIG)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.delivery.worker_process", str(config), url, edge, name],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


async def run_processes(
    tmp: Path,
    url: str,
    *,
    processes: int,
    count: int,
    spread: timedelta,
    kill_after: float | None,
    fail_every: int = 0,
) -> FakePlatform:
    platform = FakePlatform(fail_every=fail_every, expected=count)
    edge = await platform.start()
    start = await seed(url, count, spread)
    procs = [spawn(tmp, url, edge, f"p{n}") for n in range(processes)]
    try:
        if kill_after is not None:
            await asyncio.sleep(kill_after)
            procs[0].send_signal(signal.SIGKILL)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(platform.done.wait(), spread.total_seconds() + 90)
        await asyncio.sleep(1.5)  # let the last "mark sent" land
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=30)
        await platform.stop()
    lateness = sorted(
        platform.first_seen[f"reminder:{n}"]
        - (start + spread * (n / max(count - 1, 1))).timestamp()
        for n in range(count)
        if f"reminder:{n}" in platform.first_seen
    )
    killed = f", p0 killed at {kill_after:.0f}s" if kill_after else ""
    print(
        f"\n{processes} processes, {count} deliveries over {spread.total_seconds():.0f}s"
        f"{killed}: "
        f"delivered {len(platform.first_seen)}, posts received {len(platform.received)}, "
        f"repeats dropped by nonce {platform.repeats}, per process {dict(platform.by_worker)}, "
        f"lateness p50 {statistics.median(lateness):.2f}s max {lateness[-1]:.2f}s"
    )
    return platform


async def test_two_processes_deliver_everything_once(database_url: str, tmp_path: Path) -> None:
    platform = await run_processes(
        tmp_path, database_url, processes=2, count=300, spread=timedelta(seconds=3), kill_after=None
    )
    assert sorted(platform.first_seen) == sorted(f"reminder:{n}" for n in range(300))
    assert platform.repeats == 0
    assert len(platform.by_worker) == 2
    assert await statuses(database_url) == {"sent": 300}


async def test_three_processes_survive_a_sigkill(database_url: str, tmp_path: Path) -> None:
    platform = await run_processes(
        tmp_path, database_url, processes=3, count=2000, spread=timedelta(seconds=60), kill_after=20
    )
    assert len(platform.first_seen) == 2000
    assert await statuses(database_url) == {"sent": 2000}
    assert set(platform.by_worker) == {"p0", "p1", "p2"}
