"""Several bot processes on one database, against a fake platform that counts every post and
never drops a repeat: posts slower than the lease, clocks minutes apart, rate limits longer
than the lease, a process SIGKILLed mid-post. Every delivery goes out once, none early."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
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
lease_seconds = {lease}
concurrency = {concurrency}
max_attempts = 10
"""

pytestmark = pytest.mark.slow


@dataclass
class Report:
    platform: FakePlatform
    dues: dict[str, float]
    statuses: dict[str, int]

    @property
    def twice(self) -> int:
        return sum(n - 1 for n in self.platform.twice.values())

    @property
    def lost(self) -> int:
        return len(set(self.dues) - set(self.platform.posts))

    @property
    def early(self) -> list[float]:
        """How far before its due time each early post landed (the platform's clock)."""
        return [
            self.dues[key] - at
            for key, landed in self.platform.posts.items()
            for at, _ in landed
            if at < self.dues[key]
        ]

    @property
    def lateness(self) -> list[float]:
        seen = self.platform.first_seen
        return sorted(seen[key] - due for key, due in self.dues.items() if key in seen)

    def summary(self, title: str) -> str:
        late = self.lateness or [0.0]
        return (
            f"\n{title}: delivered {len(self.platform.posts)}/{len(self.dues)}, "
            f"posted twice {self.twice}, lost {self.lost}, early {len(self.early)}, "
            f"posts {sum(len(v) for v in self.platform.posts.values())}, "
            f"429s {self.platform.rate_limited}, history reads {self.platform.history_reads}, "
            f"per process {dict(self.platform.by_worker)}, "
            f"lateness p50 {statistics.median(late):.2f}s max {late[-1]:.2f}s, "
            f"rows {self.statuses}"
        )


async def seed(url: str, count: int, start_in: float, spread: float) -> dict[str, float]:
    db = Database(url)
    start = datetime.now(UTC) + timedelta(seconds=start_in)
    dues: dict[str, float] = {}
    try:
        async with db.session() as session:
            for n in range(count):
                due = start + timedelta(seconds=spread * n / max(count - 1, 1))
                dues[f"reminder:{n}"] = due.timestamp()
                await send_message(
                    session,
                    key=f"reminder:{n}",
                    due_at=due,
                    target=DirectMessage("slack", f"U{n % 50}"),
                    reply=Reply(text=f"Reminder {n}"),
                )
    finally:
        await db.close()
    return dues


async def statuses(url: str) -> dict[str, int]:
    db = Database(url)
    try:
        async with db.read() as session:
            rows = (await session.execute(select(Delivery.status))).scalars().all()
    finally:
        await db.close()
    return {s: rows.count(s) for s in set(rows)}


async def stopped(procs: list[subprocess.Popen[str]], within: float = 30) -> None:
    """Wait for the processes to exit without blocking the loop the fake platform runs on."""
    deadline = time.monotonic() + within
    while any(p.poll() is None for p in procs) and time.monotonic() < deadline:  # noqa: ASYNC110 (other processes)
        await asyncio.sleep(0.1)
    late = [p for p in procs if p.poll() is None]
    for proc in late:
        proc.kill()
        proc.wait()
    assert not late, "a process did not stop within 30 s of SIGTERM"


def spawn(config: Path, url: str, edge: str, name: str, offset: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.delivery.worker_process",
            str(config),
            url,
            edge,
            name,
            str(offset),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


async def ready(procs: list[subprocess.Popen[str]], within: float) -> None:
    """Each process prints "ready" once its scheduler runs; start-up is not lateness."""
    for proc in procs:
        assert proc.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(proc.stdout.readline), within)
        assert line.strip() == "ready", f"a bot process did not start: {line!r}"


