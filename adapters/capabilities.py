"""Every adapter's capability record, registered with the core once per process."""

from __future__ import annotations

from adapters.console.platform import CONSOLE
from adapters.discord.platform import DISCORD
from adapters.slack.platform import SLACK
from bot.platforms import PlatformInfo, register

PLATFORMS: tuple[PlatformInfo, ...] = (SLACK, DISCORD, CONSOLE)


def register_platforms() -> None:
    for platform in PLATFORMS:
        register(platform)
