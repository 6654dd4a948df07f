"""A bot process for the multi-process tests: the real runtime and scheduler, posting every
delivery over HTTP to a fake platform on loopback (the network edge), until killed.

    python -m tests.delivery.worker_process CONFIG DATABASE_URL EDGE_URL NAME [OFFSET_SECONDS]

OFFSET_SECONDS sets this process's clock that far off (a machine whose clock is wrong): the
delivery queue must not care, it takes "now" from the database.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import UTC, datetime, timedelta

import aiohttp

from adapters.runtime import open_runtime
from bot.clock import SystemClock
from bot.features import load_settings
from bot.model import DirectMessage, Reply, Target
from bot.outbox import CannotTell, PostResult, RetryLater, Sent

MAX_INLINE_WAIT = 10.0  # like the Slack outbox: wait out short rate limits in place


class OffsetClock(SystemClock):
    """This machine's clock, `offset` wrong; the queue still asks the database."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


class HttpEdgeOutbox:
    """Posts to the fake platform with the delivery key, as Slack metadata carries it."""

    def __init__(self, url: str, worker: str) -> None:
        self.url = url
        self.worker = worker
        self.session: aiohttp.ClientSession | None = None

    def _session(self) -> aiohttp.ClientSession:
        if self.session is None:
            self.session = aiohttp.ClientSession()
        return self.session

    async def post(self, target: Target, reply: Reply, *, key: str) -> PostResult:
        body = {"key": key, "to": _to(target), "text": reply.text, "worker": self.worker}
        try:
            for _ in range(3):
                async with self._session().post(f"{self.url}/post", json=body) as response:
                    if response.status != 429:
                        if response.status >= 500:
                            return RetryLater(f"HTTP {response.status}")
                        return Sent(external_id=(await response.json())["id"])
                    wait = float(response.headers.get("Retry-After", "1"))
                if wait > MAX_INLINE_WAIT:
                    return RetryLater("429", wait, rate_limited=True)
                await asyncio.sleep(wait)
            return RetryLater("429", 1.0, rate_limited=True)
        except aiohttp.ClientConnectorError as error:
            return RetryLater(f"connection: {error}")

    async def find(self, target: Target, key: str, *, since: datetime) -> Sent | None:
        query = {"to": _to(target), "oldest": str(since.timestamp())}
        try:
            async with self._session().get(f"{self.url}/history", params=query) as response:
                messages = (await response.json())["messages"]
        except aiohttp.ClientError as error:
            raise CannotTell(str(error)) from error
        for message in messages:
            if message["key"] == key:
                return Sent(external_id=str(message["id"]))
        return None


def _to(target: Target) -> str:
    return target.user_id if isinstance(target, DirectMessage) else target.channel_id


async def main(config: str, database_url: str, edge_url: str, worker: str, offset: str) -> None:
    settings = load_settings(config)
    outbox = HttpEdgeOutbox(edge_url, worker)
    runtime = await open_runtime(
        settings,
        clock=OffsetClock(timedelta(seconds=float(offset))),
        outboxes={"slack": outbox},
        database_url=database_url,
        migrate_now=False,
        worker_id=worker,
    )
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    await runtime.start(run_scheduler=True)
    print("ready", flush=True)
    await stop.wait()
    await runtime.stop()
    if outbox.session is not None:
        await outbox.session.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    asyncio.run(main(*args[:4], args[4] if len(args) > 4 else "0"))
