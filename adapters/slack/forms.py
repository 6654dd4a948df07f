"""A neutral Form as a Slack modal and back: inputs, submitted values, errors in place.

The modal's `callback_id` is the form's encoded Action (state travels with it, as with
buttons) and `private_metadata` remembers where the form was opened, so the answer to a
submission goes back to that conversation through its response_url.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adapters.slack import limits
from adapters.slack.render import plain_text
from bot.limits import cut
from bot.model import Form, Input

VALUE = "value"  # the action_id of every input element
LONGER_HINT = (
    "This text is longer than Slack lets a form hold, so only its first {limit} characters "
    "are shown; saving keeps only those. Edit it on Discord or the console to keep it all."
)


@dataclass(frozen=True)
class Origin:
    """Where a modal was opened from: its answer goes back there."""

    channel_id: str = ""
    thread_id: str | None = None
    response_url: str | None = None

    def dump(self) -> str:
        data = {"c": self.channel_id, "t": self.thread_id, "r": self.response_url}
        text = json.dumps(data, separators=(",", ":"))
        # Slack caps private_metadata; a response_url is short, but never overflow it.
        return text if len(text) <= limits.PRIVATE_METADATA else json.dumps({"c": self.channel_id})

    @classmethod
    def load(cls, text: str | None) -> Origin:
        try:
            data = json.loads(text or "{}")
        except ValueError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        return cls(str(data.get("c") or ""), data.get("t") or None, data.get("r") or None)


def _option(choice: str) -> dict[str, Any]:
    return {
        "text": plain_text(choice, limits.OPTION_TEXT),
        "value": choice[: limits.OPTION_VALUE],
    }


def _element(item: Input) -> dict[str, Any]:
    if item.kind == "choice" and item.choices:
        element: dict[str, Any] = {
            "type": "static_select",
            "action_id": VALUE,
            "options": [_option(c) for c in item.choices[: limits.SELECT_OPTIONS]],
        }
        if item.initial in item.choices[: limits.SELECT_OPTIONS]:
            element["initial_option"] = _option(item.initial)
    else:
        # Slack refuses the whole view when max_length is outside 1..3000 (Discord allows
        # 4000), and when the initial value is longer than max_length.
        longest = limits.input_max_length(item.max_length)
        element = {
            "type": "plain_text_input",
            "action_id": VALUE,
            "multiline": item.kind == "long",
            "max_length": longest,
        }
        if item.initial:
            element["initial_value"] = cut(item.initial, longest)
    if item.placeholder:
        element["placeholder"] = plain_text(item.placeholder, limits.PLACEHOLDER)
    return element


def input_block(item: Input) -> dict[str, Any]:
    block = {
        "type": "input",
        "block_id": item.name,
        "label": plain_text(item.label, limits.INPUT_LABEL),
        "optional": not item.required,
        "element": _element(item),
    }
    longest = limits.input_max_length(item.max_length)
    if item.kind != "choice" and len(item.initial) > longest:
        # Saved elsewhere (Discord allows 4000): say so rather than cut it silently.
        block["hint"] = plain_text(LONGER_HINT.format(limit=longest), limits.INPUT_HINT)
    return block


def modal(form: Form, origin: Origin) -> dict[str, Any]:
    """The modal view for a form, every part within Slack's documented limits."""
    return {
        "type": "modal",
        "callback_id": form.action.encode(),
        "title": plain_text(form.title, limits.MODAL_TITLE),
        "submit": plain_text(form.submit_label, limits.MODAL_BUTTON),
        "close": plain_text("Cancel", limits.MODAL_BUTTON),
        "private_metadata": origin.dump(),
        "blocks": [input_block(i) for i in form.inputs[: limits.VIEW_BLOCKS]],
    }


def submitted_values(state: Mapping[str, Any]) -> dict[str, str]:
    """Field name -> text from a view_submission's `view.state.values`."""
    values: dict[str, str] = {}
    for block_id, elements in (state.get("values") or {}).items():
        element = (elements or {}).get(VALUE) or {}
        if element.get("type") == "static_select":
            chosen = element.get("selected_option") or {}
            values[block_id] = str(chosen.get("value") or "")
        else:
            values[block_id] = str(element.get("value") or "")
    return values


def error_response(errors: Mapping[str, str], block_ids: list[str]) -> dict[str, Any]:
    """A response_action that shows each message under its field (unknown ones on the first)."""
    shown: dict[str, str] = {}
    for name, message in errors.items():
        target = name if name in block_ids else (block_ids[0] if block_ids else name)
        shown[target] = cut(
            f"{shown[target]} {message}" if target in shown else message, limits.ERROR_TEXT
        )
    return {"response_action": "errors", "errors": shown}
