"""Commands per second through the core (App.handle), a mixed workload on one process.

python benchmarks/core.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import Row, percentile, print_rows, temp_sqlite_url

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


async def measure(seconds: float) -> list[Row]:
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
    try:
        while time.perf_counter() < deadline:
            line = WORKLOAD[n % len(WORKLOAD)]
            name, _, text = line[1:].partition(" ")
            started = time.perf_counter()
            render(await runtime.app.handle(Command(name, text, actor, place)))
            latencies.append(time.perf_counter() - started)
            n += 1
    finally:
        await runtime.stop()
    total = sum(latencies)
    return [
        ("core: commands per second (mixed, 1 process)", f"{n / total:.0f}/s", "(figure)"),
        ("core: command p50", f"{percentile(latencies, 50) * 1000:.2f} ms", "(figure)"),
        ("core: command p99", f"{percentile(latencies, 99) * 1000:.2f} ms", "(figure)"),
    ]


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    rows = asyncio.run(measure(3.0 if args.quick else 10.0))
    print_rows("Core throughput", rows)
    return rows


if __name__ == "__main__":
    main()
