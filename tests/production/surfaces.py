"""The same person on each adapter: the console session, Slack (signed requests into the real
bolt app, answers read at the fake Web API) and Discord (interactions fed to the real
discord.py client, answers read at the fake REST API). Each returns what the person reads."""

from __future__ import annotations

import asyncio
import contextlib
import json
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode

import discord

from adapters.console.session import ConsoleSession
from adapters.discord.adapter import DiscordAdapter
from adapters.discord.tree import discord_path
from adapters.http.server import HttpServer
from adapters.slack.app import SlackBridge, build_app
from adapters.slack.forms import Origin, modal
from adapters.slack.http import EVENTS_PATH, slack_routes
from adapters.slack.outbox import web_client
from adapters.slack.roles import SlackOrganizers
from bot.actions import Action
from bot.model import Form, Input
from bot.params import Param
from bot.router import CommandSpec
from tests.discord import payloads as p
from tests.discord.fake_discord import FakeDiscord
from tests.harness import TestBot, settings_for_tests
from tests.slack.conftest import sign
from tests.slack.fake_slack import FakeSlack

SLACK_SECRET = "matrix-signing-secret"
FORM_TYPE = "application/x-www-form-urlencoded"
SLACK_ORGANIZER = "UORG"
DISCORD_KIND = {"text": 3, "rest": 3, "choice": 3, "int": 4, "bool": 5}


def matrix_settings(slack_api: str) -> Any:
    return settings_for_tests(
        {
            "bot": {"starter_pack": True},
            "slack": {"api_url": slack_api, "organizer_user_ids": [SLACK_ORGANIZER]},
            "discord": {
                "enabled": True,
                "guild_ids": [p.GUILD],
                "organizer_role_ids": [p.ORGANIZER_ROLE],
            },
            "console": {"organizers": ["olu"]},
        }
    )


class Surface(Protocol):
    name: str

    async def command(self, spec: CommandSpec, text: str, *, organizer: bool) -> str: ...

    async def press(self, action: Action, *, organizer: bool) -> str: ...

    async def submit(self, action: Action, values: dict[str, str], *, organizer: bool) -> str: ...


@dataclass
class ConsoleSurface:
    bot: TestBot
    name: str = "console"
    # Attached files go to a scratch directory, never into the checkout.
    files: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="console-files-")))

    async def command(self, spec: CommandSpec, text: str, *, organizer: bool) -> str:
        out: list[str] = []
        session = ConsoleSession(
            self.bot.runtime,
            self.bot.actor("olu" if organizer else "ana", organizer=organizer),
            write=out.append,
            files=self.files,
        )
        await session.handle_line(f"/{spec.name} {text}".replace("\n", " "))
        return "\n".join(out)

    async def press(self, action: Action, *, organizer: bool) -> str:
        return (
            await self.bot.press_action(action, "olu" if organizer else "ana", organizer=organizer)
        ).text

    async def submit(self, action: Action, values: dict[str, str], *, organizer: bool) -> str:
        from bot.model import FormSubmit

        submit = FormSubmit(
            action,
            values,
            self.bot.actor("olu" if organizer else "ana", organizer=organizer),
            self.bot.place(),
        )
        return (await self.bot.runtime.app.handle(submit)).text


@dataclass
class SlackSurface:
    fake: FakeSlack
    url: str
    name: str = "slack"
    count: int = 0

    async def _post(self, payload: str, content_type: str) -> str:
        import aiohttp

        headers = {"Content-Type": content_type, **sign(payload, secret=SLACK_SECRET)}
        async with (
            aiohttp.ClientSession() as http,
            http.post(self.url, data=payload.encode(), headers=headers) as response,
        ):
            assert response.status == 200, await response.text()
            return await response.text()

    async def _answer(self, marker: str, body: str, calls_before: int) -> str:
        def found() -> list[dict[str, Any]]:
            answers = [r for r in self.fake.responses if r["id"] == marker]
            # A form is an answer too: it opens as a modal (views.open) instead.
            return answers + [
                c.args for c in self.fake.calls[calls_before:] if c.method == "views.open"
            ]

        if not body.strip():  # answered later through the response_url, not in the ack
            with contextlib.suppress(TimeoutError):
                await self.fake.wait_for(found, within=10)
        if not body.strip() and not found():
            return ""  # nothing came back: the caller counts that as no clear reply
        return json.dumps({"http": body, "responses": found()}, ensure_ascii=False)

    def _marker(self) -> tuple[str, int]:
        self.count += 1
        return f"m{self.count}", len(self.fake.calls)

    def _user(self, organizer: bool) -> str:
        return SLACK_ORGANIZER if organizer else "UMEMBER"

    async def command(self, spec: CommandSpec, text: str, *, organizer: bool) -> str:
        marker, before = self._marker()
        body = urlencode(
            {
                "command": f"/{spec.root}",
                "text": f"{spec.sub} {text}" if spec.sub else text,
                "user_id": self._user(organizer),
                "user_name": "someone",
                "channel_id": "C1",
                "team_id": "T1",
                "trigger_id": "t1",
                "response_url": self.fake.response_url(marker),
            }
        )
        return await self._answer(marker, await self._post(body, FORM_TYPE), before)

    async def press(self, action: Action, *, organizer: bool) -> str:
        marker, before = self._marker()
        payload = {
            "type": "block_actions",
            "team": {"id": "T1"},
            "trigger_id": "t2",
            "user": {"id": self._user(organizer), "username": "someone", "name": "someone"},
            "actions": [
                {
                    "action_id": action.encode(),
                    "block_id": "b1",
                    "type": "button",
                    "action_ts": "1.2",
                }
            ],
            "container": {
                "type": "message",
                "message_ts": "1.1",
                "channel_id": "C1",
                "is_ephemeral": True,
            },
            "channel": {"id": "C1"},
            "response_url": self.fake.response_url(marker),
        }
        body = urlencode({"payload": json.dumps(payload)})
        return await self._answer(marker, await self._post(body, FORM_TYPE), before)

    async def submit(self, action: Action, values: dict[str, str], *, organizer: bool) -> str:
        marker, before = self._marker()
        form = Form(action, "Form", tuple(Input(name, name, "long") for name in values))
        view = modal(form, Origin("C1", None, self.fake.response_url(marker)))
        state = {
            "values": {
                block["block_id"]: {"value": {"type": "plain_text_input", "value": values[name]}}
                for block, name in zip(view["blocks"], values, strict=True)
            }
        }
        payload = {
            "type": "view_submission",
            "team": {"id": "T1"},
            "trigger_id": "t3",
            "user": {"id": self._user(organizer), "username": "someone", "name": "someone"},
            "view": {**view, "id": "V1", "state": state},
        }
        body = urlencode({"payload": json.dumps(payload)})
        return await self._answer(marker, await self._post(body, FORM_TYPE), before)


