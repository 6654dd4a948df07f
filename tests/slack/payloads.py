"""Interaction payloads as Slack sends them (block_actions, view_submission), and waiting for
the answers the app posts after it has acked."""

from __future__ import annotations

from typing import Any

from tests.slack.conftest import SlackEnv


def block_action(
    action_id: str,
    *,
    user: str = "U1",
    ephemeral: bool = True,
    response_url: str = "",
    view: dict[str, Any] | None = None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "name": user.lower()},
        "team": {"id": "T1"},
        "trigger_id": "trig-2",
        "actions": [
            {"action_id": action_id, "block_id": "b1", "type": "button", "action_ts": "1.2"}
        ],
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": "V1"}
        payload["view"] = view
    else:
        payload["container"] = {
            "type": "message",
            "message_ts": "1.1",
            "channel_id": "C1",
            "is_ephemeral": ephemeral,
        }
        payload["channel"] = {"id": "C1"}
        payload["response_url"] = response_url
    return payload


def _state(view: dict[str, Any], name: str, value: str) -> dict[str, Any]:
    """The state Slack reports for one input: a text value or the chosen option."""
    block = next((b for b in view.get("blocks") or [] if b.get("block_id") == name), {})
    element = block.get("element") or {}
    if element.get("type") == "static_select":
        option = next((o for o in element.get("options") or [] if o["value"] == value), None)
        return {"type": "static_select", "selected_option": option}
    return {"type": "plain_text_input", "value": value}


def submission(view: dict[str, Any], values: dict[str, str], user: str = "U1") -> dict[str, Any]:
    state = {"values": {name: {"value": _state(view, name, v)} for name, v in values.items()}}
    return {
        "type": "view_submission",
        "user": {"id": user, "username": user.lower(), "name": user.lower()},
        "team": {"id": "T1"},
        "trigger_id": "trig-3",
        "view": {**view, "id": "V1", "state": state},
    }


async def answer(slack: SlackEnv, count: int = 1) -> list[dict[str, Any]]:
    responses = slack.fake.responses
    return await slack.fake.wait_for(lambda: responses if len(responses) >= count else None)  # type: ignore[no-any-return]


def message_action(
    callback_id: str,
    message: dict[str, Any],
    *,
    user: str = "U1",
    channel: str = "C1",
    response_url: str = "",
) -> dict[str, Any]:
    """A message shortcut as Slack sends it (type message_action: callback_id, trigger_id,
    response_url, the message's full structure, its channel, the user and the team)."""
    return {
        "type": "message_action",
        "callback_id": callback_id,
        "trigger_id": "trig-4",
        "response_url": response_url,
        "action_ts": "1.3",
        "message_ts": message["ts"],
        "team": {"id": "T1", "domain": "collab"},
        "user": {"id": user, "name": user.lower(), "username": user.lower(), "team_id": "T1"},
        "channel": {"id": channel, "name": "general"},
        "message": {"type": "message", **message},
        "token": "legacy",
    }
