"""The personal journey's three items on labelled goals:  python benchmarks/journey_match.py [-v]

For each goal in tests/data/journey_goals.toml (what a member might answer at a kick-off, in
a quarter of the starter journey), the three items the bot would offer (resources' ranked
search of the goal and the quarter's theme) are compared with the items judged relevant to
that goal. Prints precision at 3: the share of offered items that are relevant, over all
goals, on the starter library in a throw-away SQLite database.

`main(argv)` returns (metric, value, target) rows for benchmarks/run.py.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import Row, print_rows, temp_sqlite_url  # noqa: E402
from bot.deps import Deps  # noqa: E402
from bot.features.journey.content import load_content  # noqa: E402
from bot.features.resources import api as resources  # noqa: E402
from storage import resources as library  # noqa: E402

LABELS = ROOT / "tests" / "data" / "journey_goals.toml"
TARGET = 0.8


@dataclass(frozen=True)
class Scored:
    goal: str
    offered: list[str]
    relevant: int


def labelled() -> list[dict[str, Any]]:
    goals: list[dict[str, Any]] = tomllib.loads(LABELS.read_text(encoding="utf-8"))["goal"]
    return goals


def theme_of(quarter: str) -> str:
    """The words the bot adds to a goal in that quarter: the theme and its search."""
    content = load_content("")
    found = next(q for q in content.quarters if q.key == quarter)
    return f"{found.theme} {found.resource_search}"


async def score(deps: Deps) -> tuple[float, list[Scored]]:
    """Precision at 3 over every labelled goal, and each goal's offered titles."""
    async with deps.db.read() as session:
        titles = {hit.id: hit.title for hit in await library.latest(session, 10_000)}
    missing = {t for g in labelled() for t in g["relevant"]} - set(titles.values())
    if missing:
        raise ValueError(f"labelled titles not in the starter library: {sorted(missing)}")
    scored = []
    for goal in labelled():
        hits = await resources.picks(deps, goal["text"], theme_of(goal["quarter"]), exclude=set())
        offered = [titles[h.id] for h in hits]
        scored.append(Scored(goal["text"], offered, sum(t in goal["relevant"] for t in offered)))
    precision = sum(s.relevant for s in scored) / (3 * len(scored))
    return precision, scored


async def _run() -> tuple[float, list[Scored]]:
    from adapters.console.outbox import ConsoleOutbox
    from adapters.runtime import open_runtime
    from bot.clock import FakeClock, SystemClock
    from bot.features import parse_settings
    from bot.features.resources.starter import load

    runtime = await open_runtime(
        parse_settings({"bot": {"starter_pack": False}}),
        clock=FakeClock(SystemClock().now()),
        outboxes={"console": ConsoleOutbox(write=lambda _line: None)},
        database_url=temp_sqlite_url(),
        migrate_now=True,
    )
    try:
        await load(runtime.deps)
        return await score(runtime.deps)
    finally:
        await runtime.stop()


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="accepted for benchmarks/run.py")
    parser.add_argument("-v", "--verbose", action="store_true", help="each goal's three items")
    args = parser.parse_args(argv)
    precision, scored = asyncio.run(_run())
    if args.verbose:
        for s in scored:
            print(f"  {s.relevant}/3  {s.goal}")
            for title in s.offered:
                print(f"         {title}")
    rows: list[Row] = [
        (
            f"journey items precision at 3 ({len(scored)} labelled goals)",
            f"{precision:.2f}",
            f">= {TARGET}",
        )
    ]
    print_rows("Personal journey: matched items", rows)
    return rows


if __name__ == "__main__":
    main()
