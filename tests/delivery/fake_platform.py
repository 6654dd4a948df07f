"""A fake chat platform on a loopback port that counts every post and never drops a repeat.

Like Slack with message metadata, each message keeps the key it was posted with, and
`GET /history?to=...&oldest=...` lists a conversation's messages with their keys, so the
bot can check whether an earlier attempt landed. Posts can be slow (`delay`: the message
is stored at once, the answer comes later, as when a process dies after the platform took
its post) and rate limited (`limit_first`: the first post of each key gets a 429 with
`retry_after` seconds).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class FakePlatform:
    delay: float = 0.0
    retry_after: float = 0.0
    limit_first: bool = False
    fail_every: int = 0
    expected: int = 0
    received: list[dict[str, object]] = field(default_factory=list)
    posts: defaultdict[str, list[tuple[float, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    by_worker: Counter[str] = field(default_factory=Counter)
    rate_limited: int = 0
    history_reads: int = 0
    done: asyncio.Event = field(default_factory=asyncio.Event)
    _runner: web.AppRunner | None = None
    _limited: set[str] = field(default_factory=set)
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body)
        key = str(body["key"])
        if self.limit_first and key not in self._limited:
            self._limited.add(key)
            self.rate_limited += 1
            return _too_many(self.retry_after)
        if self.fail_every and len(self.received) % self.fail_every == 0:
            self.rate_limited += 1
            return _too_many(self.retry_after or 1.0)
        self.posts[key].append((time.time(), str(body["to"])))
        self.by_worker[str(body["worker"])] += 1
        if len(self.posts) >= self.expected:
            self.done.set()
        message_id = f"{key}/{len(self.posts[key])}"
        if self.delay:
            await asyncio.sleep(self.delay)
        return web.json_response({"id": message_id})

    async def history(self, request: web.Request) -> web.Response:
        self.history_reads += 1
        to, oldest = request.query["to"], float(request.query.get("oldest", "0"))
        messages = [
            {"id": f"{key}/{n + 1}", "key": key, "at": at}
            for key, landed in self.posts.items()
            for n, (at, where) in enumerate(landed)
            if where == to and at >= oldest
        ]
        return web.json_response({"messages": messages})

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/post", self.handle)
        app.router.add_get("/history", self.history)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def first_seen(self) -> dict[str, float]:
        return {key: landed[0][0] for key, landed in self.posts.items()}

    @property
    def twice(self) -> dict[str, int]:
        """Keys posted more than once, with how many times."""
        return {key: len(landed) for key, landed in self.posts.items() if len(landed) > 1}


def _too_many(seconds: float) -> web.Response:
    return web.json_response(
        {"message": "You are being rate limited."},
        status=429,
        headers={"Retry-After": f"{seconds:g}"},
    )
