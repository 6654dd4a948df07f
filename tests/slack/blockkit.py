"""Validation of rendered payloads: Slack's documented rules (slack_rules, independent of our
code) and slack_sdk's own Block Kit and view models."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from tests.slack.slack_rules import MESSAGE_BLOCKS, VIEW_BLOCKS, message_errors, view_errors


def valid_blocks(blocks: list[dict[str, Any]], cap: int = MESSAGE_BLOCKS) -> None:
    """Every block parses to a known type and passes its nested limits; at most `cap`."""
    assert 0 < len(blocks) <= cap, f"{len(blocks)} blocks"
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None and type(parsed) is not Block, block
        parsed.to_dict()  # raises SlackObjectFormationError on a broken limit


def valid_message(payload: dict[str, Any]) -> None:
    assert payload["text"].strip()
    assert message_errors(payload) == []
    valid_blocks(payload["blocks"])


def valid_view(view: dict[str, Any]) -> None:
    fields = {k: v for k, v in view.items() if k not in ("id", "state")}
    assert view_errors(fields) == []
    View(**fields).to_dict()
    valid_blocks(view["blocks"], VIEW_BLOCKS)
