"""The duplicate check of /suggest on labelled pairs:  python benchmarks/duplicates.py [-v]

Prints precision and recall on tests/data/duplicates.toml (new ideas and real repeats of
suggestions, library items and events), and how many of its new subjects would be told
"This may already be here" against the starter content (every starter suggestion, library
item and event title, compared directly: a superset of what the bot's lookups return).

`main(argv)` returns (metric, value, target) rows for benchmarks/run.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from importlib import resources as package_files
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import Row, print_rows  # noqa: E402
from bot.features.resources.starter import FILES  # noqa: E402
from bot.features.resources.thesaurus import load  # noqa: E402
from bot.features.topics.likeness import similar  # noqa: E402
from bot.features.topics.starter import IDEAS  # noqa: E402

LABELS = ROOT / "tests" / "data" / "duplicates.toml"


def labelled() -> dict[str, Any]:
    return tomllib.loads(LABELS.read_text(encoding="utf-8"))


def starter_titles() -> list[str]:
    """Every title the starter content puts in front of the duplicate check."""
    titles = [title for title, _ in IDEAS]
    for name in FILES:
        text = package_files.files("bot.features.resources").joinpath(name).read_text("utf-8")
        data = json.loads(text)
        rows = data["resources"] if isinstance(data, dict) else data
        titles += [row["title"] for row in rows]
    events = package_files.files("bot.features.events").joinpath("starter.toml").read_text("utf-8")
    titles += [event["title"] for event in tomllib.loads(events)["event"]]
    return titles


def scores(verbose: bool = False) -> tuple[float, float, int, int, list[str]]:
    """Precision, recall, pair count, and the new subjects that found something."""
    thesaurus = load()
    data = labelled()
    true_pos = false_pos = false_neg = 0
    for pair in data["pairs"]:
        found = similar(pair["a"], pair["b"], thesaurus) is not None
        true_pos += found and pair["same"]
        false_pos += found and not pair["same"]
        false_neg += not found and pair["same"]
        if verbose and found != pair["same"]:
            wrong = "missed" if pair["same"] else "false alarm"
            print(f"  wrong ({wrong}): {pair['a']!r} / {pair['b']!r}")
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    alarms = []
    titles = starter_titles()
    for subject in data["new_subjects"]:
        hits = [t for t in titles if similar(subject, t, thesaurus) is not None]
        if hits:
            alarms.append(f"{subject} -> {hits[:3]}")
    return precision, recall, len(data["pairs"]), len(data["new_subjects"]), alarms


def main(argv: list[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="accepted for benchmarks/run.py")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the wrong pairs")
    args = parser.parse_args(argv)
    precision, recall, pairs, subjects, alarms = scores(args.verbose)
    if args.verbose:
        for alarm in alarms:
            print(f"  new subject offered a match: {alarm}")
    rows: list[Row] = [
        (f"duplicate check precision ({pairs} labelled pairs)", f"{precision:.2f}", ">= 0.9"),
        (f"duplicate check recall ({pairs} labelled pairs)", f"{recall:.2f}", ">= 0.9"),
        (
            f"new subjects offered a starter match (of {subjects})",
            str(len(alarms)),
            "0",
        ),
    ]
    print_rows("Duplicate check", rows)
    return rows


if __name__ == "__main__":
    main()
