"""Shared helpers for the benchmarks: percentiles, peak memory, a throw-away runtime."""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

Row = tuple[str, str, str]


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def temp_sqlite_url() -> str:
    path = Path(tempfile.mkdtemp(prefix="collab-bench-")) / "bench.db"
    return f"sqlite+aiosqlite:///{path}"


def goal(target: str, met: bool) -> str:
    """A row's target column that says whether this run met it."""
    return f"{target}: {'met' if met else 'NOT met'}"


def print_rows(title: str, rows: list[Row]) -> None:
    width = max([len(r[0]) for r in rows] + [6])
    print(f"\n{title}")
    print(f"{'metric'.ljust(width)}  {'value':>16}  target")
    for metric, value, target in rows:
        print(f"{metric.ljust(width)}  {value:>16}  {target}")


def median(samples: list[float]) -> float:
    return statistics.median(samples) if samples else float("nan")


async def fresh_bench_database(url: str) -> str:
    """A new, empty `<name>_bench` database next to the one `url` names; its URL."""
    import asyncpg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    bench = parsed.set(database=f"{parsed.database}_bench")
    admin = parsed.set(drivername="postgresql", database="postgres")
    connection = await asyncpg.connect(admin.render_as_string(hide_password=False))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{bench.database}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{bench.database}"')
    finally:
        await connection.close()
    return bench.render_as_string(hide_password=False)
