"""Typed params from a typed line or from platform options."""

import pytest

from bot.errors import BadInput
from bot.params import Param, parse

PARAMS = (
    Param("query", "What to find", "rest", keep_quotes=True),
    Param("type", "Kind", "choice", choices=("podcast", "report"), inline=True),
    Param("year", "Year", "int", inline=True),
    Param("org", "Organization", inline=True),
)


def test_inline_filters_anywhere_and_rest_for_the_query() -> None:
    params = parse(PARAMS, 'housing type:Podcast org:"Robert Wood" year:2024 rural', {})
    assert dict(params) == {
        "query": "housing rural",
        "type": "podcast",
        "year": "2024",
        "org": "Robert Wood",
    }
    assert params.int("year") == 2024


def test_unknown_prefix_stays_in_the_query() -> None:
    assert parse(PARAMS, "title:x what's new?", {}).text("query") == "title:x what's new?"


def test_options_from_platforms_are_used_as_given() -> None:
    params = parse(PARAMS, "", {"query": "health", "type": "report"})
    assert params.text("type") == "report"


def test_bad_values_say_what_would_work() -> None:
    with pytest.raises(BadInput, match="whole number"):
        parse(PARAMS, "year:soon", {})
    with pytest.raises(BadInput, match="Did you mean podcast"):
        parse(PARAMS, "type:podcats", {})


def test_required_and_positional() -> None:
    params = (Param("id", "Id", "int", required=True), Param("reason", "Why", "rest"))
    assert dict(parse(params, "12 not a fit  ", {})) == {"id": "12", "reason": "not a fit"}
    with pytest.raises(BadInput, match="`id`"):
        parse(params, "   ", {})


def test_control_characters_and_nul_are_removed() -> None:
    assert parse(PARAMS, "heal\x00th\x07 care", {}).text("query") == "health care"


def test_quotes_around_a_whole_value_only_group_its_words() -> None:
    zone = (Param("zone", "A city", "rest"),)
    assert parse(zone, '"Portland, OR"', {}).text("zone") == "Portland, OR"
    assert parse(zone, "\u201cPortland, OR\u201d", {}).text("zone") == "Portland, OR"
    assert parse(zone, '"Portland, OR"', {"zone": '"Portland, OR"'}).text("zone") == (
        "Portland, OR"
    )
    # Quotes inside a value are the person's own.
    assert parse(zone, 'The "housing first" model', {}).text("zone") == (
        'The "housing first" model'
    )
    two = (Param("city", "A city"), Param("note", "A note", "rest"))
    assert dict(parse(two, '"New York" is home', {})) == {"city": "New York", "note": "is home"}


def test_a_search_query_keeps_its_phrase_quotes() -> None:
    assert parse(PARAMS, '"mental health"', {}).text("query") == '"mental health"'
