"""Black box: three real `collab-bot run` processes (Slack in HTTP mode) share one database
and deliver 300 reminders through a slow fake Slack that counts every post and answers one
post in ten with a 429. On PostgreSQL one process runs with its clock two minutes fast
(libfaketime); one process is SIGKILLed mid-run. Every member is reminded once, none early,
and every text says what the database's clock says."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import insert
from sqlmodel import select

from storage.engine import Database
from storage.models.deliveries import PENDING, Delivery
from storage.models.events import SCHEDULED, Event
from tests.slack.fake_slack import FakeSlack

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
MEMBERS = 300
SKEW = "+120s"  # the fast process's clock
CONFIG = """
[bot]
starter_pack = false
[slack]
enabled = true
mode = "http"
api_url = "{api}"
[http]
enabled = true
port = {port}
[scheduler]
poll_seconds = 0.3
lease_seconds = 2
concurrency = 16
max_attempts = 10
[database]
pool_size = 4
[logging]
level = "WARNING"
"""


async def stopped(procs: list[subprocess.Popen[bytes]], within: float = 30) -> None:
    """Wait for the processes to exit without blocking the loop the fake platform runs on."""
    deadline = time.monotonic() + within
    while any(p.poll() is None for p in procs) and time.monotonic() < deadline:  # noqa: ASYNC110 (other processes)
        await asyncio.sleep(0.1)
    late = [p for p in procs if p.poll() is None]
    for proc in late:
        proc.kill()
        proc.wait()
    assert not late, "a process did not stop within 30 s of SIGTERM"


def libfaketime() -> Path | None:
    found = sorted(Path("/usr/lib").glob("*/faketime/libfaketime.so.1"))
    return found[0] if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(
    tmp: Path, url: str, api: str, name: str, skew: str | None
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    config = tmp / f"{name}.toml"
    config.write_text(CONFIG.format(api=api, port=port))
    command = [str(Path(sys.executable).parent / "collab-bot"), "run", "--config", str(config)]
    env = {
        **os.environ,
        "COLLAB_BOT_DATABASE_URL": url,
        "SLACK_BOT_TOKEN": "xoxb-blackbox-token",
        "SLACK_SIGNING_SECRET": "blackbox-signing-secret",
    }
    if skew:
        # libfaketime in this very process (not the `faketime` wrapper, which would not pass
        # our signals on); the monotonic clock stays real so sleeps and timeouts work.
        env.update(LD_PRELOAD=str(libfaketime()), FAKETIME=skew, FAKETIME_DONT_FAKE_MONOTONIC="1")
    log = (tmp / f"{name}.log").open("wb")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log), port


async def wait_healthy(ports: list[int], within: float = 60) -> None:
    deadline = time.monotonic() + within
    async with aiohttp.ClientSession() as http:
        for port in ports:
            while True:
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                assert time.monotonic() < deadline, f"process on port {port} did not start"
                await asyncio.sleep(0.3)


async def seed(url: str) -> tuple[dict[str, float], datetime]:
    """One webinar ten minutes after the reminders; 300 members each asked for a DM."""
    db = Database(url)
    now = datetime.now(UTC)
    base = now + timedelta(seconds=3)
    starts = base + timedelta(minutes=10)
    try:
        async with db.session() as session:
            event = Event(
                uid="blackbox@collab-bot",
                title="Black-box webinar",
                kind="webinar",
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                zone="America/Chicago",
                status=SCHEDULED,
                created_at=now,
                updated_at=now,
            )
            session.add(event)
            await session.flush()
            payload = json.dumps({"e": event.id, "r": 1, "o": starts.isoformat(), "off": "10m"})
            dues = {f"r{n}": base + timedelta(seconds=4 * n / MEMBERS) for n in range(MEMBERS)}
            await session.execute(
                insert(Delivery),
                [
                    dict(
                        key=key, kind="events.reminder", ref=f"event:{event.id}", payload=payload,
                        platform="slack", target_type="dm", target_id=f"U{n}", due_at=due,
                        expires_at=starts, status=PENDING, attempts=0, late=False, created_at=now,
                    )
                    for n, (key, due) in enumerate(dues.items())
                ],
            )  # fmt: skip
    finally:
        await db.close()
    return {key: due.timestamp() for key, due in dues.items()}, starts


def told_right(text: str, posted_at: float, starts: datetime) -> bool:
    """ "starts in N minutes" as the database's clock had it when rendered (at most a few
    seconds before Slack took it); a clock two minutes fast would say two minutes fewer."""
    left = starts.timestamp() - posted_at
    allowed = {max(1, round((left + extra) / 60)) for extra in (0.0, 5.0)}
    return any(text.endswith(f"starts in {n} minute{'s' if n != 1 else ''}.") for n in allowed)


async def rows(url: str) -> list[Delivery]:
    db = Database(url)
    try:
        async with db.read() as session:
            return list((await session.execute(select(Delivery))).scalars())
    finally:
        await db.close()


async def test_three_real_processes_one_fast_clock_one_killed(
    database_url: str, tmp_path: Path
) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip(
            "SQLite's clock is the clock of the process using it (libfaketime shifts both), and "
            "SQLite processes share one machine anyway; tests/delivery/test_processes.py covers it"
        )
    skew = SKEW
    if libfaketime() is None:
        pytest.skip("libfaketime is not installed (apt-get install faketime; .ci/run does it)")
    fake = await FakeSlack().start()
    fake.delays["chat.postMessage"] = 2.5  # slower than the 2 s lease
    fake.fail("chat.postMessage", "429", times=None, share=0.1, retry_after=1)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        started = [
            start(tmp_path, database_url, fake.api_url, f"p{n}", skew if n == 1 else None)
            for n in range(3)
        ]
        procs = [proc for proc, _ in started]
        await wait_healthy([port for _, port in started])
        dues, starts = await seed(database_url)
        deadline = time.monotonic() + 50

        def posted() -> list[dict[str, object]]:
            return [m for messages in fake.messages.values() for m in messages if m.get("metadata")]

        while len(posted()) < 40 and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
        procs[0].send_signal(signal.SIGKILL)  # p0 has posts in flight now
        while time.monotonic() < deadline:
            if all(r.status == "sent" for r in await rows(database_url)):
                break
            await asyncio.sleep(0.5)
        await asyncio.sleep(2)  # a repeat, if any, shows up now
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        await stopped(procs)
        await fake.stop()
    messages = [m for ms in fake.messages.values() for m in ms if m.get("metadata")]
    keys = [str(m["metadata"]["event_payload"]["key"]).split("#")[0] for m in messages]
    twice = {k: keys.count(k) for k in set(keys) if keys.count(k) > 1}
    early = [k for m, k in zip(messages, keys, strict=True) if float(m["ts"]) < dues[k]]
    wrong = [m["text"] for m in messages if not told_right(str(m["text"]), float(m["ts"]), starts)]
    statuses = [r.status for r in await rows(database_url)]
    print(
        f"\nblack box (PostgreSQL, p1 {skew}; p0 killed): "
        f"members reminded {len(set(keys))}/{MEMBERS}, twice {len(twice)}, early {len(early)}, "
        f"posts {len(messages)}, 429s {len(fake.to('chat.postMessage')) - len(messages)}, "
        f"history reads {len(fake.to('conversations.history'))}, wrong texts {len(wrong)}"
    )
    assert twice == {}
    assert set(keys) == set(dues), "every member reminded"
    assert early == []
    assert wrong == []
    assert statuses.count("sent") == MEMBERS
