"""The delivery worker posting through the Slack outbox: the ts is stored, failures recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from adapters.runtime import Runtime, open_runtime
from adapters.slack.outbox import SlackOutbox, web_client
from bot.clock import FakeClock
from bot.delivery.queue import send_message
from bot.model import DirectMessage, Place, Reply, Target
from bot.outbox import Sent
from storage import deliveries
from storage.models.deliveries import Delivery
from tests.harness import START
from tests.slack.conftest import slack_settings
from tests.slack.fake_slack import FakeSlack


async def test_queued_posts_go_out_and_keep_their_ts(database_url: str, fake: FakeSlack) -> None:
    client = web_client("xoxb-test", fake.api_url, backoff_factor=0.01, max_wait=1)
    runtime = await open_runtime(
        slack_settings(fake),
        clock=FakeClock(START),
        outboxes={"slack": SlackOutbox(client)},
        database_url=database_url,
        migrate_now=False,
    )
    try:
        now = runtime.deps.clock.now()
        fake.fail("chat.postMessage", "500", times=None)
        async with runtime.db.session() as session:
            await send_message(
                session,
                key="a",
                target=Place("slack", "C-ANN"),
                reply=Reply(text="Hello channel"),
                now=now,
            )
            await send_message(
                session,
                key="b",
                target=DirectMessage("slack", "U5"),
                reply=Reply(text="Hello you"),
                now=now,
            )
            await send_message(
                session,
                key="c",
                target=Place("slack", "C-MISSING"),
                reply=Reply(text="Nowhere"),
                now=now,
            )
        first = await runtime.scheduler.run_once()
        assert first.get("sent", 0) == 0  # Slack answered 500 to every post
        fake.rules.clear()
        await runtime.advance_to(now.replace(hour=now.hour + 1))
        async with runtime.db.read() as session:
            rows = {r.key: r for r in (await session.execute(select(Delivery))).scalars()}
        assert (
            rows["a"].status == "sent" and rows["a"].external_id == fake.messages["C-ANN"][0]["ts"]
        )
        assert rows["b"].status == "sent" and "D-U5" in fake.messages
        assert rows["c"].status == "failed" and "channel_not_found" in (rows["c"].last_error or "")
        assert len(fake.messages["C-ANN"]) == 1
    finally:
        await runtime.stop()


async def _died_mid_post(
    runtime: Runtime, key: str, target: Target, outbox: SlackOutbox | None
) -> None:
    """A process claimed `key` and was killed mid-post: its post landed (when `outbox` is
    given) but nothing was recorded. Its lease then runs out."""
    async with runtime.db.session() as session:
        now = runtime.deps.clock.now()
        await send_message(session, key=key, target=target, reply=Reply(text="Hi"), now=now)
        (row,) = await deliveries.claim_due(
            session,
            worker="dead",
            now=runtime.deps.clock.now(),
            lease=timedelta(seconds=60),
            limit=1,
        )
    assert row.attempt_at is not None
    if outbox is not None:
        assert isinstance(await outbox.post(target, Reply(text="Starts soon"), key=key), Sent)
    assert isinstance(runtime.deps.clock, FakeClock)
    runtime.deps.clock.advance(timedelta(minutes=2))


@pytest.mark.parametrize(
    "target",
    [Place("slack", "C-ANN"), DirectMessage("slack", "U7"), Place("slack", "C-ANN", "9.1")],
)
async def test_a_takeover_finds_the_dead_process_post_and_does_not_repeat_it(
    database_url: str, fake: FakeSlack, target: Target
) -> None:
    outbox = SlackOutbox(web_client("xoxb-test", fake.api_url, backoff_factor=0.01, max_wait=1))
    runtime = await _runtime(database_url, fake, outbox)
    try:
        await _died_mid_post(runtime, "r1", target, outbox)
        assert await runtime.scheduler.run_once() == {"sent": 1}
        assert len(fake.to("chat.postMessage")) == 1, "the post that landed is not repeated"
        lookup = (
            "conversations.replies"
            if isinstance(target, Place) and target.thread_id
            else ("conversations.history")
        )
        (asked,) = fake.to(lookup)
        assert asked["include_all_metadata"] in (True, "1", "true") and float(asked["oldest"]) > 0
        if isinstance(target, DirectMessage):
            assert fake.to("conversations.open")[0]["users"] == "U7"
        async with runtime.db.read() as session:
            (row,) = (await session.execute(select(Delivery))).scalars()
        assert (row.status, row.attempt_at) == ("sent", None)
        assert row.external_id == _landed_ts(fake)
    finally:
        await runtime.stop()


async def test_a_takeover_posts_what_never_landed_once(database_url: str, fake: FakeSlack) -> None:
    outbox = SlackOutbox(web_client("xoxb-test", fake.api_url, backoff_factor=0.01, max_wait=1))
    runtime = await _runtime(database_url, fake, outbox)
    try:
        await _died_mid_post(runtime, "r2", Place("slack", "C-ANN"), None)
        assert await runtime.scheduler.run_once() == {"sent": 1}
        assert len(fake.to("conversations.history")) == 1
        assert len(fake.to("chat.postMessage")) == 1
    finally:
        await runtime.stop()


async def test_an_unreadable_history_is_never_a_blind_repeat(
    database_url: str, fake: FakeSlack
) -> None:
    """The documented exception: when Slack cannot say whether the earlier post landed, the
    row is checked again later and in the end recorded failed, never posted blindly."""
    outbox = SlackOutbox(web_client("xoxb-test", fake.api_url, backoff_factor=0.01, max_wait=1))
    runtime = await _runtime(database_url, fake, outbox)
    try:
        fake.fail("conversations.history", "500", times=None)
        await _died_mid_post(runtime, "r3", Place("slack", "C-ANN"), None)
        await runtime.advance_to(runtime.deps.clock.now() + timedelta(hours=2))
        async with runtime.db.read() as session:
            (row,) = (await session.execute(select(Delivery))).scalars()
        assert row.status == "failed" and "cannot tell" in (row.last_error or "")
        assert row.attempt_at is not None, "still marked: it may have gone out"
        assert fake.to("chat.postMessage") == []
    finally:
        await runtime.stop()


async def _runtime(database_url: str, fake: FakeSlack, outbox: SlackOutbox) -> Runtime:
    return await open_runtime(
        slack_settings(fake),
        clock=FakeClock(START),
        outboxes={"slack": outbox},
        database_url=database_url,
        migrate_now=False,
    )


def _landed_ts(fake: FakeSlack) -> str:
    (message,) = [m for messages in fake.messages.values() for m in messages]
    return str(message["ts"])
