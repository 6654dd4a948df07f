"""A full run at DEBUG level, Slack and Discord both on, with errors along the way: not one
token or secret appears in the logs."""

from __future__ import annotations

import asyncio
import io
import logging
import time
from urllib.parse import urlencode

import aiohttp
import discord
from slack_sdk.signature import SignatureVerifier

from adapters import logs
from adapters.cli.run import serve
from adapters.discord.adapter import DiscordAdapter
from adapters.slack.adapter import SlackAdapter
from bot.config import Secrets
from tests.discord import payloads as p
from tests.discord.fake_discord import FakeDiscord
from tests.harness import settings_for_tests
from tests.slack.fake_slack import FakeSlack

SECRETS = Secrets(
    slack_bot_token="xoxb-1111-2222-SECRETBOTTOKEN",
    slack_app_token="xapp-1-A111-SECRETAPPTOKEN",
    slack_signing_secret="SECRETSIGNINGsecret1234",
    discord_token="MTIzNDU2.SECRET.DISCORDTOKEN",
)


async def test_no_secret_reaches_the_logs_of_a_full_run(database_url: str) -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    logs.configure(logging.DEBUG, json_lines=False, secrets=SECRETS.values(), stream=stream)
    slack = await FakeSlack().start()
    fake_discord = FakeDiscord()
    await fake_discord.start()
    before = discord.http.Route.BASE
    discord.http.Route.BASE = fake_discord.base
    settings = settings_for_tests(
        {
            "slack": {"enabled": True, "mode": "http", "api_url": slack.api_url},
            "discord": {"enabled": True, "guild_ids": [p.GUILD]},
            "http": {"enabled": True, "port": 0},
        }
    )
    slack_adapter = SlackAdapter(settings, SECRETS)
    discord_adapter = DiscordAdapter(settings, SECRETS.discord_token)
    stop = asyncio.Event()
    task = asyncio.create_task(
        serve(settings, [slack_adapter, discord_adapter], stop, database_url=database_url)
    )
    try:
        port = await _port(slack_adapter)
        slack.fail("chat.postEphemeral", "500", times=None)
        await _signed_command(port, "/help", SECRETS.slack_signing_secret, slack)
        await _signed_command(port, "/help", "wrong-secret", slack)  # a forged request
        client = discord_adapter.client
        for _ in range(100):
            if client.bridge is not None:
                break
            await asyncio.sleep(0.05)
        client._connection.parse_interaction_create(p.command("help"))  # type: ignore[arg-type]
        await fake_discord.wait_for("POST", r"/interactions/")
        logging.getLogger("collab.test").error(
            "a careless log line with %s", SECRETS.slack_bot_token
        )
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        discord.http.Route.BASE = before
        await fake_discord.stop()
        await slack.stop()
        root.handlers[:], root.level = saved
    text = stream.getvalue()
    assert len(text) > 1000, "the run logged too little to mean anything"
    assert "[redacted]" in text
    for secret in SECRETS.values():
        assert secret not in text
        assert secret.split(".")[-1][-12:] not in text


async def _port(adapter: SlackAdapter) -> int:
    for _ in range(200):
        if adapter.bridge is not None:
            port = adapter.bridge.runtime.deps.status.http_port
            if isinstance(port, int):
                return port
        await asyncio.sleep(0.05)
    raise AssertionError("the HTTP server did not start")


async def _signed_command(port: int, command: str, secret: str, slack: FakeSlack) -> None:
    body = urlencode(
        {
            "command": command,
            "text": "",
            "user_id": "U1",
            "user_name": "ana",
            "channel_id": "C1",
            "team_id": "T1",
            "trigger_id": "t",
            "response_url": slack.response_url(),
        }
    )
    stamp = str(int(time.time()))
    headers = {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": SignatureVerifier(secret).generate_signature(
            timestamp=stamp, body=body
        )
        or "",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"http://127.0.0.1:{port}/slack/events", data=body, headers=headers) as response,
    ):
        await response.read()
