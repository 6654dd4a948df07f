"""The interactive console through prompt_toolkit's own terminal output (a vt100 stream)."""

import io
from collections.abc import AsyncIterator

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from adapters.cli.console import _interactive
from adapters.console.outbox import ConsoleOutbox
from adapters.runtime import Runtime, open_runtime
from bot.clock import FakeClock
from bot.model import Actor
from tests.harness import START, settings_for_tests


@pytest.fixture
async def runtime(database_url: str) -> AsyncIterator[Runtime]:
    settings = settings_for_tests({"bot": {"starter_pack": True}})
    opened = await open_runtime(
        settings,
        clock=FakeClock(START),
        outboxes={"console": ConsoleOutbox(write=print)},
        database_url=database_url,
        migrate_now=False,
    )
    await opened.start(run_scheduler=False, starter_pack=True)
    yield opened
    await opened.stop()


async def test_highlighted_words_reach_the_terminal_as_bold_not_question_marks(
    runtime: Runtime,
) -> None:
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=40, columns=200), term="xterm")
    with create_pipe_input() as keys, create_app_session(input=keys, output=output):
        keys.send_text("/resources housing\r")
        keys.close()
        await _interactive(runtime, Actor("console", "ana", "ana"), InMemoryHistory())
    shown = screen.getvalue()
    assert "ousing" in shown  # the search answered
    assert "?[1m" not in shown and "?[0m" not in shown
    assert "\x1b[1mhousing\x1b[0m".lower() in shown.lower()
