"""Every adapter's capability record, registered with the core once per process, and the
organizer checks config alone can answer (an adapter that runs replaces its own)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from adapters.console import platform as console
from adapters.console.platform import CONSOLE
from adapters.discord import platform as discord
from adapters.discord.platform import DISCORD
from adapters.slack import platform as slack
from adapters.slack.platform import SLACK
from bot.deps import Deps
from bot.platforms import PlatformInfo, register

PLATFORMS: tuple[PlatformInfo, ...] = (SLACK, DISCORD, CONSOLE)
Check = Callable[[str], Awaitable[bool]]


def register_platforms() -> None:
    for platform in PLATFORMS:
        register(platform)


def configured_organizer_checks(deps: Deps) -> dict[str, Check]:
    """Organizer by the ids in config (as they are now): what is known of a platform whose
    adapter is not running here (a Slack group or Discord role is then not seen: fail closed)."""

    async def on_slack(user_id: str) -> bool:
        return bool(slack.roles(deps.settings, user_id))

    async def on_discord(user_id: str) -> bool:
        return bool(discord.roles(deps.settings, user_id))

    async def on_console(user_id: str) -> bool:
        return bool(console.roles(deps.settings, user_id))

    return {SLACK.name: on_slack, DISCORD.name: on_discord, CONSOLE.name: on_console}
