"""`collab-bot journey export --format csv`: every kept reply, safe to open in a spreadsheet."""

from __future__ import annotations

import asyncio
import csv
import os
import sys
from pathlib import Path

from typer.testing import CliRunner

from adapters.cli.journey import safe_cell
from adapters.cli.main import app
from tests.harness import TestBot
from tests.journey.support import journey_settings, local, thread_of

ROOT = Path(__file__).resolve().parents[2]


async def cli(database_url: str, *args: str) -> tuple[int, str, str]:
    env = {**os.environ, "COLLAB_BOT_DATABASE_URL": database_url}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.cli",
        "journey",
        "export",
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    return process.returncode or 0, out.decode(), err.decode()


async def test_export_writes_every_kept_reply_as_csv(database_url: str, tmp_path: Path) -> None:
    bot = await TestBot.open(
        database_url, settings=journey_settings(), start=local("2026-03-31 09:00")
    )
    try:
        await bot.advance("1d 2h")
        thread = await thread_of(bot, "2026-Q2", "kickoff", "slack")
        await bot.say(
            'Plain, with "quotes"\nand a newline',
            user="bo",
            platform="slack",
            channel="C-JOURNEY",
            thread=thread,
            message_id="1",
        )
        await bot.say(
            '=HYPERLINK("http://x")',
            user="cy",
            platform="slack",
            channel="C-JOURNEY",
            thread=thread,
            message_id="2",
        )
    finally:
        await bot.close()

    out = tmp_path / "replies.csv"
    code, _, err = await cli(database_url, "--format", "csv", "--out", str(out))
    assert code == 0, err
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [(r["quarter"], r["prompt"], r["author"]) for r in rows] == [
        ("2026-Q2", "kickoff", "slack:bo"),
        ("2026-Q2", "kickoff", "slack:cy"),
    ]
    assert rows[0]["text"] == 'Plain, with "quotes"\nand a newline'
    assert rows[1]["text"].startswith("'=")


def test_only_csv_is_offered_and_formulas_are_defused() -> None:
    result = CliRunner().invoke(app, ["journey", "export", "--format", "xlsx"])
    assert result.exit_code != 0 and "use --format csv" in result.output
    assert [safe_cell(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "ok", "")] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "ok",
        "",
    ]
