"""Import and export: round trips, updates in place, invalid rows by line, dry runs, the CLI."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from bot.features.resources.files import read_path, read_text, write_csv, write_json
from bot.features.resources.importer import export_rows, import_parsed
from bot.features.resources.records import normalize_url
from storage import resources as store
from tests.harness import TestBot
from tests.resources.helpers import DATA, het_rows, load_het, load_rows

ROOT = Path(__file__).resolve().parents[2]


async def _export(bot: TestBot, fmt: str) -> str:
    out = io.StringIO()
    await (write_csv if fmt == "csv" else write_json)(export_rows(bot.db), out)
    return out.getvalue()


async def _count(bot: TestBot) -> int:
    async with bot.db.read() as session:
        return await store.count(session)


async def test_het_import_then_export_round_trips_equal(bot: TestBot) -> None:
    report = await load_het(bot)
    assert report.invalid == [] and report.added == len(
        {normalize_url(r["url"]) for r in het_rows()}
    )
    for fmt in ("json", "csv"):
        first = await _export(bot, fmt)
        again = await import_parsed(bot.db, read_text(first, fmt), now=bot.clock.now())  # type: ignore[arg-type]
        assert (again.added, again.updated, again.invalid) == (0, 0, [])
        assert again.unchanged == report.added
        assert await _export(bot, fmt) == first
    exported = json.loads(await _export(bot, "json"))
    assert exported[0]["topics"] == ["Social and Political Determinants of Health"]


async def test_reimport_updates_in_place_by_normalized_url(bot: TestBot) -> None:
    rows = [{"title": "Housing and health", "url": "https://example.org/housing/", "type": "guide"}]
    await load_rows(bot, rows)
    changed = [
        {
            "title": "Housing and health, second edition",
            "url": "HTTPS://EXAMPLE.ORG/housing?utm_source=news#top",
            "type": "guide",
        }
    ]
    report = await load_rows(bot, changed)
    assert (report.added, report.updated) == (0, 1)
    assert await _count(bot) == 1
    async with bot.db.read() as session:
        row = await store.get_by_key(session, normalize_url("https://example.org/housing"))
    assert row is not None and row.title == "Housing and health, second edition"


CSV = """title,url,type,topics,colour,published
Good one,https://example.org/a,podcast,housing; rural health,blue,2024-05
No link,,report,,,
Bad type,https://example.org/c,hologram,,,
"Multi
line title",https://example.org/d,toolkit,,,2024
Bad date,https://example.org/e,report,,,2024-13
Not a link,ftp://example.org/f,report,,,
"""


async def test_invalid_rows_are_listed_by_line_and_valid_rows_imported(bot: TestBot) -> None:
    report = await import_parsed(bot.db, read_text(CSV, "csv"), now=bot.clock.now())
    lines = {line: reason for line, reason in report.invalid}
    assert sorted(lines) == [3, 4, 7, 8]
    assert "url" in lines[3] and "type" in lines[4] and "published" in lines[7]
    assert report.unknown_columns == ["colour"]
    assert report.added == 2
    async with bot.db.read() as session:
        topics = dict(await store.topic_counts(session))
    assert topics == {"housing": 1, "rural health": 1}


async def test_json_and_jsonl_report_the_line_each_row_starts_on(bot: TestBot) -> None:
    document = (
        '[\n  {"title": "A", "url": "https://a.example"},\n  {"title": "",\n   "url": "x"}\n]'
    )
    report = await import_parsed(bot.db, read_text(document, "json"), now=bot.clock.now())
    assert [line for line, _ in report.invalid] == [3]
    lines = '{"title": "B", "url": "https://b.example"}\nnot json\n[1]\n'
    report = await import_parsed(bot.db, read_text(lines, "jsonl"), now=bot.clock.now())
    assert [line for line, _ in report.invalid] == [2, 3] and report.added == 1


async def test_dry_run_writes_nothing(bot: TestBot) -> None:
    parsed = read_text(json.dumps(het_rows()), "json")
    report = await import_parsed(bot.db, parsed, now=bot.clock.now(), dry_run=True)
    assert report.added > 70 and report.dry_run
    assert await _count(bot) == 0
    async with bot.db.read() as session:
        assert await store.word_counts(session, ["health"]) == ({}, 0)


def _cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLLAB_BOT_DATABASE_URL": database_url}
    code = "from adapters.cli.main import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, "resources", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_cli_import_dry_run_and_export(
    bot: TestBot, database_url: str, tmp_path: Path
) -> None:
    source = tmp_path / "library.csv"
    source.write_text(CSV)
    dry = _cli(database_url, "import", str(source), "--dry-run")
    assert (
        dry.returncode == 1 and "Would import 2 rows" in dry.stdout and "line 4: type" in dry.stdout
    )
    assert await _count(bot) == 0
    done = _cli(database_url, "import", str(source))
    assert "Imported 2 rows: 2 new" in done.stdout and "colour" in done.stdout
    out = tmp_path / "out.json"
    exported = _cli(database_url, "export", "--format", "json", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert [r["title"] for r in json.loads(out.read_text())] == ["Good one", "Multi line title"]


async def test_the_raw_het_file_imports_through_the_tags_alias(bot: TestBot) -> None:
    parsed = read_path(DATA / "het_resources.json")
    report = await import_parsed(bot.db, parsed, now=bot.clock.now())
    assert report.invalid == [] and report.added > 70
    assert report.unknown_columns == ["source_path", "is_video"]
    async with bot.db.read() as session:
        assert ("HIV", 9) in await store.topic_counts(session)
