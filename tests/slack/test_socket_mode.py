"""Socket Mode: envelopes from a local fake websocket server through bolt's handler."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.slack.adapter import SlackAdapter
from adapters.slack.outbox import web_client
from bot.config import Secrets
from bot.model import Message
from tests.harness import TestBot
from tests.slack.conftest import sample_router, slack_settings
from tests.slack.fake_slack import FakeSlack

SECRETS = Secrets(slack_bot_token="xoxb-test", slack_app_token="xapp-test")


@pytest.fixture
async def connected(database_url: str, fake: FakeSlack) -> AsyncIterator[SlackAdapter]:
    heard: list[Message] = []
    settings = slack_settings(fake)
    bot = await TestBot.open(database_url, settings=settings, extra_routers=(sample_router(heard),))
    client = web_client(SECRETS.slack_bot_token, fake.api_url)
    adapter = SlackAdapter(settings, SECRETS, client=client)
    await adapter.start(bot.runtime)
    yield adapter
    await adapter.stop()
    await bot.close()


async def test_command_envelope_is_acked_and_answered(
    connected: SlackAdapter, fake: FakeSlack
) -> None:
    (opened,) = [c for c in fake.calls if c.method == "apps.connections.open"]
    assert opened.headers["Authorization"] == "Bearer xapp-test"
    payload = {
        "command": "/echo",
        "text": "over the socket",
        "user_id": "U1",
        "user_name": "u1",
        "channel_id": "C1",
        "team_id": "T1",
        "trigger_id": "t",
        "response_url": fake.response_url("sock"),
    }
    envelope = {
        "envelope_id": "env-1",
        "type": "slash_commands",
        "payload": payload,
        "accepts_response_payload": True,
    }
    await fake.send_envelope(envelope)
    acks = await fake.wait_for(lambda: [a for a in fake.acks if a.get("envelope_id") == "env-1"])
    assert acks == [{"envelope_id": "env-1"}]
    (answer,) = await fake.wait_for(lambda: fake.responses)
    assert answer["id"] == "sock" and answer["text"] == "You said: over the socket"


async def test_home_event_envelope_publishes_home(connected: SlackAdapter, fake: FakeSlack) -> None:
    event = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}
    payload = {"type": "event_callback", "team_id": "T1", "event_id": "Ev9", "event": event}
    await fake.send_envelope({"envelope_id": "env-2", "type": "events_api", "payload": payload})
    await fake.wait_for(lambda: [a for a in fake.acks if a.get("envelope_id") == "env-2"])
    (published,) = await fake.wait_for(lambda: fake.to("views.publish"))
    assert published["user_id"] == "U1"


async def test_events_the_bot_does_not_use_are_acked(
    connected: SlackAdapter, fake: FakeSlack
) -> None:
    event = {"type": "reaction_added", "user": "U1", "reaction": "tada", "item": {}}
    payload = {"type": "event_callback", "team_id": "T1", "event_id": "Ev10", "event": event}
    await fake.send_envelope({"envelope_id": "env-3", "type": "events_api", "payload": payload})
    acks = await fake.wait_for(lambda: [a for a in fake.acks if a.get("envelope_id") == "env-3"])
    assert acks == [{"envelope_id": "env-3"}]


async def test_a_dm_over_the_socket_is_answered(connected: SlackAdapter, fake: FakeSlack) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": "D1",
        "user": "U1",
        "text": "help",
        "ts": "1.0",
    }
    payload = {"type": "event_callback", "team_id": "T1", "event_id": "Ev11", "event": event}
    await fake.send_envelope({"envelope_id": "env-4", "type": "events_api", "payload": payload})
    (said,) = await fake.wait_for(lambda: fake.to("chat.postMessage"))
    assert said["channel"] == "D1" and "/help" in said["text"]
