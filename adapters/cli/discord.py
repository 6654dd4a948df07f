"""`collab-bot discord`: sync the slash commands, print the invite URL."""

from __future__ import annotations

import asyncio
import base64
import os
from pathlib import Path
from typing import Literal

import typer

from adapters.cli.common import ConfigOption, cli_app, fail, settings_from, setup_logging

app = cli_app("Discord tools: command sync and the invite URL.")


@app.command()
def sync(
    config: Path | None = ConfigOption,
    scope: str = typer.Option(
        "", "--scope", help='Override discord.command_sync: "guild" or "global".'
    ),
    clear: bool = typer.Option(
        False, "--clear", help="Remove every command at that scope instead (e.g. old globals)."
    ),
) -> None:
    """Push the slash commands to Discord now (DISCORD_TOKEN from the environment)."""
    from adapters.discord.client import sync_now
    from bot.features import build_router
    from bot.router import Router

    settings = settings_from(config)
    setup_logging(settings, quiet=True)
    token = os.environ.get("DISCORD_TOKEN", "")
    if not token:
        fail("DISCORD_TOKEN is not set in the environment.")
    if scope:
        if scope not in ("guild", "global"):
            fail('--scope must be "guild" or "global".')
        chosen: Literal["guild", "global"] = "guild" if scope == "guild" else "global"
        settings.discord.command_sync = chosen
    if settings.discord.command_sync == "guild" and not settings.discord.guild_ids:
        fail("discord.guild_ids is empty: list guild ids, or use --scope global.")
    count = asyncio.run(sync_now(settings, token, Router("none") if clear else build_router()))
    where = (
        "globally (may take up to an hour to show)"
        if settings.discord.command_sync == "global"
        else f"to {len(settings.discord.guild_ids)} guild(s)"
    )
    typer.echo(f"Synced {count} command(s) {where}.")


@app.command("invite-url")
def invite_url(
    application_id: int | None = typer.Argument(
        None,
        help="The application id (Developer Portal > General Information); "
        "by default read from DISCORD_TOKEN.",
    ),
    config: Path | None = ConfigOption,
) -> None:
    """Print the URL that adds the bot to a server with the permissions it needs."""
    from adapters.discord.client import invite_url as url_for

    settings = settings_from(config)
    chosen = application_id or application_id_from_token(os.environ.get("DISCORD_TOKEN", ""))
    if chosen is None:
        fail(
            "Which application? Pass its id (Developer Portal > General Information > "
            "Application ID): `collab-bot discord invite-url 123456789012345678`, "
            "or set DISCORD_TOKEN and it is read from the token."
        )
    typer.echo(url_for(chosen, settings))


def application_id_from_token(token: str) -> int | None:
    """A bot token starts with its user id in base64; a bot user's id is its application's."""
    head = token.split(".", 1)[0]
    try:
        decoded = base64.b64decode(head + "=" * (-len(head) % 4), validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return int(decoded) if decoded.isdigit() else None
