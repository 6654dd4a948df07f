"""`collab-bot console`: talk to the bot in a terminal, or drive it from a script."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from adapters.cli.common import fail, settings_from, setup_logging
from adapters.console.clock import clock_router
from adapters.console.outbox import ConsoleOutbox
from adapters.console.platform import roles as console_roles
from adapters.console.render import BOLD
from adapters.console.session import ConsoleSession
from adapters.runtime import Runtime, SchemaOutOfDate, open_runtime, settle
from bot.clock import Clock, FakeClock, SystemClock
from bot.config import Settings
from bot.model import Actor

if TYPE_CHECKING:
    from prompt_toolkit.history import History

HISTORY = Path.home() / ".collab_bot_history"
WELCOME = (
    "collab-bot console. Type /help to begin, a number to press a button, /as amy to type as "
    "someone else (/as olga organizer), /quit to leave."
)


def parse_clock(value: str | None) -> Clock:
    if value is None:
        return SystemClock()
    try:
        start = datetime.fromisoformat(value)
    except ValueError:
        fail(f"--clock {value!r}: use an ISO time with an offset, e.g. 2026-01-05T09:00-06:00")
    if start.tzinfo is None:
        fail("--clock needs a UTC offset, e.g. 2026-01-05T09:00-06:00")
    return FakeClock(start)


def console(
    config: Path | None = typer.Option(None, "--config", "-c", help="Path to config.toml."),
    user: str = typer.Option("you", "--user", "-u", help="Your name in this session."),
    organizer: bool = typer.Option(False, "--organizer", help="Act as an organizer."),
    as_json: bool = typer.Option(False, "--json", help="Print each reply as one JSON line."),
    clock: str | None = typer.Option(None, "--clock", help="Start a demo clock at this time."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show info logs on stderr."),
) -> None:
    """Chat with the bot in this terminal (SQLite and starter content by default)."""
    settings = settings_from(config)
    setup_logging(settings, quiet=not verbose)
    try:
        asyncio.run(_main(settings, user, organizer, as_json, parse_clock(clock)))
    except SchemaOutOfDate as error:
        fail(str(error))
    except KeyboardInterrupt:
        pass


async def _main(
    settings: Settings, user: str, organizer: bool, as_json: bool, clock: Clock
) -> None:
    holder: list[Runtime] = []
    # A demo clock jumps: each post then says when it went out.
    shown_clock = clock if isinstance(clock, FakeClock) else None
    outbox = ConsoleOutbox(write=_print, as_json=as_json, clock=shown_clock, zone=settings.bot.zone)
    runtime = await open_runtime(
        settings,
        clock=clock,
        outboxes={"console": outbox},
        extra_routers=[clock_router(lambda: holder[0])],
    )
    holder.append(runtime)
    roles = console_roles(settings, user)
    if organizer:
        roles = roles | {"organizer"}
    actor = Actor("console", user, user, frozenset(roles))
    interactive = sys.stdin.isatty() and not as_json
    live = interactive and not isinstance(clock, FakeClock)
    await runtime.start(run_scheduler=live, starter_pack=True)
    settle()
    try:
        if interactive:
            await _interactive(runtime, actor, outbox=outbox)
        else:
            await _piped(runtime, actor, as_json, outbox)
    finally:
        await runtime.stop()


def _print(text: str) -> None:
    print(text, flush=True)


async def _piped(runtime: Runtime, actor: Actor, as_json: bool, outbox: ConsoleOutbox) -> None:
    """One command per line from stdin; due posts are delivered after each line."""
    lines = iter(sys.stdin.readline, "")

    async def ask(prompt: str) -> str | None:
        print(prompt, file=sys.stderr, flush=True)
        line = next(lines, None)
        return None if line is None else line.rstrip("\n")

    session = ConsoleSession(runtime, actor, write=_print, ask=ask, as_json=as_json, outbox=outbox)
    for line in lines:
        if not await session.handle_line(line):
            break
        await runtime.scheduler.tick()


async def _interactive(
    runtime: Runtime,
    actor: Actor,
    history: History | None = None,
    outbox: ConsoleOutbox | None = None,
) -> None:
    """A prompt that keeps its line while posts print above it (in the current app session's
    terminal: the real one, or a test's)."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory
    from prompt_toolkit.patch_stdout import patch_stdout

    history = history or FileHistory(str(HISTORY))
    prompt: PromptSession[str] = PromptSession(history=history)

    async def ask(label: str) -> str | None:
        try:
            return await prompt.prompt_async(label)
        except (EOFError, KeyboardInterrupt):
            return None

    session = ConsoleSession(runtime, actor, write=_print, ask=ask, strong=BOLD, outbox=outbox)
    print(WELCOME)
    # raw: our bold is an escape sequence; without it the proxy prints `?[1m` around words.
    with patch_stdout(raw=True):
        while True:
            try:
                line = await prompt.prompt_async(f"{session.actor.display_name}> ")
            except KeyboardInterrupt:
                continue
            except EOFError:
                break
            if not await session.handle_line(line):
                break
