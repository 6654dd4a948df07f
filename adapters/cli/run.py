"""`collab-bot run`: every enabled platform adapter, the scheduler and the optional HTTP
server (health, calendar feed, Slack's HTTP mode) in one process."""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path

import typer

from adapters import secret_checks
from adapters.cli.common import fail, settings_from, setup_logging
from adapters.http.calendar import setup_calendar
from adapters.http.insights import setup_insights
from adapters.http.server import HttpServer, RouteSetup
from adapters.platforms import PlatformAdapter, enabled_adapters
from adapters.runtime import Runtime, SchemaOutOfDate, open_runtime, settle
from bot.clock import SystemClock
from bot.config import Secrets, Settings

log = logging.getLogger(__name__)


def run(
    config: Path | None = typer.Option(None, "--config", "-c", help="Path to config.toml."),
) -> None:
    """Start the bot: Slack and/or Discord as enabled in config, plus the scheduler."""
    settings = settings_from(config)
    setup_logging(settings)
    unusable = secret_checks.problems(Secrets.from_env())
    if unusable:
        fail("Cannot start:\n" + "\n".join(unusable))
    try:
        adapters = enabled_adapters(settings, Secrets.from_env())
    except ValueError as error:
        fail(str(error))
    if not adapters:
        fail(
            "No platform is enabled. Set [slack] enabled = true and/or [discord] enabled = true "
            "in config.toml, or try `collab-bot console`."
        )
    try:
        asyncio.run(serve(settings, adapters))
    except SchemaOutOfDate as error:
        fail(str(error))


def http_routes(runtime: Runtime, adapters: list[PlatformAdapter]) -> list[RouteSetup]:
    """The calendar feed, plus Slack's /slack/events when Slack runs in HTTP mode."""
    setups: list[RouteSetup] = [setup_calendar, setup_insights]
    for adapter in adapters:
        if adapter.name == "slack" and runtime.settings.slack.mode == "http":
            from adapters.slack.adapter import SlackAdapter

            assert isinstance(adapter, SlackAdapter)
            adapter.serve_http = False  # it shares this server instead of starting its own
            setups.append(adapter.route_setup(runtime))
    return setups


async def serve(
    settings: Settings,
    adapters: list[PlatformAdapter],
    stop: asyncio.Event | None = None,
    database_url: str | None = None,
) -> None:
    """Run until `stop` is set (by SIGINT/SIGTERM when not given)."""
    runtime = await open_runtime(
        settings,
        clock=SystemClock(),
        outboxes={a.name: a.outbox for a in adapters},
        database_url=database_url,
    )
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
    server: HttpServer | None = None
    try:
        await runtime.start(run_scheduler=True)
        if settings.http.enabled:
            probes = {a.name: a.connected for a in adapters}
            server = HttpServer(runtime, http_routes(runtime, adapters), probes)
            runtime.deps.status.http_port = await server.start(
                settings.http.host, settings.http.port
            )
        for adapter in adapters:
            await adapter.start(runtime)
        settle()
        log.info("collab-bot running: %s", serving(settings, runtime, adapters))
        await stop.wait()
        log.info("collab-bot stopping")
    finally:
        # Let the posts under way finish while the adapters can still send them.
        await runtime.scheduler.stop()
        for adapter in reversed(adapters):
            await adapter.stop()
        if server is not None:
            await server.stop()
        await runtime.stop()
        log.info("collab-bot stopped")


def serving(settings: Settings, runtime: Runtime, adapters: list[PlatformAdapter]) -> str:
    """What this process serves, in one line for the log."""
    parts = []
    for adapter in adapters:
        if adapter.name == "slack":
            parts.append(f"Slack ({settings.slack.mode} mode)")
        elif adapter.name == "discord":
            parts.append(f"Discord ({len(settings.discord.guild_ids)} guild(s))")
        else:
            parts.append(adapter.name)
    port = runtime.deps.status.http_port
    if port is not None:
        parts.append(f"HTTP on {settings.http.host}:{port} (/healthz, /calendar.ics)")
    parts.append(f"{runtime.db.dialect} database")
    parts.append(f"deliveries every {settings.scheduler.poll_seconds:g}s")
    return ", ".join(parts)
