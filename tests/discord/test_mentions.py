"""Discord defuses mentions when it renders: mass mentions are broken and no message
allows a mention, so no member text it shows can ping anyone."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from adapters.discord.render import escape, render
from bot.model import Reply, Section, plain

# Discord reads @everyone and @here exactly so.
MASS = re.compile(r"@(everyone|here)\b")


def test_mass_mentions_are_broken_and_user_mentions_stay_readable() -> None:
    assert escape("@everyone look") == "@\u200beveryone look"
    assert escape("@here") == "@\u200bhere"
    assert escape("<@123456789012345678>") == "<@\u200b123456789012345678>"


@given(st.text())
def test_no_output_carries_a_whole_mass_mention(text: str) -> None:
    assert not MASS.search(escape(text))


@given(st.text(alphabet="<>@!#&^|Uhereveryonchal 0123"))
def test_every_message_allows_no_mention(text: str) -> None:
    reply = Reply(text=text, sections=(Section(title=text, text=plain(text)),))
    for page in render(reply):
        payload = page.payload()
        assert payload["allowed_mentions"] == {"parse": []}
        assert not MASS.search(str(payload["content"]))
