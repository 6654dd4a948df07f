"""`collab-bot run`: every enabled platform adapter and the scheduler in one process."""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path

import typer

from adapters.cli.common import fail, settings_from, setup_logging
from adapters.platforms import PlatformAdapter, enabled_adapters
from adapters.runtime import SchemaOutOfDate, open_runtime
from bot.clock import SystemClock
from bot.config import Secrets, Settings

log = logging.getLogger(__name__)


def run(
    config: Path | None = typer.Option(None, "--config", "-c", help="Path to config.toml."),
) -> None:
    """Start the bot: Slack and/or Discord as enabled in config, plus the scheduler."""
    settings = settings_from(config)
    setup_logging(settings)
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


async def serve(settings: Settings, adapters: list[PlatformAdapter]) -> None:
    runtime = await open_runtime(
        settings, clock=SystemClock(), outboxes={a.name: a.outbox for a in adapters}
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await runtime.start(run_scheduler=True)
        for adapter in adapters:
            await adapter.start(runtime)
            log.info("%s adapter started", adapter.name)
        await stop.wait()
        log.info("stopping")
    finally:
        for adapter in reversed(adapters):
            await adapter.stop()
        await runtime.stop()
