"""The delivery worker: sends what is due, retries what may be retried, records the rest."""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import select

from bot.delivery.queue import schedule, send_message
from bot.model import DirectMessage, Place, Reply, Target
from bot.outbox import Failed, PostResult, RetryLater, Sent
from storage.models.deliveries import Delivery
from tests.harness import TestBot


@dataclass
class ScriptedOutbox:
    """A platform at the network edge that answers from a script, then succeeds."""

    script: list[PostResult | Exception] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)

    async def post(self, target: Target, reply: Reply, *, key: str) -> PostResult:
        self.calls.append(key)
        if self.script:
            step = self.script.pop(0)
            if isinstance(step, Exception):
                raise step
            return step
        return Sent(external_id=f"ts-{len(self.calls)}")


async def rows(bot: TestBot) -> list[Delivery]:
    async with bot.db.read() as session:
        return list((await session.execute(select(Delivery).order_by(Delivery.id))).scalars())


async def notice(bot: TestBot, key: str = "n1", *, due_in: timedelta = timedelta()) -> None:
    now = bot.clock.now()
    async with bot.db.session() as session:
        await send_message(
            session,
            key=key,
            target=DirectMessage("slack", "U1"),
            reply=Reply(text="Your topic was planned"),
            now=now,
            due_at=now + due_in,
        )


async def test_a_queued_message_goes_out_once_with_its_id_stored(bot: TestBot) -> None:
    edge = ScriptedOutbox()
    bot.deps.outbox.add("slack", edge)
    await notice(bot)
    await notice(bot)  # queued twice: the key keeps it once
    assert await bot.deliver_due() == {"sent": 1}
    assert await bot.deliver_due() == {}
    (row,) = await rows(bot)
    assert (row.status, row.external_id, row.attempts, row.late) == ("sent", "ts-1", 1, False)


async def test_rate_limits_are_retried_with_backoff_then_sent(bot: TestBot) -> None:
    edge = ScriptedOutbox(
        [RetryLater("429", after_seconds=30, rate_limited=True), RetryLater("500")]
    )
    bot.deps.outbox.add("slack", edge)
    await notice(bot)
    assert await bot.deliver_due() == {"retry": 1}
    (row,) = await rows(bot)
    wait = row.due_at - bot.clock.now()
    assert row.status == "pending" and timedelta(seconds=30) <= wait <= timedelta(seconds=45)
    assert row.attempts == 0, "a rate limit does not use up an attempt"
    assert await bot.advance("29s") == {}
    await bot.advance("10m")
    (row,) = await rows(bot)
    assert (row.status, row.attempts, len(edge.calls)) == ("sent", 2, 3)


async def test_a_post_rate_limited_for_a_whole_day_fails_in_the_end(bot: TestBot) -> None:
    edge = ScriptedOutbox([RetryLater("429", after_seconds=600, rate_limited=True)] * 1000)
    bot.deps.outbox.add("slack", edge)
    await notice(bot)
    await bot.advance("26h")
    (row,) = await rows(bot)
    assert row.status == "failed" and row.last_error == "429"
    assert 100 < len(edge.calls) < 200


async def test_after_the_last_attempt_it_is_recorded_as_failed(bot: TestBot) -> None:
    edge = ScriptedOutbox([RetryLater("500")] * 10)
    bot.deps.outbox.add("slack", edge)
    await notice(bot)
    await bot.advance("1h")
    (row,) = await rows(bot)
    assert (row.status, row.attempts, row.last_error) == ("failed", 5, "500")
    assert len(edge.calls) == 5


async def test_an_error_that_may_have_sent_is_not_retried_blindly(bot: TestBot) -> None:
    edge = ScriptedOutbox([ConnectionResetError("dropped after sending")])
    bot.deps.outbox.add("slack", edge)
    await notice(bot)
    await bot.advance("1h")
    (row,) = await rows(bot)
    assert row.status == "failed" and "ConnectionResetError" in (row.last_error or "")
    assert len(edge.calls) == 1


async def test_permanent_failure_is_recorded(bot: TestBot) -> None:
    bot.deps.outbox.add("slack", ScriptedOutbox([Failed("channel_not_found")]))
    await notice(bot)
    await bot.deliver_due()
    assert [(r.status, r.last_error) for r in await rows(bot)] == [("failed", "channel_not_found")]


async def test_a_process_claims_only_the_platforms_it_can_post_to(bot: TestBot) -> None:
    """One process holds the Discord gateway, another serves Slack: neither fails the
    other's posts, and a post for a platform no process serves waits for one that does."""
    now = bot.clock.now()
    async with bot.db.session() as session:
        for key, target in (("s", DirectMessage("slack", "U1")), ("t", Place("teams", "x"))):
            await send_message(session, key=key, target=target, reply=Reply(text="hi"), now=now)
    assert await bot.deliver_due() == {"sent": 1}
    assert {r.key: r.status for r in await rows(bot)} == {"s": "sent", "t": "pending"}


async def test_late_deliveries_are_marked_and_expired_ones_skipped(bot: TestBot) -> None:
    now = bot.clock.now()
    async with bot.db.session() as session:
        for key, expires in (
            ("late", now + timedelta(hours=3)),
            ("gone", now + timedelta(hours=1)),
        ):
            await schedule(
                session,
                key=key,
                kind="message",
                target=DirectMessage("console", "ana"),
                due_at=now,
                now=now,
                expires_at=expires,
                payload='{"text": "Starts soon"}',
            )
    bot.clock.advance(timedelta(hours=2))  # the bot was down for two hours
    assert await bot.deliver_due() == {"sent": 1, "skipped": 1}
    late, gone = await rows(bot)
    assert (late.status, late.late) == ("sent", True)
    assert (gone.status, gone.last_error) == ("skipped", "expired before it could be sent")
