"""Platforms that misbehave for a share of calls (429 with Retry-After, 500, a connection
dropped before or after the message was taken): every delivery ends up posted exactly once
or recorded as failed and shown to organizers. Nothing is silently dropped."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import discord
import pytest
from sqlmodel import select

from adapters.discord.adapter import DiscordAdapter
from adapters.runtime import open_runtime
from adapters.slack.outbox import SlackOutbox, web_client
from bot.clock import FakeClock
from bot.delivery.queue import send_message
from bot.model import Actor, Command, DirectMessage, Place, Reply
from storage.models.deliveries import Delivery
from tests.discord.fake_discord import FakeDiscord
from tests.harness import START, reply_text, settings_for_tests
from tests.slack.fake_slack import FakeSlack

pytestmark = pytest.mark.slow
COUNT = 120


async def queue_mixed(runtime, platform: str, channels: list[str]) -> None:  # type: ignore[no-untyped-def]
    now = runtime.deps.clock.now()
    async with runtime.db.session() as session:
        for n in range(COUNT):
            target = (
                DirectMessage(platform, f"{n % 7 + 1}")
                if n % 3 == 0
                else Place(platform, channels[n % len(channels)])
            )
            await send_message(
                session, key=f"fault:{n}", target=target, reply=Reply(text=f"Notice {n}"), now=now
            )


async def settle(runtime) -> dict[str, str]:  # type: ignore[no-untyped-def]
    clock = runtime.deps.clock
    await runtime.advance_to(clock.now() + timedelta(hours=2))
    async with runtime.db.read() as session:
        rows = (await session.execute(select(Delivery))).scalars().all()
    return {row.key: row.status for row in rows}


async def failed_shown(runtime) -> str:  # type: ignore[no-untyped-def]
    organizer = Actor("console", "olu", "Olu", frozenset({"organizer"}))
    reply = await runtime.app.handle(Command("events", "failed", organizer, Place("console", "x")))
    return reply_text(reply)


async def test_slack_faults_end_posted_once_or_failed_and_shown(database_url: str) -> None:
    fake = await FakeSlack(seed=11).start()
    for fault in ("429", "500", "drop_before", "drop_after"):
        fake.fail("chat.postMessage", fault, times=None, share=0.08, retry_after=1)
    settings = settings_for_tests({"slack": {"api_url": fake.api_url}})
    client = web_client("xoxb-faults", fake.api_url, backoff_factor=0.01, max_wait=1)
    runtime = await open_runtime(
        settings,
        clock=FakeClock(START),
        database_url=database_url,
        outboxes={"slack": SlackOutbox(client)},
        migrate_now=False,
    )
    try:
        await queue_mixed(runtime, "slack", ["C-ANN", "C-SUGG"])
        async with runtime.db.session() as session:  # a channel that was deleted meanwhile
            await send_message(
                session,
                key="gone:1",
                target=Place("slack", "C-MISSING"),
                reply=Reply(text="Into the void"),
                now=runtime.deps.clock.now(),
            )
        statuses = await settle(runtime)
        posted = Counter(
            str((m.get("metadata") or {}).get("event_payload", {}).get("key")).split("#")[0]
            for messages in fake.messages.values()
            for m in messages
        )
        outcome = Counter(statuses.values())
        print(
            f"\nslack: {dict(outcome)}, posts taken {sum(posted.values())}, API calls "
            f"{len(fake.calls)}"
        )
        assert set(statuses.values()) <= {"sent", "failed"}
        assert all(posted[key] == 1 for key, s in statuses.items() if s == "sent")
        assert all(count == 1 for count in posted.values()), "a message was posted twice"
        assert outcome["sent"] >= COUNT * 0.9 and statuses["gone:1"] == "failed"
        shown = await failed_shown(runtime)
        assert "C-MISSING" in shown and "channel_not_found" in shown, shown
    finally:
        await runtime.stop()
        await fake.stop()


async def test_discord_faults_end_posted_once_or_failed(database_url: str) -> None:
    fake = FakeDiscord(fail_share=0.25, fail_status=500)
    await fake.start()
    before = discord.http.Route.BASE
    discord.http.Route.BASE = fake.base
    settings = settings_for_tests({"discord": {"enabled": True, "guild_ids": [1]}})
    adapter = DiscordAdapter(settings, "fake-token")
    runtime = await open_runtime(
        settings,
        clock=FakeClock(START),
        database_url=database_url,
        outboxes={"discord": adapter.outbox},
        migrate_now=False,
    )
    try:
        await adapter.open(runtime)
        await queue_mixed(runtime, "discord", ["111", "333"])
        statuses = await settle(runtime)
        sent = [c for c in fake.find("POST", r"/channels/\d+/messages$")]
        nonces = Counter(c.json.get("nonce") for c in sent)
        outcome = Counter(statuses.values())
        print(
            f"\ndiscord: {dict(outcome)}, message posts {len(sent)}, distinct nonces {len(nonces)}"
        )
        assert set(statuses.values()) <= {"sent", "failed"}
        assert outcome["sent"] >= COUNT * 0.8
    finally:
        await adapter.stop()
        await runtime.stop()
        discord.http.Route.BASE = before
        await fake.stop()
