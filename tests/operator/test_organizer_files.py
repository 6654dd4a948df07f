"""Organizers' files as they really are: Excel's cp1252, a few unreadable rows, duplicates
that differ only by tracking parameters, impossible dates; and the filters search shares with
the import."""

from __future__ import annotations

from pathlib import Path

from bot.features.resources.importer import ImportReport, import_items
from bot.features.resources.records import TYPE_ALIASES, normalize_url
from bot.features.resources.stream import items, open_source
from storage import resources as store
from tests.harness import TestBot

HEADER = "title,url,type,published,topics"


async def _import(bot: TestBot, path: Path) -> ImportReport:
    source = open_source(path)
    report = ImportReport(note=source.note)
    await import_items(bot.db, items(source), report, now=bot.clock.now())
    return report


async def _titles(bot: TestBot) -> list[str]:
    async with bot.db.read() as session:
        return sorted([r.title async for r in store.iter_all(session)])


async def test_an_excel_cp1252_file_is_read_and_says_so(bot: TestBot, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    lines = [HEADER, "Plain row,https://example.org/1,report,2024,housing"]
    lines.append("Café and naïve résumé,https://example.org/2,guide,2023,équité")
    path.write_bytes("\r\n".join(lines).encode("cp1252") + b"\r\n")
    report = await _import(bot, path)
    assert report.invalid == [] and report.added == 2
    assert "cp1252" in report.note and "CSV UTF-8" in report.summary()
    assert "Café and naïve résumé" in await _titles(bot)


async def test_unreadable_rows_are_named_by_line(bot: TestBot, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    good = f"{HEADER}\nCafé one,https://example.org/1,,,\n".encode()
    path.write_bytes(
        good + b"Caf\xe9 \xff two,https://example.org/2,,,\nThree,https://example.org/3,,,\n"
    )
    report = await _import(bot, path)
    assert report.added == 2
    ((line, reason),) = report.invalid
    assert line == 3 and "cannot be read as utf-8" in reason
    assert report.note == ""


async def test_duplicates_in_one_file_keep_the_first(bot: TestBot, tmp_path: Path) -> None:
    path = tmp_path / "dupes.csv"
    path.write_text(
        f"{HEADER}\n"
        "Good title,https://example.org/page?utm_source=news&id=4,,,\n"
        "Worse title,https://example.org/page?id=4&fbclid=abc,,,\n"
        "Another,https://example.org/other,,,\n"
        "another,https://example.org/yet-another,,,\n"
    )
    report = await _import(bot, path)
    assert report.duplicates == [(3, "same link as line 2"), (5, "same title as line 4")]
    assert await _titles(bot) == ["Another", "Good title"]
    assert "2 duplicate row(s) skipped, the first kept" in report.summary()


def test_tracking_parameters_are_not_part_of_a_links_identity() -> None:
    plain = normalize_url("https://example.org/a?id=1")
    for tracked in ("utm_medium=x", "gclid=1", "mc_cid=2", "_hsenc=3", "pk_campaign=4"):
        assert normalize_url(f"https://example.org/a?id=1&{tracked}") == plain
    assert normalize_url("https://example.org/a?id=2") != plain


async def test_an_impossible_date_is_refused_with_its_line(bot: TestBot, tmp_path: Path) -> None:
    path = tmp_path / "dates.csv"
    path.write_text(
        f"{HEADER}\nLeap,https://example.org/1,,2024-02-29,\nNo,https://example.org/2,,2024-02-30,\n"
        "Bad month,https://example.org/3,,2023-13,\n"
    )
    report = await _import(bot, path)
    assert report.added == 1
    assert [line for line, _ in report.invalid] == [3, 4]
    assert "'2024-02-30' is not a real date" in report.invalid[0][1]


async def test_a_type_the_import_accepts_search_accepts(bot: TestBot, tmp_path: Path) -> None:
    path = tmp_path / "types.csv"
    path.write_text(f"{HEADER}\nHousing talk,https://example.org/w,webinar,,housing\n")
    assert (await _import(bot, path)).added == 1
    for word in TYPE_ALIASES:
        reply = await bot.command(f"/resources housing type:{word}")
        assert "must be one of" not in reply.text, word
    found = await bot.command("/resources housing type:webinar")
    assert [s.title for s in found.sections if s.title] == ["Housing talk"]


async def test_a_second_type_or_an_empty_filter_is_refused_clearly(bot: TestBot) -> None:
    twice = await bot.command("/resources housing type:podcast type:report")
    assert "One `type:` at a time" in twice.text
    same = await bot.command("/resources housing type:podcast type:Podcast")
    assert "at a time" not in same.text
    empty = await bot.command("/resources housing topic:")
    assert "`topic:` needs a value" in empty.text
    quoted = await bot.command('/resources topic:"" housing')
    assert "`topic:` needs a value" in quoted.text
