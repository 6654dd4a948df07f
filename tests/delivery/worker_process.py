"""A bot process for the multi-process tests: the real runtime and scheduler, posting every
delivery over HTTP to a fake platform on loopback (the network edge), until killed."""

from __future__ import annotations

import asyncio
import signal
import sys

import aiohttp

from adapters.runtime import open_runtime
from bot.clock import SystemClock
from bot.config import load_settings
from bot.model import DirectMessage, Reply, Target
from bot.outbox import PostResult, RetryLater, Sent


class HttpEdgeOutbox:
    """Posts to the fake platform with the delivery key as nonce, as Discord's API takes one."""

    def __init__(self, url: str, worker: str) -> None:
        self.url = url
        self.worker = worker
        self.session: aiohttp.ClientSession | None = None

    async def post(self, target: Target, reply: Reply, *, key: str) -> PostResult:
        if self.session is None:
            self.session = aiohttp.ClientSession()
        to = target.user_id if isinstance(target, DirectMessage) else target.channel_id
        body = {"nonce": key, "to": to, "text": reply.text, "worker": self.worker}
        try:
            async with self.session.post(self.url, json=body) as response:
                if response.status == 429:
                    return RetryLater(
                        "429", float(response.headers.get("Retry-After", "1")), rate_limited=True
                    )
                if response.status >= 500:
                    return RetryLater(f"HTTP {response.status}")
                return Sent(external_id=(await response.json())["id"])
        except aiohttp.ClientConnectionError as error:
            # The nonce makes a repeat harmless, so a lost answer may be retried.
            return RetryLater(f"connection: {error}")


async def main(config: str, database_url: str, edge_url: str, worker: str) -> None:
    settings = load_settings(config)
    outbox = HttpEdgeOutbox(edge_url, worker)
    runtime = await open_runtime(
        settings,
        clock=SystemClock(),
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
    asyncio.run(main(*sys.argv[1:5]))
