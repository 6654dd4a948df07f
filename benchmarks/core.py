"""Commands per second through the core (App.handle), a mixed workload on one process: one
returning member sending everything, then a first-time member for every command (70%
searches, the rest /events, /topics, /journey), as after an announcement.

python benchmarks/core.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import Row, goal, percentile, print_rows, temp_sqlite_url

WORKLOAD = (
    "/help",
    "/resources health equity",
    "/resources type:toolkit community engagement",
    "/resources helth equty",
    "/events",
    "/topics",
    "/journey",
    "/help resources",
)


FIRST_TIME = (
    "/resources health equity",
    "/resources community health workers",
    "/resources housing",
    "/resources type:toolkit community engagement",
    "/resources helth equty",
    "/resources food access",
    "/resources policy",
    "/events",
    "/topics",
    "/journey",
)


async def measure(seconds: float) -> list[Row]:
    returning = await run_mix(seconds, WORKLOAD, first_time=False)
    first = await run_mix(seconds, FIRST_TIME, first_time=True)
    return [
        (
            f"core: {label} commands per second (mixed, 1 process)",
            f"{n / total:.0f}/s",
            goal(f">= {floor}/s", n / total >= floor),
        )
        for label, (n, total, _, _), floor in (
            ("returning", returning, 1000),
            ("first-time", first, 500),
        )
    ] + [
        (f"core: {label} CPU per command", f"{cpu / n * 1000:.2f} ms", "(figure)")
        for label, (n, _, _, cpu) in (("returning", returning), ("first-time", first))
    ] + [
        (f"core: {label} command p50 / p99", f"{percentile(lat, 50) * 1000:.2f} / "
         f"{percentile(lat, 99) * 1000:.2f} ms", "(figure)")
        for label, (_, _, lat, _) in (("returning", returning), ("first-time", first))
    ]  # fmt: skip


async def run_mix(
    seconds: float, workload: tuple[str, ...], *, first_time: bool
) -> tuple[int, float, list[float], float]:
    """(commands, seconds in them, each one's seconds, CPU seconds of the process in them)"""
    from adapters.console.outbox import ConsoleOutbox
    from adapters.console.render import render
    from adapters.runtime import open_runtime, settle
    from bot.clock import SystemClock
    from bot.features import parse_settings
    from bot.model import Actor, Command, Place

    # One benchmark member sends every command: lift the per-member limits.
    unlimited = {kind: 10_000 for kind in ("votes", "searches", "reminders", "drafts")}
    runtime = await open_runtime(
        parse_settings({"limits": unlimited}),
        clock=SystemClock(),
        database_url=temp_sqlite_url(),
        outboxes={"console": ConsoleOutbox(write=lambda _l: None)},
    )
    await runtime.start(run_scheduler=False, starter_pack=True)
    settle()  # as `collab-bot run` does once started
    actor, place = Actor("console", "bench", "Bench"), Place("console", "general")
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    n = 0
    cpu = time.process_time()
    try:
        while time.perf_counter() < deadline:
            line = workload[n % len(workload)]
            name, _, text = line[1:].partition(" ")
            if first_time:
                actor = Actor("console", f"new{n}", f"New {n}")
            started = time.perf_counter()
            render(await runtime.app.handle(Command(name, text, actor, place)))
            latencies.append(time.perf_counter() - started)
            n += 1
        cpu = time.process_time() - cpu
    finally:
        await runtime.stop()
    return n, sum(latencies), latencies, cpu


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    rows = asyncio.run(measure(3.0 if args.quick else 10.0))
    print_rows("Core throughput", rows)
    return rows


if __name__ == "__main__":
    main()
