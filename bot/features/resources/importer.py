"""Import and export of the library: validated rows in, in batches; every row out.

Each batch is one transaction, so a row is written whole or not at all; a row that fails
validation is listed with its line and reason and the rest still go in.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from bot.features.resources.files import Parsed, Row
from bot.features.resources.records import RowError, to_data, to_row
from storage import resources as store
from storage.engine import Database
from storage.resources import ResourceData
from storage.resources.upkeep import after_bulk_import

BATCH = 1000
Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: list[tuple[int, str]] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    dry_run: bool = False
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    note: str = ""

    @property
    def valid(self) -> int:
        return self.added + self.updated + self.unchanged

    def summary(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        lines = [self.note] if self.note else []
        lines += [
            f"{verb} {self.valid} rows: {self.added} new, {self.updated} updated, "
            f"{self.unchanged} unchanged; {len(self.invalid)} invalid."
        ]
        if self.unknown_columns:
            lines.append(f"Unknown columns (ignored): {', '.join(self.unknown_columns)}")
        lines += [f"line {line}: {reason}" for line, reason in self.invalid]
        if self.duplicates:
            lines.append(f"{len(self.duplicates)} duplicate row(s) skipped, the first kept:")
            lines += [f"line {line}: {reason}" for line, reason in self.duplicates]
        return "\n".join(lines)


async def import_parsed(
    db: Database,
    parsed: Parsed,
    *,
    now: datetime,
    dry_run: bool = False,
    added_by: str = "import",
    progress: Progress | None = None,
) -> ImportReport:
    merged: list[tuple[int, Row | str]] = [*parsed.rows, *parsed.errors]
    merged.sort(key=lambda item: item[0])
    total = len(parsed.rows)
    done = [0]

    def step() -> None:
        done[0] = min(done[0] + BATCH, total)
        if progress is not None:
            progress(done[0], total)

    report = ImportReport(unknown_columns=parsed.unknown_columns, dry_run=dry_run)
    return await import_items(
        db, iter(merged), report, now=now, added_by=added_by, after_batch=step
    )


async def import_items(
    db: Database,
    items: Iterator[tuple[int, Row | str]],
    report: ImportReport,
    *,
    now: datetime,
    added_by: str = "import",
    after_batch: Callable[[], None] | None = None,
) -> ImportReport:
    """Validate and store rows as they come, BATCH at a time (memory stays bounded). A row
    with the same link (tracking parameters aside) or title as an earlier one is skipped."""
    seen = Seen()
    batch: list[ResourceData] = []
    for line, item in items:
        if isinstance(item, str):
            report.invalid.append((line, item))
            continue
        try:
            data = to_data(item)
        except RowError as error:
            report.invalid.append((line, str(error)))
            continue
        duplicate = seen.check(line, data)
        if duplicate:
            report.duplicates.append((line, duplicate))
            continue
        batch.append(data)
        if len(batch) >= BATCH:
            await _store(db, batch, report, now=now, added_by=added_by)
            batch = []
            if after_batch is not None:
                after_batch()
    if batch:
        await _store(db, batch, report, now=now, added_by=added_by)
    if after_batch is not None:
        after_batch()
    if not report.dry_run:
        await after_bulk_import(db, report.added + report.updated)
    return report


class Seen:
    """Links and titles met so far in one file, with the line each was first on."""

    def __init__(self) -> None:
        self.urls: dict[str, int] = {}
        self.titles: dict[str, int] = {}

    def check(self, line: int, data: ResourceData) -> str:
        title = data.title.casefold()
        if data.url_key in self.urls:
            return f"same link as line {self.urls[data.url_key]}"
        if title in self.titles:
            return f"same title as line {self.titles[title]}"
        self.urls[data.url_key] = line
        self.titles[title] = line
        return ""


async def _store(
    db: Database, batch: list[ResourceData], report: ImportReport, *, now: datetime, added_by: str
) -> None:
    if report.dry_run:
        async with db.read() as session:
            counts = await store.classify(session, batch)
    else:
        async with db.session() as session:
            counts = await store.upsert_many(session, batch, now=now, added_by=added_by)
    report.added += counts.added
    report.updated += counts.updated
    report.unchanged += counts.unchanged


async def export_rows(db: Database) -> AsyncGenerator[Row, None]:
    async with db.read() as session:
        async for resource in store.iter_all(session):
            yield to_row(store.as_data(resource))
