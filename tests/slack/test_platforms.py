"""`collab-bot run` picks up the Slack adapter from config and refuses to start without tokens."""

from __future__ import annotations

import pytest

from adapters.platforms import enabled_adapters
from adapters.slack.adapter import SlackAdapter
from bot.config import Secrets
from bot.features import parse_settings

SOCKET = {"slack": {"enabled": True}}
HTTP = {"slack": {"enabled": True, "mode": "http"}, "http": {"enabled": True}}


def test_disabled_slack_starts_nothing() -> None:
    assert enabled_adapters(parse_settings({}), Secrets(slack_bot_token="x")) == []


def test_socket_mode_needs_both_tokens() -> None:
    with pytest.raises(ValueError, match="SLACK_BOT_TOKEN and SLACK_APP_TOKEN are not set"):
        enabled_adapters(parse_settings(SOCKET), Secrets())
    with pytest.raises(ValueError, match="SLACK_APP_TOKEN is not set"):
        enabled_adapters(parse_settings(SOCKET), Secrets(slack_bot_token="xoxb"))
    (adapter,) = enabled_adapters(
        parse_settings(SOCKET), Secrets(slack_bot_token="xoxb", slack_app_token="xapp")
    )
    assert isinstance(adapter, SlackAdapter) and adapter.name == "slack"


def test_http_mode_needs_the_signing_secret_and_the_http_server() -> None:
    with pytest.raises(ValueError, match="SLACK_SIGNING_SECRET"):
        enabled_adapters(parse_settings(HTTP), Secrets(slack_bot_token="xoxb"))
    no_server = {"slack": HTTP["slack"]}
    with pytest.raises(ValueError, match=r"\[http\] enabled = true"):
        enabled_adapters(
            parse_settings(no_server),
            Secrets(slack_bot_token="xoxb", slack_signing_secret="s"),
        )
    (adapter,) = enabled_adapters(
        parse_settings(HTTP), Secrets(slack_bot_token="xoxb", slack_signing_secret="s")
    )
    assert adapter.name == "slack"


def test_the_error_never_shows_a_token() -> None:
    with pytest.raises(ValueError) as caught:
        enabled_adapters(parse_settings(SOCKET), Secrets(slack_bot_token="xoxb-secret"))
    assert "xoxb-secret" not in str(caught.value)
