"""Search speed: a synthetic library at 1,500 and 100,000 rows, 200 mixed queries; and
search quality: success@5 of the hand-labelled Spanish search set (benchmarks/relevance.py).

Prints p50/p99 of the store query alone (`storage.resources.search` in its own read
session) and of `/resources` end to end (App.handle to a console-rendered reply), their
ratio, the 100,000-row import time and the peak memory of a process that only searches.
SQLite always; PostgreSQL too when COLLAB_BOT_TEST_DATABASE_URL or --pg-url names one
(its public schema is dropped and recreated: give it a scratch database).

    python benchmarks/search.py [--quick] [--pg-url URL]

`main(argv)` returns (metric, value, target) rows for benchmarks/run.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from adapters.console.outbox import ConsoleOutbox  # noqa: E402
from adapters.console.render import render  # noqa: E402
from adapters.runtime import open_runtime, settle  # noqa: E402
from benchmarks.common import fresh_bench_database  # noqa: E402
from benchmarks.relevance import load_library, load_set, success_at_top  # noqa: E402
from bot.clock import FakeClock, SystemClock  # noqa: E402
from bot.features import parse_settings  # noqa: E402
from bot.features.resources.files import Parsed  # noqa: E402
from bot.features.resources.importer import import_parsed  # noqa: E402
from bot.features.resources.query import Outcome, find  # noqa: E402
from bot.features.resources.render import SearchState  # noqa: E402
from bot.model import Actor, Command, Place  # noqa: E402
from bot.params import parse  # noqa: E402
from storage import migrate  # noqa: E402
from storage import resources as store  # noqa: E402
from storage.engine import Database  # noqa: E402

Row = tuple[str, str, str]
TOPICS = (
    "housing",
    "rural health",
    "maternal health",
    "mental health",
    "food security",
    "political engagement",
    "anti-racism",
    "community engagement",
    "philanthropy",
    "data",
    "disability",
    "immigrant health",
    "LGBTQ+ health",
    "COVID-19",
    "HIV",
    "transportation",
    "education",
    "environmental justice",
    "health policy",
    "workforce",
    "Medicaid",
    "tribal health",
    "youth",
    "aging",
    "oral health",
    "violence prevention",
    "broadband",
    "reproductive justice",
    "coalitions",
    "measurement",
)
GROUPS = (
    "rural",
    "urban",
    "Black",
    "Latino",
    "immigrant",
    "tribal",
    "youth",
    "older adult",
    "LGBTQ+",
    "disabled",
    "low-income",
    "veteran",
    "maternal",
    "community",
    "Asian American",
    "Pacific Islander",
    "farmworker",
    "refugee",
    "uninsured",
    "unhoused",
)
ISSUES = (
    "housing stability",
    "food access",
    "mental health care",
    "broadband access",
    "voter participation",
    "transit access",
    "school meals",
    "clinic access",
    "air quality",
    "heat resilience",
    "gun violence",
    "HIV prevention",
    "vaccine confidence",
    "oral health",
    "workforce diversity",
    "Medicaid enrollment",
    "data equity",
    "language access",
    "doula care",
    "naloxone distribution",
    "paid leave",
    "eviction prevention",
    "lead exposure",
    "water quality",
    "reentry support",
    "disaster recovery",
    "telehealth",
    "insurance coverage",
    "prescription costs",
    "health literacy",
    "community health workers",
    "green space",
    "childcare",
    "early childhood",
    "homelessness",
    "police violence",
    "cancer screening",
    "diabetes prevention",
    "substance use treatment",
    "suicide prevention",
)
FORMS = (
    "A practical guide to {s}",
    "{s}: lessons from {p}",
    "What works for {s}",
    "Measuring {s} in {p}",
    "Building coalitions around {s}",
    "Why {s} matters",
    "A toolkit on {s} for {a}",
    "{s} and health equity",
    "Rethinking {s}",
    "Case study: {s} in {p}",
    "Podcast: talking {s} with {a}",
    "Webinar: {s} after the pandemic",
    "State policy options for {s}",
    "Funding {s}: a brief for {a}",
    "{s} by the numbers",
    "Listening sessions on {s} in {p}",
    "Evaluating {s} programs",
    "Ten questions about {s}",
    "Community voices on {s}",
    "Data brief: {s} in {p}",
)
PLACES = (
    "Appalachia",
    "the Rio Grande Valley",
    "Chicago",
    "rural Minnesota",
    "the Mississippi Delta",
    "the Navajo Nation",
    "Los Angeles",
    "Detroit",
    "Puerto Rico",
    "the Bronx",
    "Alaska",
    "the Central Valley",
    "New Orleans",
    "Baltimore",
    "the Texas border",
    "Atlanta",
    "Milwaukee",
    "the Pine Ridge Reservation",
    "Oakland",
    "eastern Kentucky",
    "Houston",
    "Philadelphia",
    "the Twin Cities",
    "Fresno",
    "Memphis",
    "Guam",
    "Hawaii",
    "Boston",
    "Albuquerque",
    "St. Louis",
)
AUDIENCES = (
    "community organizations",
    "researchers",
    "funders",
    "health departments",
    "clinics",
    "school districts",
    "hospital leaders",
    "state legislators",
    "youth organizers",
    "faith leaders",
)
SENTENCES = (
    "It draws on interviews with {a} and residents in {p}.",
    "The authors describe how {s} shapes outcomes and what partners can change.",
    "Includes worksheets, examples and questions for reflection.",
    "Speakers share evidence, stories and next steps for {a}.",
    "Findings point to policy options for state and local leaders.",
    "A short read for {a} new to {s}.",
    "Covers funding, evaluation and sustaining the work over time.",
    "Shows how lived experience can guide decisions about {s}.",
    "Maps the gaps in {s} across {p} using public data.",
    "Recorded at a P4HE session with {a} from {p}.",
    "Offers a checklist for centering equity in {s} programs.",
    "Explains the history behind today's gaps in {s}.",
    "Profiles three {a} leading change on {s}.",
    "Compares approaches from {p} and other regions.",
    "Suggests measures that communities can trust.",
    "Discusses structural racism and its role in {s}.",
    "Lists grants and partners that support {s}.",
    "Written with and for {a}.",
)
FIRST = ("Ana", "Bo", "Chen", "Dee", "Eli", "Fatima", "Gus", "Hana", "Ike", "Jo", "Kai", "Lena")
LAST = ("Smart", "Reyes", "Okafor", "Nguyen", "Begay", "Kim", "Johnson", "Patel", "Garcia")
ORGS = (
    "P4HE Collaborative",
    "Satcher Health Leadership Institute",
    "County Health Rankings",
    "PolicyLink",
    "Prevention Institute",
    "Trust for America's Health",
    "Urban Institute",
    "Community Catalyst",
    "National Equity Atlas",
    "Healthy Places Lab",
    "Kaiser Family Foundation",
    "Robert Wood Johnson Foundation",
    "Health Equity Tracker",
    "Families USA",
    "ASTHO",
    "NACCHO",
)
TYPES = ("blog", "podcast", "webinar recording", "toolkit", "report", "guide", "article", "video")
TOPICS = tuple(sorted({*ISSUES, *(g + " health" for g in GROUPS)}))
SUBJECTS = tuple(f"{g} {i}" for g in GROUPS for i in ISSUES)
HOSTILE = (
    '"',
    '"unclosed',
    "COVID-19",
    "LGBTQ+",
    "(rural",
    "what's new?",
    "AND",
    "title:x",
    "😀 equity",
    "a\x00b housing",
    "x" * 10_000,
    "NEAR(a b)",
    "health*",
    "<!channel>",
    "'; DROP TABLE resources; --",
    "-",
    "{title}: covid",
    "OR OR OR",
    "^",
    "résumé",
)


def synthetic(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    rows = []
    seen: set[str] = set()
    for i in range(n):
        group, issue = rnd.choice(GROUPS), rnd.choice(ISSUES)
        s, p, a = f"{group} {issue}", rnd.choice(PLACES), rnd.choice(AUDIENCES)
        title = rnd.choice(FORMS).format(s=s, p=p, a=a)
        title = title[0].upper() + title[1:]
        words = {"s": s, "p": p, "a": a}
        description = " ".join(t.format(**words) for t in rnd.sample(SENTENCES, 3))
        # The importer keeps the first of two rows with one title: every title is unique here.
        if i % 7 == 0 or title in seen:
            title = f"{title} ({i})"
        seen.add(title)
        rows.append(
            {
                "title": title,
                "url": f"https://library.example/r/{i}",
                "description": description,
                "type": rnd.choice(TYPES),
                "topics": [issue, f"{group} health", *rnd.sample(TOPICS, rnd.randint(0, 1))],
                "authors": [f"{rnd.choice(LAST)}, {rnd.choice(FIRST)}"],
                "organization": rnd.choice(ORGS),
                "published": str(rnd.randint(2012, 2025)),
                "audience": [a],
            }
        )
    return rows


def _typo(word: str, rnd: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rnd.randint(1, len(word) - 2)
    return word[:i] + word[i + 1 :]


def queries(seed: int = 11) -> list[str]:
    rnd = random.Random(seed)
    words = sorted({w for s in SUBJECTS for w in s.lower().split() if len(w) > 3})
    out: list[str] = []
    out += [rnd.choice(words) for _ in range(60)]
    out += [f"{rnd.choice(words)} {rnd.choice(words)}" for _ in range(40)]
    out += [f'"{rnd.choice(SUBJECTS)}"' for _ in range(20)]
    out += [
        f"{rnd.choice(words)} type:{rnd.choice(TYPES[:2])} year:{rnd.randint(2015, 2025)}"
        for _ in range(15)
    ]
    out += [f'{rnd.choice(words)} topic:"{rnd.choice(TOPICS)}"' for _ in range(15)]
    out += [" ".join(_typo(w, rnd) for w in rnd.choice(SUBJECTS).split()) for _ in range(30)]
    out += list(HOSTILE)
    return out[:200]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def fresh_database(url: str) -> Database:
    db = Database(url)
    if not db.is_sqlite:
        from sqlalchemy import text

        async with db.engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    await migrate.upgrade(db)
    return db


async def build(url: str, size: int) -> float:
    """A migrated database holding `size` synthetic rows; returns the import seconds."""
    db = await fresh_database(url)
    try:
        parsed = Parsed(rows=list(enumerate(synthetic(size), start=2)))
        started = time.perf_counter()
        report = await import_parsed(db, parsed, now=SystemClock().now())
        seconds = time.perf_counter() - started
        assert report.added == size, report.summary()
        return seconds
    finally:
        await db.close()


async def measure(url: str) -> dict[str, float]:
    """Time every query three ways (run in its own process):

    - store: the ranked query whose results the reply shows, alone (`storage.resources.search`
      with the final terms, in its own read session);
    - find: all the storage work of the search (vocabulary, typo fixes, fallbacks, ranking);
    - e2e: `/resources` through App.handle to a console-rendered reply.
    """
    # One benchmark "member" runs every query: lift the per-member search limit, or most
    # answers would be the cheap "please wait" instead of a search.
    settings = parse_settings({"bot": {"starter_pack": False}, "limits": {"searches": 10_000}})
    runtime = await open_runtime(
        settings,
        clock=FakeClock(SystemClock().now()),
        outboxes={"console": ConsoleOutbox(write=lambda _line: None)},
        database_url=url,
        migrate_now=False,
    )
    await runtime.start(run_scheduler=False)
    settle()  # as `collab-bot run` does once started
    spec = runtime.deps.router.commands["resources"][0]
    actor, place = Actor("console", "bench", "Bench"), Place("console", "bench")
    asked = []
    for text in queries():
        state = SearchState.from_params(parse(spec.params, text, {}))
        outcome = await find(runtime.db, state.query, state.filters(), settings.resources)
        asked.append((text, state, outcome))

    async def store_only(text: str, state: SearchState, outcome: Outcome) -> None:
        async with runtime.db.read() as session:
            await store.search(
                session,
                outcome.terms,
                any_term=outcome.any_term,
                filters=state.filters(),
                limit=5,
            )

    async def find_only(text: str, state: SearchState, outcome: Outcome) -> None:
        await find(runtime.db, state.query, state.filters(), settings.resources)

    async def end_to_end(text: str, state: SearchState, outcome: Outcome) -> None:
        render(await runtime.app.handle(Command("resources", text, actor, place)))

    phases = {"store": store_only, "find": find_only, "e2e": end_to_end}
    timings: dict[str, list[float]] = {name: [] for name in phases}
    # Each phase runs over every query in turn, twice (the first pass warms caches and is
    # not counted), so no phase times a query the previous phase has just warmed.
    for rounds in (1, 2):
        for name, phase in phases.items():
            for text, state, outcome in asked:
                started = time.perf_counter()
                await phase(text, state, outcome)
                if rounds == 2:
                    timings[name].append((time.perf_counter() - started) * 1000)
    await runtime.stop()
    out = {"peak_mb": peak_mb()}
    for name, samples in timings.items():
        out[f"{name}_p50"] = statistics.median(samples)
        out[f"{name}_p99"] = pct(samples, 0.99)
    return out


async def spanish_quality(url: str) -> dict[str, float]:
    """success@5 of the Spanish search set over the starter libraries (its own process)."""
    db = await fresh_database(url)
    try:
        await load_library(db, SystemClock().now())
        score = await success_at_top(db, load_set())
    finally:
        await db.close()
    for query, shown in score.misses:
        print(f"missed: {query!r} showed {list(shown)}", file=sys.stderr)
    return {"success": score.success, "found": score.found, "searches": score.searches}


def quality_rows(name: str, url: str) -> list[Row]:
    result = in_child("--quality", url.replace("bench.db", "quality.db"))
    found, searches = int(result["found"]), int(result["searches"])
    value = f"{result['success']:.2f} ({found}/{searches})"
    return [(f"{name} Spanish search set success@5", value, ">= 0.9")]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(*args: str) -> dict[str, float]:
    """Run one phase in its own process, so each peak memory is that phase's alone.

    (A child's ru_maxrss starts from its parent's size at fork, so the parent stays small:
    it never holds the synthetic rows itself.)
    """
    done = subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run_backend(name: str, url: str, sizes: list[int]) -> list[Row]:
    rows: list[Row] = []
    for size in sizes:
        # Each SQLite size gets its own file; PostgreSQL's schema is recreated by `build`.
        sized = url.replace("bench.db", f"bench-{size}.db")
        built = in_child("--build", sized, str(size))
        result = in_child("--measure", sized)
        seconds = built["seconds"]
        label = f"{name} {size:,}"
        big = size >= 100_000
        ratio = result["e2e_p50"] / result["store_p50"]
        rows += [
            (f"{label} import", f"{seconds:.1f} s", "< 60 s" if big else ""),
            (f"{label} peak RSS importing", f"{built['peak_mb']:.0f} MB", ""),
            (f"{label} store p50", f"{result['store_p50']:.2f} ms", ""),
            (f"{label} store p99", f"{result['store_p99']:.2f} ms", ""),
            (f"{label} e2e p50", f"{result['e2e_p50']:.2f} ms", ""),
            (
                f"{label} e2e p99",
                f"{result['e2e_p99']:.2f} ms",
                "<= 30 ms" if big and name == "sqlite" else "<= 5 ms" if name == "sqlite" else "",
            ),
            (
                f"{label} e2e/store p50",
                f"{ratio:.2f}x",
                "<= 1.5x" if big and name == "sqlite" else "",
            ),
            (f"{label} find p50 (all storage work)", f"{result['find_p50']:.2f} ms", ""),
            (f"{label} find p99", f"{result['find_p99']:.2f} ms", ""),
            (f"{label} e2e/find p50", f"{result['e2e_p50'] / result['find_p50']:.2f}x", ""),
            (
                f"{label} peak RSS searching",
                f"{result['peak_mb']:.0f} MB",
                "< 200 MB" if big else "",
            ),
        ]
    return rows


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,500 rows only")
    parser.add_argument("--pg-url", default=os.environ.get("COLLAB_BOT_TEST_DATABASE_URL", ""))
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--build", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--quality", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quality:
        print(json.dumps(asyncio.run(spanish_quality(args.quality))))
        return []
    if args.measure:
        print(json.dumps(asyncio.run(measure(args.measure))))
        return []
    if args.build:
        seconds = asyncio.run(build(args.build[0], int(args.build[1])))
        print(json.dumps({"seconds": seconds, "peak_mb": peak_mb()}))
        return []
    sizes = [1_500] if args.quick else [1_500, 100_000]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        rows += run_backend("sqlite", f"sqlite+aiosqlite:///{folder}/bench.db", sizes)
        rows += quality_rows("sqlite", f"sqlite+aiosqlite:///{folder}/bench.db")
    if args.pg_url:
        url = asyncio.run(fresh_bench_database(args.pg_url))
        rows += run_backend("postgresql", url, sizes)
        rows += quality_rows("postgresql", url)
    show(rows)
    return rows


def show(rows: list[Row]) -> None:
    width = max(len(r[0]) for r in rows)
    print("\nSearch (benchmarks/search.py)")
    print(f"{'metric':<{width}}  {'value':>12}  target")
    for metric, value, target in rows:
        print(f"{metric:<{width}}  {value:>12}  {target}")


if __name__ == "__main__":
    main()
