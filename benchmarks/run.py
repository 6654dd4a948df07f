"""Every benchmark, one table:  python benchmarks/run.py [--quick]

Each benchmark module exposes main(argv) -> [(metric, value, target)] and prints its own
section; this script runs them in turn and prints them all together at the end.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import Row, peak_rss_mb, print_rows

BENCHMARKS = (
    "search",
    "duplicates",
    "journey_match",
    "core",
    "reminders",
    "burst",
    "import_file",
    "crowd",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller, faster runs")
    parser.add_argument("--only", nargs="*", default=None, help="names of benchmarks to run")
    args = parser.parse_args()
    rows: list[Row] = []
    for name in args.only or BENCHMARKS:
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError:
            continue
        try:
            rows += module.main(["--quick"] if args.quick else [])
        except Exception:
            traceback.print_exc()
            rows.append((f"{name}: failed", "see above", ""))
    rows.append(("peak memory of the benchmark process", f"{peak_rss_mb():.0f} MB", "< 200 MB"))
    print_rows("All benchmarks", rows)


if __name__ == "__main__":
    main()