async def run_processes(
    tmp: Path,
    url: str,
    platform: FakePlatform,
    *,
    count: int,
    spread: float,
    offsets: tuple[float, ...] = (0.0, 0.0),
    lease: float = 4.0,
    concurrency: int = 8,
    kill_after_posts: int | None = None,
    within: float = 45.0,
) -> Report:
    platform.expected = count
    edge = await platform.start()
    config = tmp / "bot.toml"
    config.write_text(CONFIG.format(lease=lease, concurrency=concurrency))
    procs = [spawn(config, url, edge, f"p{n}", off) for n, off in enumerate(offsets)]
    try:
        await ready(procs, 120)
        dues = await seed(url, count, 2.0, spread)
        deadline = time.monotonic() + within
        if kill_after_posts is not None:
            while platform.by_worker["p0"] < kill_after_posts and time.monotonic() < deadline:  # noqa: ASYNC110
                await asyncio.sleep(0.05)
            procs[0].send_signal(signal.SIGKILL)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(platform.done.wait(), max(deadline - time.monotonic(), 1))
        while time.monotonic() < deadline:  # until every row is recorded (or time is up)
            if (await statuses(url)).get("sent", 0) == count:
                break
            await asyncio.sleep(0.3)
        await asyncio.sleep(1.0)  # a repeat, if any, would show up now
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        await stopped(procs)
        await platform.stop()
    return Report(platform, dues, await statuses(url))


def assert_once_on_time(report: Report, count: int) -> None:
    assert report.lost == 0
    assert report.platform.twice == {}
    assert report.early == []
    assert report.statuses == {"sent": count}


async def test_posts_slower_than_the_lease(database_url: str, tmp_path: Path) -> None:
    """Each post takes 3 s, the lease is 2 s: renewals keep every claim, nobody steals."""
    report = await run_processes(
        tmp_path, database_url, FakePlatform(delay=3.0), count=40, spread=2.0, lease=2.0
    )
    print(report.summary("posts 3 s, lease 2 s, 2 processes"))
    assert_once_on_time(report, 40)
    assert len(report.platform.by_worker) == 2


async def test_clocks_five_minutes_apart(database_url: str, tmp_path: Path) -> None:
    """One process 5 minutes fast, one 5 minutes slow: due times follow the database."""
    report = await run_processes(
        tmp_path, database_url, FakePlatform(), count=200, spread=6.0, offsets=(300.0, -300.0)
    )
    print(report.summary("clocks +5 min / -5 min, 2 processes"))
    assert_once_on_time(report, 200)
    assert report.lateness[-1] < 30.0, "a slow clock must not hold reminders back 5 minutes"


async def test_rate_limit_longer_than_the_lease(database_url: str, tmp_path: Path) -> None:
    """Every first post gets a 429 asking for 3 s; the lease is 1.5 s. Waiting it out in
    place keeps renewing the claim, so no other process takes the row meanwhile."""
    platform = FakePlatform(limit_first=True, retry_after=3.0)
    report = await run_processes(tmp_path, database_url, platform, count=30, spread=1.0, lease=1.5)
    print(report.summary("429 Retry-After 3 s, lease 1.5 s, 2 processes"))
    assert_once_on_time(report, 30)
    assert platform.rate_limited == 30


async def test_sigkill_mid_post(database_url: str, tmp_path: Path) -> None:
    """p0 is killed while its posts are in flight (the platform took them, p0 never heard
    back): whoever takes those rows over finds them in the history and does not repeat."""
    platform = FakePlatform(delay=1.0)
    report = await run_processes(
        tmp_path, database_url, platform, count=60, spread=2.0, lease=2.0, kill_after_posts=4
    )
    print(report.summary("SIGKILL mid-post, 2 processes"))
    assert_once_on_time(report, 60)
    assert platform.history_reads > 0, "the killed process's posts were checked"


async def test_three_processes_2000_deliveries_one_killed(
    database_url: str, tmp_path: Path
) -> None:
    platform = FakePlatform(delay=0.02, fail_every=50)
    report = await run_processes(
        tmp_path,
        database_url,
        platform,
        count=2000,
        spread=15.0,
        offsets=(0.0, 90.0, -90.0),
        kill_after_posts=300,
        within=90.0,
    )
    print(report.summary("3 processes, 2,000 deliveries, p0 killed"))
    assert_once_on_time(report, 2000)
    assert set(platform.by_worker) == {"p0", "p1", "p2"}
