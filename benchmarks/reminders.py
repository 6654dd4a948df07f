"""Reminder delivery benchmark: start-up with a full queue, lateness, claim throughput.

    python benchmarks/reminders.py [--quick] [--pg-url URL]

For SQLite (a temporary file) and, when a URL is given (--pg-url or
COLLAB_BOT_TEST_DATABASE_URL), PostgreSQL -- in a separate `<name>_bench` database on that
server, which this script drops and recreates:

1. ready: with 10,000 pending reminders queued, the time from starting a new Python process
   to its scheduler running (runtime opened, APScheduler started, one claim query done);
2. lateness p50/p99: 1,000 reminders due within the same minute, delivered by the REAL
   scheduler loop (SystemClock, poll interval from settings) to a recording outbox;
3. claim throughput: rows claimed per second by `claim_due` in batches of the configured size;
4. lost / duplicated: every one of the 1,000 must be posted exactly once and recorded sent;
5. several processes: three real bot processes (one clock 90 s fast, one 90 s slow, one
   SIGKILLed mid-run) deliver 2,000 posts due within a minute to a loopback fake platform
   that counts every post and never drops a repeat (1 post in 50 answered 429): delivered,
   posted twice, lost, posted early, lateness p50 / p99.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text, update

from adapters.runtime import open_runtime
from benchmarks.common import (
    ROOT,
    Row,
    fresh_bench_database,
    percentile,
    print_rows,
    temp_sqlite_url,
)
from bot.clock import SystemClock
from bot.features import AppSettings as Settings
from bot.model import Reply, Target
from bot.outbox import PostResult, Sent
from storage import deliveries, migrate
from storage.engine import Database
from storage.models.deliveries import PENDING, SENT, Delivery
from storage.models.events import SCHEDULED, Event

PENDING_ROWS = 10_000


class RecordingOutbox:
    """Records when each post arrived; answers at once like a healthy platform."""

    def __init__(self, expected: int = 0) -> None:
        self.posts: list[tuple[str, float]] = []
        self.expected = expected
        self.all_in = asyncio.Event()

    async def post(self, target: Target, reply: Reply, *, key: str) -> PostResult:
        self.posts.append((key, time.time()))
        if len(self.posts) >= self.expected:
            self.all_in.set()
        return Sent(external_id=key)

    async def find(self, target: Target, key: str, *, since: datetime) -> Sent | None:
        return Sent(external_id=key) if any(k == key for k, _ in self.posts) else None


async def _event(db: Database, now: datetime) -> int:
    start = now + timedelta(days=2)
    async with db.session() as session:
        event = Event(
            uid="bench@collab-bot",
            title="Benchmark webinar",
            kind="webinar",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            zone="America/Chicago",
            status=SCHEDULED,
            created_at=now,
            updated_at=now,
        )
        session.add(event)
        await session.flush()
        assert event.id is not None
        return event.id


def _rows(event_id: int, start: datetime, dues: list[datetime], prefix: str) -> list[dict]:  # type: ignore[type-arg]
    payload = json.dumps({"e": event_id, "r": 1, "o": start.isoformat(), "off": "1h"})
    now = datetime.now(UTC)
    return [
        dict(
            key=f"{prefix}{n}",
            kind="events.reminder",
            ref=f"event:{event_id}:dm:slack:U{n}",
            payload=payload,
            platform="slack",
            target_type="dm",
            target_id=f"U{n}",
            due_at=due,
            expires_at=start,
            status=PENDING,
            attempts=0,
            late=False,
            created_at=now,
        )
        for n, due in enumerate(dues)
    ]


async def _seed(
    db: Database, event_id: int, start: datetime, dues: list[datetime], prefix: str
) -> None:
    rows = _rows(event_id, start, dues, prefix)
    async with db.session() as session:
        for chunk in range(0, len(rows), 1000):
            await session.execute(insert(Delivery), rows[chunk : chunk + 1000])


def _ready_seconds(url: str) -> float:
    """Start a fresh interpreter that opens the bot and its scheduler; time until it says so
    (not until it exits: stopping is not part of starting)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child-ready", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdout is not None
    for line in child.stdout:
        if "READY" in line:
            seconds = time.perf_counter() - started
            break
    else:
        raise RuntimeError(f"the child never got ready: {child.communicate(timeout=120)[1]}")
    child.communicate(timeout=120)
    if child.returncode:
        raise RuntimeError(f"the child failed after getting ready (exit {child.returncode})")
    return seconds


async def _child_ready(url: str) -> None:
    runtime = await open_runtime(
        Settings(), clock=SystemClock(), outboxes={}, database_url=url, migrate_now=False
    )
    await runtime.start(run_scheduler=True)
    await runtime.scheduler.tick()
    print("READY", flush=True)
    await runtime.stop()


