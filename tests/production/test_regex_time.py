"""Every regular expression applied to what people type, fed 20,000-character hostile
strings: each call must finish within a small time budget (a quadratic pattern takes
seconds at this size and would stall the whole process, as it runs on the event loop)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from adapters.slack.render import escape as slack_escape
from bot.durations import parse_duration
from bot.errors import BadInput
from bot.features.events.when import parse_end, parse_when, split_zone
from bot.features.resources.query import parse_terms
from bot.features.resources.records import check_published, clean, normalize_url
from bot.features.resources.thesaurus import load
from bot.features.topics.likeness import keys
from bot.features.topics.text import link_ref, one_line, split_topic, suggestion_id
from bot.params import Param, split_line

SIZE = 20_000
BUDGET = 1.0  # seconds per call: linear patterns take milliseconds, the quadratic ones took 5-8 s
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def hostile() -> list[str]:
    """Long runs that make backtracking patterns try every split point."""
    half = SIZE // 2
    return [
        " " * SIZE,
        "a" + " " * SIZE + "b",
        "event" + " " * SIZE + "x",
        "resource" + " " * half + ":" + " " * half + "x",
        "1" * SIZE + "x",
        "1" + " " * SIZE + "x",
        "1" + " " * SIZE + "pm" + " " * SIZE + "x",
        "\n" * SIZE + "x",
        " |" * half,
        "| " * half,
        "a" * SIZE,
        "a/" * half,
        "#" * SIZE,
        '"' + "a" * SIZE,
        'type:"' * (SIZE // 6),
        " type:x" * (SIZE // 7),
        "@" * SIZE,
        "@everyone" * (SIZE // 9),
        "next " * (SIZE // 5),
        "9:" * half,
        "http://" + "a" * SIZE + " ",
        "é" * SIZE,
        "{" * SIZE,
        "-" * SIZE,
    ]


def _quietly(call: Callable[[str], object]) -> Callable[[str], object]:
    def run(text: str) -> object:
        try:
            return call(text)
        except (BadInput, ValueError):
            return None

    return run


PARAMS = (
    Param("query", "q", kind="rest"),
    Param("type", "t", inline=True),
    Param("topic", "t", inline=True),
)
CALLS: dict[str, Callable[[str], object]] = {
    "suggest split": lambda t: split_topic(t),
    "suggest one_line": one_line,
    "decision link": _quietly(lambda t: link_ref(t, "resource")),
    "suggestion number": _quietly(suggestion_id),
    "duration": _quietly(parse_duration),
    "zone word": lambda t: split_zone(t, "UTC"),
    "event end": _quietly(lambda t: parse_end(t, NOW, "UTC")),
    "event start": _quietly(lambda t: parse_when(t, "UTC", NOW)),
    "search terms": parse_terms,
    "inline filters": lambda t: split_line(PARAMS, t),
    "duplicate words": lambda t: keys(t, load()),
    "thesaurus": lambda t: load().expand(parse_terms(t)),
    "mentions": slack_escape,
    "resource text": clean,
    "published": _quietly(check_published),
    "link": _quietly(normalize_url),
}


# dateparser reads at most 200 characters of an event time; its own time on 200 characters
# of junk (0.3 s, more on a loaded machine) is the floor there, not a pattern of ours.
BUDGETS = {"event start": 3.0}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_hostile_text_is_handled_in_linear_time(name: str) -> None:
    call = CALLS[name]
    budget = BUDGETS.get(name, BUDGET)
    for warm_up in ("March 19 1pm", "a b"):  # first uses import and load language data
        call(warm_up)
    for text in hostile():
        # The best of three: a loaded machine can pause any one call, never all three.
        took = min(_timed(call, text) for _ in range(3))
        assert took < budget, f"{name} took {took:.2f}s on {text[:12]!r}… ({len(text)} chars)"


def _timed(call: Callable[[str], object], text: str) -> float:
    started = time.perf_counter()
    call(text)
    return time.perf_counter() - started
