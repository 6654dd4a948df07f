"""Fixtures for the Discord adapter: the fake REST API, a logged-in client, payload builders."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest

from adapters.discord.adapter import DiscordAdapter
from tests.discord import payloads
from tests.discord.fake_discord import FakeDiscord
from tests.discord.routers import Gate, sample_router
from tests.harness import TestBot, settings_for_tests

GUILD = payloads.GUILD
ORGANIZER_ROLE = payloads.ORGANIZER_ROLE


def discord_settings(*, starter_pack: bool = False, **overrides: Any):  # type: ignore[no-untyped-def]
    return settings_for_tests(
        {
            "bot": {"starter_pack": starter_pack},
            "discord": {
                "enabled": True,
                "guild_ids": [GUILD],
                "organizer_role_ids": [ORGANIZER_ROLE],
                "organizer_user_ids": [payloads.ORGANIZER_USER],
                "channels": {"announcements": ["111"], "journey": ["222"]},
                **overrides,
            },
        }
    )


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    before = discord.http.Route.BASE
    discord.http.Route.BASE = server.base
    try:
        yield server
    finally:
        discord.http.Route.BASE = before
        await server.stop()
    if not server.expect_refusals:  # what real Discord would refuse must never be sent
        assert [(c.method, c.path, c.body) for c in server.refused()] == []


class Harness:
    """A TestBot whose Discord adapter is logged in against the fake."""

    def __init__(self, bot: TestBot, fake: FakeDiscord) -> None:
        self.bot = bot
        self.fake = fake
        self.adapters: list[DiscordAdapter] = []
        self.gate = Gate()

    async def connect(self, **options: Any) -> DiscordAdapter:
        adapter = DiscordAdapter(self.bot.deps.settings, "fake-token", **options)
        await adapter.open(self.bot.runtime)
        # what the gateway sends at connect: the guild with its roles (Member.roles reads it)
        adapter.client._connection.parse_guild_create(payloads.guild())  # type: ignore[arg-type]
        self.adapters.append(adapter)
        return adapter

    @property
    def adapter(self) -> DiscordAdapter:
        return self.adapters[-1]

    def defer_after(self, seconds: float) -> None:
        bridge = self.adapter.client.bridge
        assert bridge is not None
        bridge.defer_after = seconds

    def feed(self, payload: dict[str, Any]) -> None:
        self.adapter.client._connection.parse_interaction_create(payload)  # type: ignore[arg-type]

    async def run(self, payload: dict[str, Any]) -> list[dict[str, Any]]:
        """Feed one interaction and return the callback bodies recorded for it."""
        self.feed(payload)
        path = rf"/interactions/{payload['id']}/"
        calls = await self.fake.wait_for("POST", path)
        return [c.json for c in calls]

    async def close(self) -> None:
        for adapter in self.adapters:
            await adapter.stop()


@pytest.fixture
def starter_pack() -> bool:
    """Whether the bot ships its starter content (journey prompts); a test module may say so."""
    return False


@pytest.fixture
async def harness(
    database_url: str, fake: FakeDiscord, starter_pack: bool
) -> AsyncIterator[Harness]:
    gate = Gate()
    bot = await TestBot.open(
        database_url,
        settings=discord_settings(starter_pack=starter_pack),
        extra_routers=[sample_router(gate)],
    )
    h = Harness(bot, fake)
    h.gate = gate
    await h.connect(defer_after=5.0)
    try:
        yield h
    finally:
        await h.close()
        await bot.close()
