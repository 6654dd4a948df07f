"""Turning the adapter on: config checks, intents, invite URL, on-demand sync, start/stop."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import discord
import pytest
from typer.testing import CliRunner

from adapters.cli.discord import app as discord_cli
from adapters.discord.adapter import DiscordAdapter
from adapters.discord.client import intents_for, invite_permissions, sync_now
from adapters.discord.scheduled_events import MirroredEvent
from adapters.platforms import enabled_adapters
from bot.config import Secrets
from bot.features import build_router
from tests.discord import payloads as p
from tests.discord.conftest import Harness, discord_settings
from tests.discord.fake_discord import APP_ID, FakeDiscord
from tests.harness import settings_for_tests


def test_enabled_without_token_names_discord_token() -> None:
    with pytest.raises(ValueError, match="DISCORD_TOKEN"):
        enabled_adapters(discord_settings(), Secrets())


def test_guild_sync_without_guilds_is_refused_and_disabled_means_no_adapter() -> None:
    with pytest.raises(ValueError, match="guild_ids"):
        enabled_adapters(discord_settings(guild_ids=[]), Secrets(discord_token="t"))
    assert enabled_adapters(settings_for_tests(), Secrets(discord_token="t")) == []


async def test_enabled_with_token_gives_the_discord_adapter() -> None:
    [adapter] = enabled_adapters(discord_settings(), Secrets(discord_token="t"))
    assert adapter.name == "discord"
    await adapter.stop()


def test_intents_are_minimal_and_message_content_only_when_enabled() -> None:
    plain = intents_for(discord_settings())
    assert plain.guilds and not plain.message_content and not plain.members
    # mentions and DMs arrive as message events; their text comes without the privileged intent
    assert plain.guild_messages and plain.dm_messages and not plain.presences
    # GUILDS, GUILD_MESSAGES, DIRECT_MESSAGES, GUILD_SCHEDULED_EVENTS (Interested; not privileged)
    assert plain.value == (1 << 0) | (1 << 9) | (1 << 12) | (1 << 16)
    reading = intents_for(discord_settings(message_content_intent=True))
    assert reading.message_content and reading.guild_messages and not reading.members


def test_invite_url_asks_for_the_needed_permissions_only() -> None:
    result = CliRunner().invoke(discord_cli, ["invite-url", str(APP_ID)])
    assert result.exit_code == 0, result.output
    url = result.output.strip()
    assert f"client_id={APP_ID}" in url and "scope=bot+applications.commands" in url
    permissions = discord.Permissions(int(url.rsplit("permissions=", 1)[1]))
    assert permissions.send_messages and permissions.embed_links
    assert permissions.send_messages_in_threads
    assert not permissions.administrator and not permissions.manage_guild
    assert not permissions.create_events
    assert invite_permissions(discord_settings(mirror_scheduled_events=True)).create_events


def test_sync_command_needs_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    result = CliRunner().invoke(discord_cli, ["sync"])
    assert result.exit_code == 2
    assert "DISCORD_TOKEN" in result.output


async def test_sync_now_pushes_global_commands(fake: FakeDiscord) -> None:
    settings = discord_settings(command_sync="global", guild_ids=[])
    count = await sync_now(settings, "fake-token", build_router())
    [put] = fake.find("PUT", rf"/applications/{APP_ID}/commands$")
    assert count == len(put.body) >= 1
    assert not fake.find("PUT", r"/guilds/")


async def test_commands_from_a_dm_work_without_guild_or_roles(harness: Harness) -> None:
    payload = p.command("help")
    for key in ("guild_id", "member", "channel"):
        payload.pop(key)
    payload["data"].pop("guild_id")
    payload["user"] = {"id": str(p.MEMBER), "username": "dm", "discriminator": "0", "avatar": None}
    payload["context"] = 1
    [body] = await harness.run(payload)
    assert body["type"] == 4 and body["data"]["embeds"]


async def test_start_runs_the_mirror_loop_and_stop_ends_it(harness: Harness) -> None:
    bot = harness.bot
    start = bot.clock.now() + timedelta(days=2)

    async def source(deps: object) -> list[MirroredEvent]:
        return [MirroredEvent("7", "Workshop", "", start)]

    settings = discord_settings(mirror_scheduled_events=True)
    bot.runtime.settings = settings
    adapter = DiscordAdapter(settings, "fake-token", events_source=source, mirror_every=3600)
    await adapter.start(bot.runtime)
    try:
        [created] = await harness.fake.wait_for("POST", r"/scheduled-events$")
        assert created.json["name"] == "Workshop"
    finally:
        await adapter.stop()
    ours = [t for t in asyncio.all_tasks() if t.get_name().startswith("discord-")]
    assert all(task.done() for task in ours)


async def test_sync_of_an_empty_router_clears_the_scope(fake: FakeDiscord) -> None:
    from bot.router import Router

    settings = discord_settings(command_sync="global", guild_ids=[])
    assert await sync_now(settings, "fake-token", Router("none")) == 0
    [put] = fake.find("PUT", rf"/applications/{APP_ID}/commands$")
    assert put.body == []
