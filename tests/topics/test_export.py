"""`collab-bot topics export --format csv`: for planning meetings, safe in a spreadsheet."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from adapters.cli.main import app
from bot.features.topics.export import cell
from tests.harness import TestBot
from tests.topics.helpers import decide, suggest


def export(database_url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app,
        ["topics", "export", *args],
        env={"COLLAB_BOT_DATABASE_URL": database_url},
    )
    return result.exit_code, result.stdout, result.stderr


async def test_export_lists_every_suggestion_with_votes(database_url: str, tmp_path: Path) -> None:
    bot = await TestBot.open(database_url)
    try:
        a = await suggest(bot, 'Rural broadband and telehealth | fields, farms, "fiber"', "ana")
        b = await suggest(bot, '=HYPERLINK("http://evil") anonymous:yes', "bo")
        await bot.press_action(
            __import__("bot.actions").actions.Action("topics.vote", (str(a),)), "cy"
        )
        await decide(bot, f"/topics decline {b} Not a topic", "org")
    finally:
        await bot.close()
    out = tmp_path / "topics.csv"
    code, _, err = await asyncio.to_thread(
        export, database_url, "--format", "csv", "--out", str(out)
    )
    assert code == 0 and "Wrote 2 suggestions" in err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == [str(a), str(b)]
    assert rows[0]["votes"] == "1" and rows[0]["details"] == 'fields, farms, "fiber"'
    assert rows[1]["title"].startswith("'=HYPERLINK")
    assert rows[1]["anonymous"] == "yes" and rows[1]["suggested_by"] == "Bo"
    assert rows[1]["status"] == "declined" and rows[1]["reason"] == "Not a topic"


async def test_export_to_stdout_and_unknown_format(database_url: str) -> None:
    code, stdout, _ = await asyncio.to_thread(export, database_url)
    assert code == 0 and stdout.startswith("id,title,details,status,votes")
    code, _, err = await asyncio.to_thread(export, database_url, "--format", "xlsx")
    assert code == 2 and "only one is csv" in err


def test_cells_that_would_be_formulas_are_quoted() -> None:
    assert cell("=1+1") == "'=1+1" and cell("-2") == "'-2" and cell("@SUM") == "'@SUM"
    assert cell("Rural health") == "Rural health" and cell(3) == "3"
