"""`collab-bot slack`: the Slack app manifest, generated from the commands the bot has."""

from __future__ import annotations

from pathlib import Path

import typer

from adapters.cli.common import ConfigOption, cli_app, settings_from
from adapters.slack.manifest import manifest_yaml, request_url_for
from bot.features import build_router

app = cli_app("Slack app tools: the app manifest to create or update the app.")


@app.command()
def manifest(
    config: Path | None = ConfigOption,
    http: bool = typer.Option(
        False, "--http", help="HTTP mode: events go to [http] public_url + /slack/events."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file."),
) -> None:
    """Print the app manifest (YAML) to paste into "Create New App -> From a manifest"."""
    settings = settings_from(config)
    url = None
    if http:
        if not settings.http.public_url:
            raise typer.BadParameter("--http needs [http] public_url in config.toml")
        url = request_url_for(settings.http.public_url)
    router = build_router()
    text = manifest_yaml(router.specs(), settings, url, list(router.message_commands.values()))
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
