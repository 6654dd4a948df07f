"""Import and export of the library: validated rows in, in batches; every row out.

Each batch is one transaction, so a row is written whole or not at all; a row that fails
validation is listed with its line and reason and the rest still go in.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.features.resources.files import Parsed, Row
from bot.features.resources.records import RowError, to_data, to_row
from storage import resources as store
from storage.engine import Database
from storage.resources import ResourceData

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

    @property
    def valid(self) -> int:
        return self.added + self.updated + self.unchanged

    def summary(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        lines = [
            f"{verb} {self.valid} rows: {self.added} new, {self.updated} updated, "
            f"{self.unchanged} unchanged; {len(self.invalid)} invalid."
        ]
        if self.unknown_columns:
            lines.append(f"Unknown columns (ignored): {', '.join(self.unknown_columns)}")
        lines += [f"line {line}: {reason}" for line, reason in self.invalid]
        return "\n".join(lines)


def validate(parsed: Parsed) -> tuple[list[ResourceData], list[tuple[int, str]]]:
    """The rows that can be stored, and (line, reason) for those that cannot."""
    good: list[ResourceData] = []
    bad = list(parsed.errors)
    for line, row in parsed.rows:
        try:
            good.append(to_data(row))
        except RowError as error:
            bad.append((line, str(error)))
    bad.sort()
    return good, bad


async def import_parsed(
    db: Database,
    parsed: Parsed,
    *,
    now: datetime,
    dry_run: bool = False,
    added_by: str = "import",
    progress: Progress | None = None,
) -> ImportReport:
    rows, invalid = validate(parsed)
    report = ImportReport(invalid=invalid, unknown_columns=parsed.unknown_columns, dry_run=dry_run)
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        if dry_run:
            async with db.read() as session:
                counts = await store.classify(session, batch)
        else:
            async with db.session() as session:
                counts = await store.upsert_many(session, batch, now=now, added_by=added_by)
        report.added += counts.added
        report.updated += counts.updated
        report.unchanged += counts.unchanged
        if progress is not None:
            progress(start + len(batch), len(rows))
    return report


async def export_rows(db: Database) -> AsyncGenerator[Row, None]:
    async with db.read() as session:
        async for resource in store.iter_all(session):
            yield to_row(store.as_data(resource))
