"""Fixtures: the fake Slack Web API, a TestBot with a test router, and the real bolt app
behind the shared aiohttp server on a loopback port, reached with signed requests."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier

from adapters.http.server import HttpServer
from adapters.slack.app import SlackBridge, build_app
from adapters.slack.http import EVENTS_PATH, slack_routes
from adapters.slack.outbox import SlackOutbox, web_client
from adapters.slack.roles import SlackOrganizers
from bot.actions import Action
from bot.errors import FormErrors
from bot.model import (
    Attachment,
    Button,
    Command,
    Form,
    FormSubmit,
    Input,
    Message,
    Reply,
    Section,
    plain,
)
from bot.params import Param, Params
from bot.router import Router
from tests.harness import TestBot, settings_for_tests
from tests.slack.fake_slack import FakeSlack

SECRET = "test-signing-secret"
CALENDAR = Attachment("webinar.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
ORGANIZER = "UORG"


def sample_router(heard: list[Message], gate: asyncio.Event | None = None) -> Router:
    """Small commands, a button, a form and a listener: how real features plug in."""
    router = Router("slacktest")

    @router.command("echo", "Say it back", params=(Param("text", "Anything", kind="rest"),))
    async def echo(cmd: Command, params: Params, deps: Any) -> Reply:
        text = params.text("text")
        share = Button("Share in channel", Action("slacktest.share", (text[:40],)))
        section = Section(title="Echo", text=plain(text), buttons=(share,))
        return Reply(text=f"You said: {text}", sections=(section,))

    @router.action("slacktest.share")
    async def share(press: Any, deps: Any) -> Reply:
        said = press.action.arg(0)
        return Reply(
            text=f"{press.actor.display_name} shared: {said}", private=False, replace_original=True
        )

    @router.action("slacktest.close", organizer_only=True)
    async def close(press: Any, deps: Any) -> Reply:
        return Reply(text="Closed.", replace_original=True)

    @router.command("boss", "Organizers only", organizer_only=True)
    async def boss(cmd: Command, params: Params, deps: Any) -> Reply:
        return Reply(text="Hello, organizer.")

    @router.command("many", "Lots of cards")
    async def many(cmd: Command, params: Params, deps: Any) -> Reply:
        sections = tuple(
            Section(
                title=f"Card {n}",
                text=plain("x" * 500),
                buttons=(Button("Open", url="https://example.org"),),
            )
            for n in range(25)
        )
        # 25 cards of 2 blocks, with dividers: more than one message's 50 blocks.
        return Reply(text="Many cards", sections=sections)

    @router.command("shrug", "A command whose name Slack keeps for itself")
    async def shrug(cmd: Command, params: Params, deps: Any) -> Reply:
        return Reply(text="shrugged")

    @router.command("formtest", "Open a form")
    async def formtest(cmd: Command, params: Params, deps: Any) -> Reply:
        form = Form(
            Action("slacktest.form", ("k1",)),
            "Suggest a topic",
            (
                Input("title", "Title", max_length=100),
                Input("kind", "Kind", kind="choice", choices=("webinar", "workshop")),
                Input("why", "Why", kind="long", required=False),
            ),
        )
        return Reply(text="Opening the form.", form=form)

    @router.form("slacktest.form")
    async def submitted(submit: FormSubmit, deps: Any) -> Reply:
        title = submit.values.get("title", "")
        if title == "wait" and gate is not None:
            await gate.wait()  # a slow handler, released by the test
        if len(title) < 3:
            raise FormErrors({"title": "Please write at least 3 characters."})
        return Reply(text=f"Saved {title} ({submit.values.get('kind')}) [{submit.form.arg(0)}]")

    @router.command("ics", "A calendar file")
    async def ics(cmd: Command, params: Params, deps: Any) -> Reply:
        return Reply(text="Here is the calendar file.", attachments=(CALENDAR,))

    @router.on_message
    async def hear(message: Message, deps: Any) -> None:
        heard.append(message)

    return router


def sign(body: str, *, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Headers Slack would send: the v0 signature over `v0:timestamp:body`."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    assert signature is not None
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}


@dataclass
class SlackEnv:
    fake: FakeSlack
    bot: TestBot
    bridge: SlackBridge
    bolt: AsyncApp
    url: str
    heard: list[Message] = field(default_factory=list)
    gate: asyncio.Event = field(default_factory=asyncio.Event)
    sent_commands: int = 0

    async def post(
        self, body: str, content_type: str, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        sent = {"Content-Type": content_type, **(headers if headers is not None else sign(body))}
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.url, data=body.encode(), headers=sent) as response,
        ):
            return response.status, await response.text()

    async def command(
        self,
        line: str,
        *,
        user: str = "U1",
        channel: str = "C1",
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        name, _, text = line.partition(" ")
        number, self.sent_commands = self.sent_commands, self.sent_commands + 1
        form = {
            "command": name,
            "text": text,
            "user_id": user,
            "user_name": user.lower(),
            "channel_id": channel,
            "team_id": "T1",
            "trigger_id": "trig-1",
            "response_url": self.fake.response_url(f"cmd-{number}"),
        }
        body = urlencode(form)
        return await self.post(body, "application/x-www-form-urlencoded", headers)

    async def interact(self, payload: dict[str, Any]) -> tuple[int, str]:
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded")

    async def event(self, event: dict[str, Any], event_id: str = "Ev1") -> tuple[int, str]:
        body = json.dumps(
            {
                "type": "event_callback",
                "team_id": "T1",
                "api_app_id": "A1",
                "event_id": event_id,
                "event_time": 1,
                "event": event,
            }
        )
        return await self.post(body, "application/json")


def slack_settings(fake: FakeSlack, **slack: Any) -> Any:
    return settings_for_tests(
        {
            "slack": {
                "api_url": fake.api_url,
                "organizer_user_ids": [ORGANIZER],
                **slack,
                "channels": {"announcements": ["C-ANN"]},
            }
        }
    )


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack().start()
    yield server
    await server.stop()
    # Slack would have refused these: a test that means to provoke one clears the list.
    assert server.rejected == [], server.rejected


@pytest.fixture
async def slack(database_url: str, fake: FakeSlack) -> AsyncIterator[SlackEnv]:
    heard: list[Message] = []
    gate = asyncio.Event()
    bot = await TestBot.open(
        database_url,
        settings=slack_settings(fake, organizer_usergroup="S-ORG"),
        extra_routers=(sample_router(heard, gate),),
    )
    fake.usergroups["S-ORG"] = ["UGROUP"]
    client = web_client("xoxb-test", fake.api_url, backoff_factor=0.01, max_wait=1)
    bridge = SlackBridge(bot.runtime, client, SlackOrganizers(bot.deps.settings, client))
    bolt = build_app(bridge, signing_secret=SECRET)
    server = HttpServer(bot.runtime, [slack_routes(bolt)])
    port = await server.start("127.0.0.1", 0)
    env = SlackEnv(fake, bot, bridge, bolt, f"http://127.0.0.1:{port}{EVENTS_PATH}", heard, gate)
    yield env
    await server.stop()
    await bot.close()


@asynccontextmanager
async def served(fake: FakeSlack, bot: TestBot) -> AsyncIterator[SlackEnv]:
    """`bot` answering the loopback Slack over HTTP, its posts sent through the Slack outbox;
    the bot is closed afterwards (for tests that open it with settings of their own)."""
    client = web_client("xoxb-test", fake.api_url, backoff_factor=0.01, max_wait=1)
    bot.deps.outbox.add("slack", SlackOutbox(client))
    bridge = SlackBridge(bot.runtime, client, SlackOrganizers(bot.deps.settings, client))
    bolt = build_app(bridge, signing_secret=SECRET)
    server = HttpServer(bot.runtime, [slack_routes(bolt)])
    port = await server.start("127.0.0.1", 0)
    try:
        yield SlackEnv(fake, bot, bridge, bolt, f"http://127.0.0.1:{port}{EVENTS_PATH}")
    finally:
        await server.stop()
        await bot.close()
