"""bot.mentions.neutralize: no text it returns can ping anyone, on Slack or Discord."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.mentions import ZWSP, neutralize

PINGS = re.compile(r"<[@#!]|@(everyone|here|channel)\b", re.IGNORECASE)


def test_each_mention_form_is_defused_and_stays_readable() -> None:
    cases = {
        "@everyone look": f"@{ZWSP}everyone look",
        "@here": f"@{ZWSP}here",
        "<!channel>": "‹!channel›",
        "<!here>": "‹!here›",
        "<!everyone>": "‹!everyone›",
        "<@U123>": "‹@U123›",
        "<@!123>": "‹@!123›",
        "<@&123>": "‹@&123›",
        "<#C123>": "‹#C123›",
        "<!subteam^S1|team>": "‹!subteam^S1|team›",
    }
    for raw, shown in cases.items():
        assert neutralize(raw) == shown


def test_ordinary_text_is_untouched() -> None:
    for text in ("Email ana@example.org", "a < b > c", "Rural health 🌾", "C# and <3"):
        assert neutralize(text) == text


def test_an_unclosed_mention_is_defused_too() -> None:
    assert not PINGS.search(neutralize("hey <@U123 and more"))


@given(st.text())
def test_no_output_pings_and_applying_twice_changes_nothing(text: str) -> None:
    once = neutralize(text)
    assert not PINGS.search(once)
    assert neutralize(once) == once


@given(st.text(alphabet="<>@!#&^|Uhereveryonchal 0123"))
def test_mention_heavy_text_never_pings(text: str) -> None:
    assert not PINGS.search(neutralize(text))
