"""Replies as Block Kit: valid by slack_sdk's models, paged under 50 blocks, hostile text inert."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.slack.forms import Origin, error_response, modal, submitted_values
from adapters.slack.render import JOINER, escape, messages
from bot.actions import Action, fit_arg
from bot.model import Button, Field, Form, Input, Reply, Section, Span, link, plain, strong
from tests.slack.blockkit import valid_message, valid_view

HOSTILE = "<!channel> @here @everyone <@U1> <#C1> & <script>alert(1)</script> <https://x|y>"


def shown_texts(node: object, kind: str = "mrkdwn") -> list[str]:
    """The strings people read: mrkdwn (parsed by Slack) or plain_text objects."""
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == kind and isinstance(node.get("text"), str):
            found.append(node["text"])
        for value in node.values():
            found += shown_texts(value, kind)
    elif isinstance(node, list):
        for value in node:
            found += shown_texts(value, kind)
    return found


def all_text(payload: dict) -> str:
    return "\n".join([payload["text"], *shown_texts(payload["blocks"])])


def test_hostile_text_is_escaped_everywhere() -> None:
    section = Section(
        title=HOSTILE,
        text=(Span(HOSTILE), strong(HOSTILE), link(HOSTILE, "https://example.org/?a=1&b=2")),
        fields=(Field.of(HOSTILE, HOSTILE),),
        buttons=(Button(HOSTILE, Action("x.y", (HOSTILE[:30],))),),
        footer=HOSTILE,
    )
    for payload in messages(Reply(text=HOSTILE, sections=(section,))):
        valid_message(payload)
        shown = all_text(payload)
        assert "<!channel>" not in shown and "<@U1>" not in shown and "<script>" not in shown
        assert "&lt;!channel&gt;" in shown and "&amp;" in shown
        assert re.search(r"@(here|everyone)\b", shown.replace(f"@{JOINER}", "@_")) is None
        assert "<https://example.org/?a=1&amp;b=2|" in shown
        for plain_label in shown_texts(payload["blocks"], "plain_text"):
            assert re.search(r"@(here|everyone)\b", plain_label) is None


def test_unsafe_link_becomes_text() -> None:
    payload = messages(Reply(text="t", sections=(Section(text=(link("click", "javascript:x"),)),)))
    assert "javascript" not in str(payload)


def test_long_replies_page_under_the_block_cap() -> None:
    sections = tuple(
        Section(
            title=f"Card {n}",
            text=plain("&" * 2999),
            fields=tuple(Field.of(f"f{i}", "<" * 999) for i in range(10)),
            footer="note",
            buttons=(Button("Go", Action("x.go", (str(n),))), Button("Web", url="https://a.org")),
        )
        for n in range(23)
    )
    pages = messages(Reply(text="Lots\nmore", sections=sections))
    assert len(pages) >= 3
    for payload in pages:
        valid_message(payload)
        for block in payload["blocks"]:
            if block["type"] == "section" and "text" in block:
                assert len(block["text"]["text"]) <= 3000


def test_plain_reply_is_one_text_block() -> None:
    (payload,) = messages(Reply(text="Hello & welcome"))
    valid_message(payload)
    assert payload["text"] == "Hello &amp; welcome"


def test_repeated_button_ids_are_dropped_within_a_block() -> None:
    same = Button("Vote", Action("topics.vote", ("1",)))
    (payload,) = messages(
        Reply(text="t", sections=(Section(text=plain("x"), buttons=(same, same)),))
    )
    valid_message(payload)
    actions = [b for b in payload["blocks"] if b["type"] == "actions"]
    assert len(actions[0]["elements"]) == 1


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(max_size=300),
    body=st.text(max_size=4000),
    label=st.text(min_size=1, max_size=120).filter(str.strip),
    count=st.integers(min_value=1, max_value=12),
)
def test_any_text_renders_valid_block_kit(title: str, body: str, label: str, count: int) -> None:
    section = Section(
        title=title or None,
        text=(Span(body), strong(body[:50])),
        fields=(Field.of(label, body[:1200]),),
        buttons=(Button(label, Action("x.y", (fit_arg(label, 90),))),),
        footer=body[:2100] or None,
    )
    for payload in messages(Reply(text=body or "x", sections=(section,) * count)):
        valid_message(payload)
        assert "<!" not in all_text(payload)


def test_form_becomes_a_valid_modal_and_values_come_back() -> None:
    form = Form(
        Action("topics.add", ("q1",)),
        "Suggest a topic for the next quarter",
        (
            Input("title", "Title " * 20, max_length=100, placeholder="Short"),
            Input("kind", "Kind", kind="choice", choices=("a", "b"), initial="b"),
            Input("why", "Why", kind="long", required=False, initial="because"),
        ),
    )
    origin = Origin("C1", "171.1", "https://hooks.slack.com/x")
    view = modal(form, origin)
    valid_view(view)
    assert view["callback_id"] == "topics.add:q1"
    assert Origin.load(view["private_metadata"]) == origin
    state = {
        "values": {
            "title": {"value": {"type": "plain_text_input", "value": "Housing"}},
            "kind": {"value": {"type": "static_select", "selected_option": {"value": "a"}}},
            "why": {"value": {"type": "plain_text_input", "value": None}},
        }
    }
    assert submitted_values(state) == {"title": "Housing", "kind": "a", "why": ""}


def test_long_inputs_fit_slacks_range_and_say_when_text_was_cut() -> None:
    """Slack takes plain_text_input.max_length 1..3000 (Discord: 4000) or refuses the view."""
    form = Form(
        Action("events.edit", ("1",)),
        "Edit event",
        (
            Input("about", "Description", kind="long", max_length=4000, initial="d" * 3500),
            Input("note", "Note", max_length=0),
            Input("short", "Short", max_length=40, initial="fits"),
        ),
    )
    view = modal(form, Origin("C1"))
    valid_view(view)
    about, note, short = view["blocks"]
    assert about["element"]["max_length"] == 3000
    assert len(about["element"]["initial_value"]) <= 3000 and "first 3000" in about["hint"]["text"]
    assert note["element"]["max_length"] == 1
    assert short["element"] == {**short["element"], "max_length": 40, "initial_value": "fits"}
    assert "hint" not in short


def test_form_errors_land_on_fields() -> None:
    shown = error_response({"title": "Too short", "other": "Bad"}, ["title", "kind"])
    assert shown == {"response_action": "errors", "errors": {"title": "Too short Bad"}}


def test_origin_survives_garbage() -> None:
    assert Origin.load("not json") == Origin()
    assert Origin.load("[1]") == Origin()


def test_escape_is_idempotent_in_shape() -> None:
    assert escape("a<b>&c") == "a&lt;b&gt;&amp;c"
