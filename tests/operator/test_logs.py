"""Logs worth reading: at INFO one line per thing that happened (no scheduler ticks), a
periodic summary, ticks still there at DEBUG; SIGTERM in Socket Mode stops in a second or
two with nothing lost."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters import logs
from adapters.cli.run import serve
from adapters.slack.adapter import SlackAdapter
from bot.config import Secrets
from bot.features.ops.activity import SUMMARY_SECONDS
from tests.harness import TestBot, settings_for_tests
from tests.slack.fake_slack import FakeSlack

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, logging.getLogger("apscheduler").level)
    yield io.StringIO()
    root.handlers[:], root.level = saved[0], saved[1]
    logging.getLogger("apscheduler").setLevel(saved[2])


async def _run_for(seconds: float, database_url: str) -> None:
    fake = await FakeSlack().start()
    settings = settings_for_tests(
        {
            "slack": {"enabled": True, "mode": "http", "api_url": fake.api_url},
            "http": {"enabled": True, "port": 0},
            "scheduler": {"poll_seconds": 0.05},
        }
    )
    secrets = Secrets(slack_bot_token="xoxb-logs-test", slack_signing_secret="logs-secret-1")
    stop = asyncio.Event()
    task = asyncio.create_task(
        serve(settings, [SlackAdapter(settings, secrets)], stop, database_url=database_url)
    )
    await asyncio.sleep(seconds)
    stop.set()
    await task
    await fake.stop()


async def test_info_has_no_scheduler_ticks(database_url: str, captured: io.StringIO) -> None:
    logs.configure(logging.INFO, json_lines=False, secrets=[], stream=captured)
    await _run_for(2.0, database_url)  # about 40 delivery polls
    lines = captured.getvalue().splitlines()
    assert not [line for line in lines if " INFO apscheduler" in line]
    assert len(lines) <= 8, lines
    running = [line for line in lines if "collab-bot running:" in line]
    assert len(running) == 1 and "Slack (http mode)" in running[0] and "HTTP on" in running[0]
    assert any("collab-bot stopped" in line for line in lines)


async def test_ticks_are_still_there_at_debug(database_url: str, captured: io.StringIO) -> None:
    logs.configure(logging.DEBUG, json_lines=True, secrets=[], stream=captured)
    await _run_for(1.0, database_url)
    ticks = [line for line in captured.getvalue().splitlines() if '"apscheduler' in line]
    assert len(ticks) >= 10


async def test_a_summary_every_period(database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    bot = await TestBot.open(database_url)
    try:
        with caplog.at_level(logging.INFO, logger="bot.activity"):
            await bot.runtime.scheduler.run_once()
            await bot.command("/help")
            await bot.command("/events")
            await bot.advance(f"{SUMMARY_SECONDS // 60 - 1}m")
            assert _summaries(caplog) == []
            await bot.advance("2m")
            await bot.advance("5m")
    finally:
        await bot.close()
    assert _summaries(caplog) == ["last 15 min: 0 posts sent, 0 posts failed, 2 commands handled"]


def _summaries(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot.activity"]


async def test_sigterm_in_socket_mode_stops_quickly_and_loses_nothing(tmp_path: Path) -> None:
    fake = await FakeSlack(silent_close=True).start()
    config = tmp_path / "config.toml"
    config.write_text(
        f'[bot]\nstarter_pack = false\n[database]\npath = "{tmp_path / "bot.db"}"\n'
        f'[slack]\nenabled = true\napi_url = "{fake.api_url}"\n'
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.update(SLACK_BOT_TOKEN="xoxb-sigterm-1", SLACK_APP_TOKEN="xapp-sigterm-1")
    env.pop("COLLAB_BOT_DATABASE_URL", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli.main", "run", "--config", str(config),
        env=env, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    seen: list[str] = []
    try:
        while not any("collab-bot running" in line for line in seen):
            line = await asyncio.wait_for(process.stderr.readline(), 60)
            assert line, "".join(seen)
            seen.append(line.decode())
        payload = {
            "command": "/help",
            "text": "",
            "user_id": "U1",
            "user_name": "u1",
            "channel_id": "C1",
            "team_id": "T1",
            "trigger_id": "t",
            "response_url": fake.response_url("before-stop"),
        }
        await fake.send_envelope(
            {"envelope_id": "e1", "type": "slash_commands", "payload": payload}
        )
        await fake.wait_for(lambda: [a for a in fake.acks if a.get("envelope_id") == "e1"])
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        rest = b""
        while b"collab-bot stopped" not in rest:
            line = await asyncio.wait_for(process.stderr.readline(), 30)
            assert line, rest
            rest += line
        stopped = time.monotonic() - started
        rest += await asyncio.wait_for(process.stderr.read(), 30)
        await process.wait()
        exited = time.monotonic() - started
    finally:
        if process.returncode is None:
            process.kill()
        await fake.stop()
    output = "".join(seen) + rest.decode()
    # Stopped within 2 s; the interpreter's own exit adds a little (more on a loaded machine).
    assert stopped < 2.0, (stopped, output)
    assert exited < 6.0 and process.returncode == 0, (exited, output)
    assert "Traceback" not in output and "collab-bot stopped" in output
    assert [r["id"] for r in fake.responses] == ["before-stop"]
