"""A fake chat platform on a loopback port: records every post and, like Discord with
enforce_nonce, answers a repeated nonce with the first message instead of posting again."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class FakePlatform:
    received: list[dict[str, object]] = field(default_factory=list)
    first_seen: dict[str, float] = field(default_factory=dict)
    by_worker: Counter[str] = field(default_factory=Counter)
    fail_every: int = 0
    expected: int = 0
    done: asyncio.Event = field(default_factory=asyncio.Event)
    _runner: web.AppRunner | None = None
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body)
        if self.fail_every and len(self.received) % self.fail_every == 0:
            return web.json_response({"message": "busy"}, status=429, headers={"Retry-After": "1"})
        nonce = str(body["nonce"])
        if nonce not in self.first_seen:
            self.first_seen[nonce] = time.time()
            self.by_worker[str(body["worker"])] += 1
            if len(self.first_seen) >= self.expected:
                self.done.set()
        return web.json_response({"id": nonce})

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/post", self.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/post"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def repeats(self) -> int:
        return len(self.received) - len(self.first_seen)