async def _lateness(
    url: str, event_id: int, start: datetime, count: int, spread: float
) -> tuple[list[float], int, int]:
    settings = Settings()
    outbox = RecordingOutbox(count)
    runtime = await open_runtime(
        settings,
        clock=SystemClock(),
        outboxes={"slack": outbox},
        database_url=url,
        migrate_now=False,
    )
    base = datetime.now(UTC) + timedelta(seconds=3)
    dues = sorted(base + timedelta(seconds=random.uniform(0, spread)) for _ in range(count))
    await _seed(runtime.db, event_id, start, dues, "late-")
    due_by_key = {f"late-{n}": due.timestamp() for n, due in enumerate(dues)}
    await runtime.start(run_scheduler=True)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(outbox.all_in.wait(), timeout=spread + 60)
    await asyncio.sleep(settings.scheduler.poll_seconds * 2)  # let any duplicate show up
    await runtime.stop()
    keys = [key for key, _ in outbox.posts]
    lateness = [at - due_by_key[key] for key, at in outbox.posts]
    lost = len(set(due_by_key) - set(keys))
    duplicated = len(keys) - len(set(keys))
    db = Database(url)
    try:
        async with db.read() as session:
            statuses = await deliveries.counts_by_status(session)
    finally:
        await db.close()
    lost = max(lost, count - statuses.get(SENT, 0))
    return lateness, lost, duplicated


async def _claim_rate(url: str, batch: int) -> float:
    db = Database(url)
    try:
        past = datetime.now(UTC) - timedelta(seconds=1)
        async with db.session() as session:
            await session.execute(
                update(Delivery).where(Delivery.status == PENDING).values(due_at=past)
            )
        claimed = 0
        started = time.perf_counter()
        while True:
            async with db.session() as session:
                rows = await deliveries.claim_due(
                    session,
                    worker="bench",
                    now=datetime.now(UTC),
                    lease=timedelta(minutes=5),
                    limit=batch,
                )
            if not rows:
                break
            claimed += len(rows)
        return claimed / (time.perf_counter() - started)
    finally:
        await db.close()


async def _processes(url: str, count: int, spread: float) -> list[Row]:
    """Three `tests.delivery.worker_process` bot processes against the counting fake."""
    from tests.delivery.fake_platform import FakePlatform
    from tests.delivery.test_processes import run_processes

    with tempfile.TemporaryDirectory() as tmp:
        report = await run_processes(
            Path(tmp),
            url,
            FakePlatform(delay=0.02, fail_every=50),
            count=count,
            spread=spread,
            offsets=(0.0, 90.0, -90.0),
            kill_after_posts=count // 6,
            within=spread + 90,
        )
    late = report.lateness or [0.0]
    return [
        (
            f"3 processes, {count:,} due in {spread:.0f} s, clocks ±90 s, one SIGKILLed: "
            "delivered / twice / lost / early",
            f"{len(report.platform.posts):,} / {report.twice} / {report.lost} / "
            f"{len(report.early)}",
            "all / 0 / 0 / 0",
        ),
        (
            "  lateness p50 / p99 (posts 20 ms, 1 in 50 answered 429)",
            f"{percentile(late, 50):.2f} / {percentile(late, 99):.2f} s",
            "",
        ),
    ]


async def _backend(name: str, url: str, count: int, spread: float) -> list[Row]:
    db = Database(url)
    try:
        if not db.is_sqlite:
            async with db.engine.begin() as connection:
                await connection.execute(text("SELECT 1"))
        await migrate.upgrade(db)
        now = datetime.now(UTC)
        event_id = await _event(db, now)
        start = now + timedelta(days=2)
        await _seed(db, event_id, start, [now + timedelta(days=1)] * PENDING_ROWS, "pending-")
    finally:
        await db.close()
    ready = _ready_seconds(url)
    lateness, lost, duplicated = await _lateness(url, event_id, start, count, spread)
    rate = await _claim_rate(url, Settings().scheduler.batch_size)
    return [
        (f"{name}: ready with {PENDING_ROWS:,} pending (process start)", f"{ready:.2f} s", "< 2 s"),
        (
            f"{name}: lateness p50 ({count:,} due within {spread:.0f} s)",
            f"{percentile(lateness, 50):.2f} s",
            "",
        ),
        (f"{name}: lateness p99", f"{percentile(lateness, 99):.2f} s", "< 2 s"),
        (f"{name}: claim throughput", f"{rate:,.0f} rows/s", ""),
        (f"{name}: lost / duplicated", f"{lost} / {duplicated}", "0 / 0"),
    ]


async def _several(name: str, url: str, count: int, spread: float) -> list[Row]:
    """The multi-process figures, on an empty database of their own."""
    db = Database(url)
    try:
        await migrate.upgrade(db)
    finally:
        await db.close()
    rows = await _processes(url, count, spread)
    return [(f"{name}: {label.strip()}", value, target) for label, value, target in rows]


async def _run(args: argparse.Namespace) -> list[Row]:
    count, spread = (200, 10.0) if args.quick else (1000, 60.0)
    rows: list[Row] = []
    rows += await _backend("sqlite", temp_sqlite_url(), count, spread)
    rows += await _several("sqlite", temp_sqlite_url(), count * 2, spread)
    pg_url = args.pg_url or os.environ.get("COLLAB_BOT_TEST_DATABASE_URL", "")
    if pg_url:
        rows += await _backend("postgresql", await fresh_bench_database(pg_url), count, spread)
        rows += await _several("postgresql", await fresh_bench_database(pg_url), count * 2, spread)
    return rows


def main(argv: list[str] | None = None) -> list[tuple[str, str, str]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 reminders within 10 s")
    parser.add_argument("--pg-url", default="", help="PostgreSQL URL (a _bench db is used)")
    parser.add_argument("--child-ready", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_ready:
        asyncio.run(_child_ready(args.child_ready))
        return []
    rows = asyncio.run(_run(args))
    print_rows("Reminders", rows)
    return rows


if __name__ == "__main__":
    main()
