"""`collab-bot doctor`: check the deployment this config and environment describe."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer

from adapters.cli.common import ConfigOption
from adapters.doctor import discord, local, slack
from adapters.doctor.report import Check, failed, passed, render
from bot.config import ConfigError, Secrets, Settings
from bot.features import load_settings


def doctor(config: Path | None = ConfigOption) -> None:
    """Check tokens, scopes, channels, permissions, database and public URL; exit 0 only
    when every check passes."""
    checks, settings = _config(config)
    if settings is not None:
        checks += asyncio.run(gather(settings, Secrets.from_env()))
    render(checks, typer.echo)
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


def _config(path: Path | None) -> tuple[list[Check], Settings | None]:
    shown = str(path or "config.toml")
    if path is None and not Path("config.toml").exists():
        shown = "no config.toml, the defaults"
    try:
        settings = load_settings(path)
    except ConfigError as error:
        return [failed("Config", str(error), "edit the file (config.example.toml explains)")], None
    return [passed("Config loaded; zones and crontab lines valid", shown)], settings


async def gather(settings: Settings, secrets: Secrets) -> list[Check]:
    checks = await local.database(settings)
    checks += local.secrets(secrets)
    if settings.slack.enabled:
        checks += await slack.checks(settings, secrets)
    if settings.discord.enabled:
        checks += await discord.checks(settings, secrets.discord_token)
    if not (settings.slack.enabled or settings.discord.enabled):
        checks.append(
            failed(
                "A platform is enabled",
                "neither [slack] nor [discord] is enabled",
                "set [slack] enabled = true and/or [discord] enabled = true",
            )
        )
    checks += await local.public_url(settings)
    return checks
