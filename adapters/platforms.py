"""The platform adapters `collab-bot run` can start, chosen by config."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from bot.config import Secrets, Settings
from bot.outbox import Outbox

if TYPE_CHECKING:
    from adapters.runtime import Runtime


class PlatformAdapter(Protocol):
    """Made before the runtime (its outbox is needed there), started after it."""

    name: str
    outbox: Outbox

    async def start(self, runtime: Runtime) -> None: ...

    async def stop(self) -> None: ...

    async def connected(self) -> bool:
        """Whether the platform connection is up (for /healthz)."""
        ...


def _slack(settings: Settings, secrets: Secrets) -> PlatformAdapter:
    from adapters.slack.adapter import SlackAdapter, missing_secrets

    missing = missing_secrets(settings, secrets)
    if missing:
        raise ValueError(
            f"[slack] is enabled in {settings.slack.mode} mode but "
            f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set in the "
            "environment. See docs/slack.md."
        )
    if settings.slack.mode == "http" and not settings.http.enabled:
        raise ValueError(
            '[slack] mode = "http" serves /slack/events on the [http] server: '
            'set [http] enabled = true (or use mode = "socket").'
        )
    return SlackAdapter(settings, secrets)


def enabled_adapters(settings: Settings, secrets: Secrets) -> list[PlatformAdapter]:
    """The adapters enabled in config; ValueError names a missing secret."""
    adapters: list[PlatformAdapter] = []
    if settings.slack.enabled:
        adapters.append(_slack(settings, secrets))
    if settings.discord.enabled:
        adapters.append(_discord(settings, secrets))
    return adapters


def _discord(settings: Settings, secrets: Secrets) -> PlatformAdapter:
    if not secrets.discord_token:
        raise ValueError(
            "[discord] is enabled but DISCORD_TOKEN is not set in the environment "
            "(see docs/discord.md)."
        )
    if settings.discord.command_sync == "guild" and not settings.discord.guild_ids:
        raise ValueError(
            'discord.command_sync is "guild" but discord.guild_ids is empty: list the guild '
            'ids to sync to, or set command_sync = "global".'
        )
    from adapters.discord.adapter import DiscordAdapter  # discord.py loads only when used
    from adapters.discord.event_source import upcoming_events

    return DiscordAdapter(settings, secrets.discord_token, events_source=upcoming_events)
