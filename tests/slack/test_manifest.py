"""The app manifest follows the router: commands, names Slack reserves, scopes, modes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from adapters.cli.main import app as cli
from adapters.slack.commands import RESERVED, slack_name, slack_names
from adapters.slack.manifest import SCOPES, build_manifest, manifest_yaml, to_yaml
from bot.features import AppSettings as Settings
from bot.features import build_router
from bot.message_commands import MessageCommandSpec
from bot.model import Message
from bot.router import MAX_DESCRIPTION
from tests.slack.conftest import sample_router

ROOT = Path(__file__).resolve().parents[2]


def shortcuts() -> list[MessageCommandSpec]:
    return list(build_router().message_commands.values())


def test_manifest_yml_matches_the_router() -> None:
    expected = manifest_yaml(build_router().specs(), Settings(), shortcuts=shortcuts())
    assert (ROOT / "manifest.yml").read_text(encoding="utf-8") == expected, (
        "manifest.yml is out of date: run `collab-bot slack manifest -o manifest.yml`"
    )


def test_cli_prints_the_manifest() -> None:
    result = CliRunner().invoke(cli, ["slack", "manifest"])
    assert result.exit_code == 0
    assert result.output == manifest_yaml(build_router().specs(), Settings(), shortcuts=shortcuts())


def test_every_root_command_appears_once_under_its_slack_name() -> None:
    heard: list[Message] = []
    specs = build_router([sample_router(heard)]).specs()
    manifest = build_manifest(specs, Settings())
    commands = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert len(commands) == len(set(commands)) == len({s.root for s in specs})
    assert "/collab-shrug" in commands and "/shrug" not in commands
    assert not {c.lstrip("/") for c in commands} & RESERVED
    for entry in manifest["features"]["slash_commands"]:
        assert len(entry["command"]) <= 33 and entry["command"] == entry["command"].lower()
        assert 0 < len(entry["description"]) <= MAX_DESCRIPTION + 40
    assert slack_names(specs)["collab-shrug"] == "shrug"


def test_scopes_are_only_the_needed_ones() -> None:
    manifest = build_manifest(build_router().specs(), Settings())
    assert manifest["oauth_config"]["scopes"]["bot"] == sorted(SCOPES)
    assert "chat:write.public" not in SCOPES and "users:read.email" not in SCOPES
    assert {"users:read", "app_mentions:read", "im:history"} <= set(SCOPES)
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {"app_mention", "message.im", "app_home_opened"} <= set(events)
    assert manifest["features"]["app_home"]["messages_tab_read_only_enabled"] is False


def test_http_mode_points_everything_at_the_events_url() -> None:
    url = "https://bot.example.org/slack/events"
    manifest = build_manifest(build_router().specs(), Settings(), request_url=url)
    assert manifest["settings"]["socket_mode_enabled"] is False
    assert manifest["settings"]["event_subscriptions"]["request_url"] == url
    assert manifest["settings"]["interactivity"]["request_url"] == url
    assert {c["url"] for c in manifest["features"]["slash_commands"]} == {url}


def test_yaml_quotes_every_string() -> None:
    data: dict[str, Any] = {"a": {"b": ["x: y", True, 3]}, "c": [{"d": "#e", "f": 'q"'}], "g": []}
    assert to_yaml(data) == (
        'a:\n  b:\n    - "x: y"\n    - true\n    - 3\nc:\n  - d: "#e"\n    f: "q\\""\ng: []'
    )


def test_reserved_roots_get_a_prefix() -> None:
    assert slack_name("remind") == "collab-remind"
    assert slack_name("resources") == "resources"


def test_message_commands_are_message_shortcuts_and_library_links_unfurl() -> None:
    settings = Settings.model_validate({"resources": {"unfurl_domains": ["p4he.example"]}})
    manifest = build_manifest(build_router().specs(), settings, shortcuts=shortcuts())
    entries = manifest["features"]["shortcuts"]
    assert [(e["name"], e["type"]) for e in entries] == [
        ("Propose for the library", "message"),
        ("Suggest as a topic", "message"),
    ]
    # Slack's limits: a name of at most 24 characters, a description of at most 150.
    assert all(len(e["name"]) <= 24 and 0 < len(e["description"]) <= 150 for e in entries)
    assert manifest["features"]["unfurl_domains"] == ["p4he.example"]
    assert {"links:read", "links:write"} <= set(manifest["oauth_config"]["scopes"]["bot"])
    assert "link_shared" in manifest["settings"]["event_subscriptions"]["bot_events"]
    plain = build_manifest(build_router().specs(), Settings(), shortcuts=shortcuts())
    assert "unfurl_domains" not in plain["features"]
