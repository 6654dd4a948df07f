"""Offline lints: every generated command and every rendered message within Discord's limits."""

from __future__ import annotations

from typing import Any

import discord
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.discord import limits as dl
from adapters.discord.components import FormModal
from adapters.discord.render import render
from adapters.discord.tree import build_tree, discord_path
from bot.actions import Action
from bot.features import build_router
from bot.model import Button, Field, Form, Input, Reply, Section, Span
from bot.router import Router
from tests.discord.routers import sample_router

HOSTILE = [
    "@everyone look",
    "@here <@123> <@!456789012345678901> <@&777000000000000001> <#111>",
    "**bold** __under__ ~~strike~~ `code` ```block``` > quote\n# heading\n-# small",
    "[click](https://evil.example) ||spoiler|| \\ backslash \\",
    "emoji 🎉🏳️‍🌈 and NUL \x00 and <!channel>",
    "x" * 10_000,
    "*" * 5_000,
]


def _tree_dicts(router: Router) -> list[dict[str, Any]]:
    client = discord.Client(intents=discord.Intents.none())
    tree = build_tree(client, router)
    return [c.to_dict(tree) for c in tree.get_commands()]


def test_every_command_of_the_app_fits_discord() -> None:
    commands = _tree_dicts(build_router([sample_router()]))
    assert commands, "no commands generated"
    for command in commands:
        assert dl.command_problems(command) == [], command["name"]
    assert len(commands) <= 100  # Discord's cap on top-level slash commands


def test_every_spec_of_the_app_is_reachable_on_discord() -> None:
    router = build_router([sample_router()])
    commands = _tree_dicts(router)
    reachable = set()
    for command in commands:
        subs = [o for o in command.get("options", []) if o["type"] == 1]
        reachable |= {f"{command['name']} {s['name']}" for s in subs} or {command["name"]}
    specs = router.specs()
    for spec in specs:
        root, sub = discord_path(spec, specs)
        assert (f"{root} {sub}" if sub else root) in reachable, spec.name


def test_organizer_tools_sit_under_hidden_server_only_roots() -> None:
    router = build_router([sample_router()])
    specs = router.specs()
    by_name = {c["name"]: c for c in _tree_dicts(router)}
    organizer_roots = {discord_path(s, specs)[0] for s in specs if s.organizer_only}
    member_roots = {discord_path(s, specs)[0] for s in specs if not s.organizer_only}
    assert not organizer_roots & member_roots
    # the issue's 17 organizer sub-commands, and every other, are out of members' picker
    assert len([s for s in specs if s.organizer_only]) >= 17
    for name in organizer_roots:
        command = by_name[name]
        assert command["default_member_permissions"] not in (None, "0"), name
        assert command["contexts"] == [0] and command["integration_types"] == [0], name
        assert command["dm_permission"] is False
    for name in member_roots:
        command = by_name[name]
        assert command["default_member_permissions"] is None, name
        assert command["contexts"] == [0, 1] and command["integration_types"] == [0], name
    assert {"events-admin", "topics-admin", "resources-admin", "journey-admin"} <= organizer_roots
    events = int(by_name["events-admin"]["default_member_permissions"])
    assert discord.Permissions(events).manage_events


def test_lint_catches_what_discord_would_refuse() -> None:
    bad = {
        "name": "Bad Name",
        "description": "x" * 101,
        "options": [
            {
                "type": 3,
                "name": "a",
                "description": "d",
                "choices": [{"name": str(n), "value": str(n)} for n in range(26)],
            },
            {"type": 3, "name": "b", "description": "d", "required": True},
        ],
    }
    found = dl.command_problems(bad)
    assert any("lowercase" in f for f in found)
    assert any("description" in f for f in found)
    assert any("choices" in f for f in found)
    assert any("required option follows" in f for f in found)
    huge = {
        "name": "huge",
        "description": "d",
        "options": [
            {
                "type": 3,
                "name": f"o{n}",
                "description": "d" * 100,
                "choices": [{"name": "n" * 100, "value": "v" * 100} for _ in range(25)],
            }
            for n in range(2)
        ],
    }
    assert any("8000" in f for f in dl.command_problems(huge))


def _all_problems(reply: Reply) -> list[str]:
    return [p for message in render(reply) for p in dl.message_problems(message.payload())]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=3000)),
    count=st.integers(min_value=0, max_value=14),
    fields=st.integers(min_value=0, max_value=30),
    buttons=st.integers(min_value=0, max_value=8),
)
def test_any_reply_renders_within_discord_limits(
    text: str, count: int, fields: int, buttons: int
) -> None:
    section = Section(
        title=text,
        text=(Span(text, strong=True), Span(text, url="https://example.org/a_b(c)")),
        fields=tuple(Field.of(text[:300] or "f", text) for _ in range(fields)),
        buttons=tuple(Button(text[:90] or "b", Action("t.p", (str(n),))) for n in range(buttons)),
        footer=text,
    )
    reply = Reply(text=text or "t", sections=(section,) * count)
    assert _all_problems(reply) == []


def test_hostile_text_is_escaped_and_cannot_mention() -> None:
    for text in HOSTILE:
        for message in render(
            Reply(text=text, sections=(Section(title=text, text=(Span(text),)),))
        ):
            payload = message.payload()
            assert dl.message_problems(payload) == []
            content = str(payload["content"])
            assert "@everyone" not in content and "@here" not in content
            assert "**bold**" not in content
            assert "[click](" not in content.replace("\\[click](", "")  # only escaped


def test_duplicate_ids_and_too_long_ids_are_dropped_not_sent() -> None:
    vote = Button("Vote", Action("t.vote", ("1",)))
    reply = Reply(text="t", sections=(Section(title="a", buttons=(vote,)),) * 3)
    [message] = render(reply)
    ids = [c["custom_id"] for row in message.payload()["components"] for c in row["components"]]  # type: ignore[index, union-attr]
    assert ids == ["t.vote:1"]


def test_modals_from_forms_fit_discord() -> None:
    form = Form(
        Action("f.add", ("x" * 80,)),
        "A title that is much too long for any modal anywhere",
        tuple(
            Input(f"i{n}", "L" * 60, kind=kind, max_length=9_000, choices=choices)
            for n, (kind, choices) in enumerate(
                [
                    ("short", ()),
                    ("long", ()),
                    ("choice", ("a", "b")),
                    ("choice", tuple(str(c) for c in range(40))),
                    ("short", ()),
                    ("short", ()),
                ]
            )
        ),
    )
    modal = FormModal(form)
    body = {"title": modal.title, "custom_id": modal.custom_id, "components": modal.to_components()}
    assert dl.modal_problems(body) == []
