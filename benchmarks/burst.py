"""A reminder burst through a Slack-like API that enforces about one message per second per
channel with 429 + Retry-After: total time against the ideal, and nothing lost or doubled.

    python benchmarks/burst.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiohttp import web

from benchmarks.common import Row, print_rows, temp_sqlite_url


class RateLimitedSlack:
    """chat.postMessage at most once per `interval` per channel; 429 with Retry-After else."""

    def __init__(self, interval: float = 1.0, expected: int = 0) -> None:
        self.interval = interval
        self.expected = expected
        self.all_posted = asyncio.Event()
        self.last: dict[str, float] = {}
        self.posted: Counter[str] = Counter()
        self.limited = 0
        self.runner: web.AppRunner | None = None

    async def api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        form: dict[str, object] = dict(request.query)
        if request.content_type == "application/json":
            form.update(await request.json())
        else:
            form.update(await request.post())
        if method == "conversations.open":
            return web.json_response({"ok": True, "channel": {"id": f"D{form.get('users')}"}})
        channel = str(form.get("channel"))
        now = time.monotonic()
        if now - self.last.get(channel, -10.0) < self.interval:
            self.limited += 1
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"}
            )
        self.last[channel] = now
        metadata = form.get("metadata") or {}
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        key = metadata.get("event_payload", {}).get("key")
        self.posted[str(key).split("#")[0]] += 1
        if len(self.posted) >= self.expected:
            self.all_posted.set()
        return web.json_response({"ok": True, "channel": channel, "ts": f"{now:.6f}"})

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/api/{method}", self.api)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        return f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/api/"  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


async def measure(count: int, members: int) -> list[Row]:
    from adapters.runtime import open_runtime
    from adapters.slack.outbox import SlackOutbox, web_client
    from bot.clock import SystemClock
    from bot.delivery.queue import send_message
    from bot.features import parse_settings
    from bot.model import DirectMessage, Reply

    fake = RateLimitedSlack(expected=count)
    api = await fake.start()
    settings = parse_settings(
        {
            "scheduler": {
                "poll_seconds": 0.2,
                "concurrency": 50,
                "batch_size": 200,
                "max_attempts": 20,
            }
        }
    )
    runtime = await open_runtime(
        settings,
        clock=SystemClock(),
        database_url=temp_sqlite_url(),
        outboxes={"slack": SlackOutbox(web_client("xoxb-b", api))},
    )
    now = runtime.deps.clock.now()
    async with runtime.db.session() as session:
        for n in range(count):
            await send_message(
                session,
                key=f"burst:{n}",
                now=now,
                due_at=now,
                target=DirectMessage("slack", f"U{n % members}"),
                reply=Reply(text=f"The webinar starts in 1 hour ({n})"),
            )
    started = time.monotonic()
    await runtime.start(run_scheduler=True)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(fake.all_posted.wait(), 600)
    total = time.monotonic() - started
    await runtime.stop()
    await fake.stop()
    per_channel = -(-count // members)
    ideal = timedelta(seconds=per_channel - 1).total_seconds()
    lost = count - len(fake.posted)
    doubled = sum(1 for c in fake.posted.values() if c > 1)
    return [
        (f"burst: {count} reminders to {members} members, total", f"{total:.1f} s", "(figure)"),
        ("burst: ideal at 1 msg/s/channel", f"{ideal:.1f} s", ""),
        ("burst: total / ideal", f"{total / max(ideal, 0.001):.2f}x", "(figure)"),
        ("burst: 429s answered", str(fake.limited), ""),
        ("burst: lost / doubled", f"{lost} / {doubled}", "0 / 0"),
    ]


def main(argv: list[str] | None = None) -> list[Row]:
    logging.getLogger("apscheduler").setLevel(logging.ERROR)  # "tick still running" notes
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    rows = asyncio.run(measure(200 if args.quick else 1000, 50 if args.quick else 100))
    print_rows("Reminder burst through a rate-limited Slack API", rows)
    return rows


if __name__ == "__main__":
    main()
