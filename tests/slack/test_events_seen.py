"""A redelivered Slack event is handled once, even when another process got the first copy."""

from __future__ import annotations

from datetime import timedelta

from adapters.slack.app import SlackBridge
from storage import slack as slack_store
from storage.engine import Database
from tests.harness import START
from tests.slack.conftest import SlackEnv


async def test_a_second_process_skips_an_event_the_first_handled(slack: SlackEnv) -> None:
    event = {"type": "message", "channel": "C-J", "user": "U1", "text": "hi", "ts": "2.0",
             "thread_ts": "1.0"}  # fmt: skip
    await slack.event(event, "Ev-shared")
    await slack.fake.wait_for(lambda: slack.heard)
    other = SlackBridge(slack.bot.runtime, slack.bridge.client, slack.bridge.organizers)
    assert await other.first_delivery("Ev-shared") is False
    assert await other.first_delivery("Ev-new") is True
    assert await other.first_delivery("Ev-new") is False


async def test_event_ids_are_forgotten_after_a_day(db: Database) -> None:
    async with db.session() as session:
        assert await slack_store.first_sighting(session, "Ev1", now=START) is True
    async with db.session() as session:
        assert await slack_store.first_sighting(session, "Ev1", now=START) is False
    later = START + timedelta(days=2)
    async with db.session() as session:
        assert await slack_store.first_sighting(session, "Ev1", now=later) is True
