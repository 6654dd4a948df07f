"""Signed requests into the real bolt AsyncApp in HTTP mode; answers asserted at the fake."""

from __future__ import annotations

from tests.slack.conftest import SlackEnv


async def test_slash_command_acks_and_answers_through_response_url(slack: SlackEnv) -> None:
    status, body = await slack.command("/echo hello")
    assert status == 200
    answer = await slack.fake.wait_for(lambda: slack.fake.responses)
    assert answer[0]["response_type"] == "ephemeral"
    assert "You said: hello" in answer[0]["text"]
