"""Placeholder values read well whatever the other features return, and never ping anyone."""

from __future__ import annotations

from bot.features.journey.content import load_content
from bot.features.journey.render import events_phrase, prompt_reply, suggestion_phrase
from bot.features.journey.schedule import QuarterId
from bot.features.topics.api import TopicHit
from bot.limits import problems
from bot.model import Reply
from tests.harness import reply_text
from tests.pings import pings


def test_event_counts_read_as_phrases() -> None:
    assert [events_phrase(n) for n in (0, 1, 3)] == [
        "no upcoming events yet",
        "1 upcoming event",
        "3 upcoming events",
    ]


def test_the_top_suggestion_is_quoted_neutralized_and_short() -> None:
    assert suggestion_phrase(None) == "no open suggestions yet"
    assert suggestion_phrase(TopicHit(1, "Rural broadband", 1)) == "“Rural broadband” (1 vote)"
    hostile = suggestion_phrase(TopicHit(2, "@everyone <!channel> " + "x" * 500, 7))
    assert hostile.startswith("“@everyone <!channel> x")  # as written, cut to fit
    assert pings(Reply(text=hostile)) == []  # each adapter defuses it as it renders
    assert hostile.endswith("(7 votes)") and len(hostile) < 200


def test_every_starter_prompt_fits_every_platform_with_long_values() -> None:
    values = {
        "quarter": "Q4 2026",
        "theme": "t" * 300,
        "upcoming_events": events_phrase(12),
        "top_suggestion": suggestion_phrase(TopicHit(1, "y" * 400, 3)),
    }
    for quarter in load_content("").quarters:
        for prompt in quarter.prompts:
            reply = prompt_reply(QuarterId(2026, 4), quarter, prompt, values)
            assert problems(reply) == []
            assert "{" not in reply_text(reply) and not reply.private
