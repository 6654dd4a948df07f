"""`collab-bot run` as deployed behind a load balancer: Slack in HTTP mode on the shared
server with /healthz and the calendar feed, answering a signed slash command end to end."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from adapters.cli.run import serve
from adapters.slack.adapter import SlackAdapter
from bot.config import Secrets
from tests.harness import settings_for_tests
from tests.slack.fake_slack import FakeSlack

SECRET = "run-signing-secret-123"


def signed(body: str, secret: str = SECRET) -> dict[str, str]:
    stamp = str(int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature or "",
        "Content-Type": "application/x-www-form-urlencoded",
    }


async def test_run_serves_slack_health_and_calendar(database_url: str) -> None:
    fake = await FakeSlack().start()
    settings = settings_for_tests(
        {
            "slack": {"enabled": True, "mode": "http", "api_url": fake.api_url},
            "http": {"enabled": True, "port": 0},
        }
    )
    secrets = Secrets(slack_bot_token="xoxb-run-test-token", slack_signing_secret=SECRET)
    adapter = SlackAdapter(settings, secrets)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, [adapter], stop, database_url=database_url))
    try:
        port = await _port_of(adapter)
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/healthz") as response:
                health = await response.json()
            assert response.status == 200 and health == {
                "ok": True,
                "database": True,
                "scheduler": True,
                "slack": True,
            }
            async with http.get(f"{base}/calendar.ics") as response:
                assert response.status == 200 and "BEGIN:VCALENDAR" in await response.text()
            body = urlencode(
                {
                    "command": "/help",
                    "text": "",
                    "user_id": "U1",
                    "user_name": "ana",
                    "channel_id": "C1",
                    "team_id": "T1",
                    "response_url": fake.response_url(),
                    "trigger_id": "t1",
                }
            )
            async with http.post(f"{base}/slack/events", data=body, headers=signed(body)) as r:
                assert r.status == 200
            async with http.post(
                f"{base}/slack/events", data=body, headers=signed(body, "forged")
            ) as r:
                assert r.status == 401
        answered = await fake.wait_for(lambda: fake.responses)
        assert "/resources" in str(answered[0]) and answered[0]["response_type"] == "ephemeral"
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await fake.stop()


async def _port_of(adapter: SlackAdapter) -> int:
    for _ in range(200):
        bridge = adapter.bridge
        if bridge is not None:
            port = bridge.runtime.deps.status.http_port
            if isinstance(port, int):
                return port
        await asyncio.sleep(0.05)
    raise AssertionError("the HTTP server did not start")
