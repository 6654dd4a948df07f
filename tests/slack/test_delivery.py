"""The delivery worker posting through the Slack outbox: the ts is stored, failures recorded."""

from __future__ import annotations

from sqlmodel import select

from adapters.runtime import open_runtime
from adapters.slack.outbox import SlackOutbox, web_client
from bot.clock import FakeClock
from bot.delivery.queue import send_message
from bot.model import DirectMessage, Place, Reply
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
