"""Slack defuses mentions when it renders: no member text it shows can ping anyone.

The core passes member-written text on as typed; `adapters/slack/render.py` escapes it
once (``<``, ``>``, ``&`` as entities, a word joiner after the @ of a mass mention).
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from adapters.slack.render import JOINER, escape, messages
from bot.model import Reply, Section, plain

PINGS = re.compile(r"<[@#!]|@(everyone|here|channel)\b", re.IGNORECASE)


def test_each_mention_form_is_defused_and_stays_readable() -> None:
    cases = {
        "@everyone look": f"@{JOINER}everyone look",
        "@here": f"@{JOINER}here",
        "@channel": f"@{JOINER}channel",
        "<!channel>": "&lt;!channel&gt;",
        "<!here>": "&lt;!here&gt;",
        "<!everyone>": "&lt;!everyone&gt;",
        "<@U123>": "&lt;@U123&gt;",
        "<#C123>": "&lt;#C123&gt;",
        "<!subteam^S1|team>": "&lt;!subteam^S1|team&gt;",
    }
    for raw, shown in cases.items():
        assert escape(raw) == shown


def test_ordinary_text_is_untouched() -> None:
    for text in ("Email ana@example.org", "Rural health 🌾", "C# and 3"):
        assert escape(text) == text


def test_an_unclosed_mention_is_defused_too() -> None:
    assert not PINGS.search(escape("hey <@U123 and more"))


@given(st.text())
def test_no_output_pings(text: str) -> None:
    assert not PINGS.search(escape(text))


@given(st.text(alphabet="<>@!#&^|Uhereveryonchal 0123"))
def test_mention_heavy_text_never_pings_anywhere_in_a_message(text: str) -> None:
    reply = Reply(text=text, sections=(Section(title=text, text=plain(text)),))
    for payload in messages(reply):
        assert not PINGS.search(payload["text"])
        assert not any(PINGS.search(str(block)) for block in payload["blocks"])
