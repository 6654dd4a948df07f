"""Importing a large organizer file: `collab-bot resources import` on a generated CSV, as a
subprocess, with its wall time and peak memory (the import streams: memory must not grow
with the file).

    python benchmarks/import_file.py [--rows 100000] [--quick] [--pg-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if str(Path(__file__).resolve().parents[1]) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, Row, fresh_bench_database, print_rows

TYPES = ("report", "guide", "webinar", "podcast", "toolkit", "article")
TOPICS = ("housing", "mental health", "food access", "transport", "data", "policy")


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="cp1252", newline="") as handle:  # as Excel on Windows
        writer = csv.writer(handle)
        writer.writerow(["title", "url", "description", "type", "topics", "published"])
        for n in range(rows):
            writer.writerow(
                [
                    f"Résumé {n}: community health equity notes, part {n % 97}",
                    f"https://example.org/library/{n}?utm_source=newsletter",
                    "A longer description of what the resource covers and for whom. " * 3,
                    TYPES[n % len(TYPES)],
                    f"{TOPICS[n % 6]}; {TOPICS[(n + 1) % 6]}",
                    f"{2000 + n % 25}-{1 + n % 12:02d}",
                ]
            )


def run_import(path: Path, database_url: str) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak MB of the child, and the summary line of one
    import. CPU time is the fairer figure on a shared machine."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLLAB_BOT_DATABASE_URL": database_url}
    cli = [sys.executable, "-m", "adapters.cli.main"]
    subprocess.run([*cli, "db", "upgrade"], env=env, capture_output=True, check=True)
    command = [*cli, "resources", "import", str(path)]
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    took = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:] or result.stdout[-2000:])
    summary = next(line for line in result.stdout.splitlines() if line.startswith("Imported"))
    return took, cpu, max(peak, before) / 1024, summary


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="10,000 rows")
    parser.add_argument("--pg-url", default=os.environ.get("COLLAB_BOT_TEST_DATABASE_URL", ""))
    args = parser.parse_args(argv)
    rows_wanted = 10_000 if args.quick else args.rows
    work = Path(tempfile.mkdtemp(prefix="collab-import-"))
    path = work / "library.csv"
    write_csv(path, rows_wanted)
    size = path.stat().st_size / 1e6
    targets = [("SQLite", f"sqlite+aiosqlite:///{work / 'bench.db'}")]
    if args.pg_url:
        targets.append(("PostgreSQL", asyncio.run(fresh_bench_database(args.pg_url))))
    rows: list[Row] = []
    for name, url in targets:
        took, cpu, peak, summary = run_import(path, url)
        label = f"import {rows_wanted:,} rows ({size:.0f} MB cp1252 CSV), {name}"
        rows.append((f"{label}: time", f"{took:.1f} s", "< 60 s"))
        rows.append((f"{label}: CPU time of the import process", f"{cpu:.1f} s", ""))
        rows.append((f"{label}: peak memory", f"{peak:.0f} MB", "< 200 MB"))
        print(f"{name}: {summary}", file=sys.stderr)
    print_rows("Import of a large file", rows)
    return rows


if __name__ == "__main__":
    main()
