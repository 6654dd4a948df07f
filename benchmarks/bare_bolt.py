"""The floor for benchmarks/crowd.py: a bare slack-bolt app in HTTP mode that acks every slash
command and answers "ok" on its response_url, served by aiohttp as `collab-bot run` serves
bolt.  python benchmarks/bare_bolt.py PORT API_URL  (SLACK_SIGNING_SECRET from the environment;
API_URL is the loopback Slack, which bolt asks auth.test once)
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

COMMANDS = ("resources", "events", "topics", "journey")


async def answer(ack: AsyncAck, respond: AsyncRespond, body: dict[str, Any]) -> None:
    await ack()
    await respond("ok")


async def serve(port: int, api_url: str) -> None:
    client = AsyncWebClient(token="xoxb-bare-bolt", base_url=api_url)
    bolt = AsyncApp(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])
    for name in COMMANDS:
        bolt.command(f"/{name}")(answer)

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/slack/events", events)
    app.router.add_get("/healthz", healthz)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    await stop.wait()
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1]), sys.argv[2]))