@dataclass
class DiscordSurface:
    adapter: DiscordAdapter
    fake: FakeDiscord
    specs: list[CommandSpec] = field(default_factory=list)
    name: str = "discord"

    def _roles(self, organizer: bool) -> list[int]:
        return [p.ORGANIZER_ROLE] if organizer else []

    async def _run(self, payload: dict[str, Any]) -> str:
        self.adapter.client._connection.parse_interaction_create(payload)  # type: ignore[arg-type]
        calls = await self.fake.wait_for("POST", rf"/interactions/{payload['id']}/")
        await asyncio.sleep(0)
        return json.dumps([c.json for c in calls], ensure_ascii=False)

    async def command(self, spec: CommandSpec, text: str, *, organizer: bool) -> str:
        root, sub = discord_path(spec, self.specs)  # organizer tools: /events-admin ...
        options = _options(spec.params, text)
        return await self._run(p.command(root, options, sub=sub, roles=self._roles(organizer)))

    async def press(self, action: Action, *, organizer: bool) -> str:
        row = [
            {
                "type": 1,
                "components": [{"type": 2, "style": 1, "label": "x", "custom_id": action.encode()}],
            }
        ]
        return await self._run(p.press(action.encode(), row, roles=self._roles(organizer)))

    async def submit(self, action: Action, values: dict[str, str], *, organizer: bool) -> str:
        return await self._run(p.submit(action.encode(), values, roles=self._roles(organizer)))


def _options(params: tuple[Param, ...], text: str) -> list[dict[str, Any]]:
    """Discord sends typed options: the text goes into every free-text option, samples elsewhere."""
    out = []
    for param in params:
        if param.kind in ("text", "rest"):
            value: Any = text[:6000] or "x"
        elif param.kind == "choice" and param.choices:
            value = param.choices[0]
        elif param.kind == "int":
            value = 1
        elif param.kind == "bool":
            value = True
        else:
            value = text or "x"
        if param.required or param.kind in ("text", "rest"):
            out.append(p.option(param.name, value, DISCORD_KIND[param.kind]))
    return out


@contextlib.asynccontextmanager
async def surfaces(database_url: str) -> AsyncIterator[tuple[TestBot, list[Surface]]]:
    """A bot with the starter pack loaded, reachable through all three adapters at once."""
    from bot.features import COMPOSITION

    slack_fake = await FakeSlack().start()
    discord_fake = FakeDiscord()
    await discord_fake.start()
    before = discord.http.Route.BASE
    discord.http.Route.BASE = discord_fake.base
    bot = await TestBot.open(database_url, settings=matrix_settings(slack_fake.api_url))
    server: HttpServer | None = None
    adapter: DiscordAdapter | None = None
    try:
        await COMPOSITION.load_starter_pack(bot.deps)
        client = web_client("xoxb-matrix", slack_fake.api_url, backoff_factor=0.01, max_wait=1)
        bridge = SlackBridge(bot.runtime, client, SlackOrganizers(bot.deps.settings, client))
        server = HttpServer(
            bot.runtime, [slack_routes(build_app(bridge, signing_secret=SLACK_SECRET))]
        )
        port = await server.start("127.0.0.1", 0)
        adapter = DiscordAdapter(bot.deps.settings, "fake-token", defer_after=8.0)
        await adapter.open(bot.runtime)
        # the guild and its roles, as the gateway sends them at connect (Member.roles reads them)
        adapter.client._connection.parse_guild_create(p.guild())  # type: ignore[arg-type]
        yield (
            bot,
            [
                ConsoleSurface(bot),
                SlackSurface(slack_fake, f"http://127.0.0.1:{port}{EVENTS_PATH}"),
                DiscordSurface(adapter, discord_fake, bot.deps.router.specs()),
            ],
        )
    finally:
        if adapter is not None:
            await adapter.stop()
        if server is not None:
            await server.stop()
        await bot.close()
        discord.http.Route.BASE = before
        await discord_fake.stop()
        await slack_fake.stop()
