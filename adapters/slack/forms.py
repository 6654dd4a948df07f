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

from adapters.slack.render import plain_text
from bot.limits import FORM_TITLE, fit
from bot.model import Form, Input, Reply

VALUE = "value"  # the action_id of every input element
MAX_METADATA = 3000
MAX_OPTIONS = 100
MODAL_BUTTON = 24


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
        return text if len(text) <= MAX_METADATA else json.dumps({"c": self.channel_id})

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
    return {"text": plain_text(choice, 75), "value": choice[:150]}


def _element(item: Input) -> dict[str, Any]:
    if item.kind == "choice" and item.choices:
        element: dict[str, Any] = {
            "type": "static_select",
            "action_id": VALUE,
            "options": [_option(c) for c in item.choices[:MAX_OPTIONS]],
        }
        if item.initial in item.choices:
            element["initial_option"] = _option(item.initial)
    else:
        element = {
            "type": "plain_text_input",
            "action_id": VALUE,
            "multiline": item.kind == "long",
            "max_length": item.max_length,
        }
        if item.initial:
            element["initial_value"] = item.initial
    if item.placeholder:
        element["placeholder"] = plain_text(item.placeholder, 150)
    return element


def input_block(item: Input) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": item.name,
        "label": plain_text(item.label, 2000),
        "optional": not item.required,
        "element": _element(item),
    }


def modal(form: Form, origin: Origin) -> dict[str, Any]:
    """The modal view for a form (trimmed to the platform limits first)."""
    fitted = fit(Reply(text=form.title, form=form)).form
    assert fitted is not None
    return {
        "type": "modal",
        "callback_id": fitted.action.encode(),
        "title": plain_text(fitted.title, FORM_TITLE),
        "submit": plain_text(fitted.submit_label, MODAL_BUTTON),
        "close": plain_text("Cancel", MODAL_BUTTON),
        "private_metadata": origin.dump(),
        "blocks": [input_block(i) for i in fitted.inputs],
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
        shown[target] = (f"{shown[target]} {message}" if target in shown else message)[:2000]
    return {"response_action": "errors", "errors": shown}
