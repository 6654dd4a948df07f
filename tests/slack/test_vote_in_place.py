"""Pressing "▲ Vote (0)" in /topics on Slack replaces the pressed message, with the new count."""

from __future__ import annotations

from typing import Any

from tests.slack.conftest import SlackEnv
from tests.slack.payloads import answer, block_action
from tests.topics.helpers import suggest


def labels(payload: dict[str, Any]) -> list[str]:
    return [
        element["text"]["text"]
        for block in payload["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]


async def test_vote_replaces_the_listing_in_place(slack: SlackEnv) -> None:
    await suggest(slack.bot, "Rural broadband and telehealth")
    await slack.command("/topics", user="U7")
    (listing,) = await answer(slack)
    assert "▲ Vote (0)" in labels(listing)
    vote = next(
        element
        for block in listing["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["text"]["text"] == "▲ Vote (0)"
    )
    url = slack.fake.response_url("listing")
    status, _ = await slack.interact(block_action(vote["action_id"], user="U7", response_url=url))
    assert status == 200
    _, redrawn = await answer(slack, 2)
    assert redrawn["id"] == "listing" and redrawn["replace_original"] is True
    assert redrawn["response_type"] == "ephemeral"
    assert "✓ Voted (1) · press to take back" in labels(redrawn)
    assert "You voted for" in redrawn["text"]
    assert slack.fake.originals["listing"]["blocks"] == redrawn["blocks"]
    assert slack.fake.to("chat.postMessage") == [] and len(slack.fake.responses) == 2
