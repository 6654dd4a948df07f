"""A journey prompt posted on Discord opens its own thread; replies there are gathered."""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import select

from storage.models.journey import JourneyReply
from tests.discord import payloads as p
from tests.discord.conftest import Harness
from tests.discord.fake_discord import user

JOURNEY_CHANNEL = 222


@pytest.fixture
def starter_pack() -> bool:
    return True


def _reply_in(thread: int, text: str, roles: list[int]) -> dict[str, object]:
    return {
        "id": "1280000000000000001",
        "channel_id": str(thread),
        "guild_id": str(p.GUILD),
        "author": user(p.MEMBER, "member"),
        "member": {
            "roles": [str(r) for r in roles],
            "joined_at": "2025-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
        },
        "content": text,
        "timestamp": "2026-01-05T15:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
    }


async def test_the_prompt_opens_its_thread_and_replies_there_are_kept(harness: Harness) -> None:
    bot = harness.bot
    bot.deps.outbox.add("discord", harness.adapter.outbox)
    [asked] = await harness.run(
        p.command("journey-admin", sub="post-now", roles=[p.ORGANIZER_ROLE])
    )
    components = asked["data"]["components"]
    [post_it] = [c for c in p.custom_ids(components) if c.startswith("journey.post_now")]
    [body] = await harness.run(p.press(post_it, components, roles=[p.ORGANIZER_ROLE]))
    assert "on its way" in str(body["data"])
    await bot.deliver_due()
    assert len(harness.fake.find("POST", rf"/channels/{JOURNEY_CHANNEL}/messages$")) == 1
    [(parent, thread, name)] = harness.fake.threads
    assert parent == str(JOURNEY_CHANNEL) and name.startswith("Learning Journey")
    assert len(name) <= 100
    # the thread Discord opened on the post; a member answers there
    state = harness.adapter.client._connection
    state.parse_thread_create(  # type: ignore[arg-type]
        {
            "id": thread,
            "type": 11,
            "guild_id": str(p.GUILD),
            "parent_id": parent,
            "name": name,
            "owner_id": "1",
            "message_count": 0,
            "member_count": 1,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 10080,
                "archive_timestamp": "2026-01-05T15:00:00+00:00",
                "locked": False,
            },
        }
    )
    state.parse_message_create(_reply_in(int(thread), "We tried peer navigators", []))  # type: ignore[arg-type]
    for _ in range(50):
        async with bot.db.read() as session:
            kept = (await session.execute(select(JourneyReply))).scalars().all()
        if kept:
            break
        await asyncio.sleep(0.05)
    assert [r.text for r in kept] == ["We tried peer navigators"]
    assert kept[0].thread_id == thread  # matched by the thread, not by a message id


async def test_a_retried_prompt_does_not_fail_on_its_existing_thread(harness: Harness) -> None:
    from adapters.discord.outbox import DiscordOutbox
    from bot.model import Place, Reply
    from bot.outbox import Sent

    harness.fake.expect_refusals = True  # the second thread start is refused, as by Discord
    outbox = DiscordOutbox(harness.adapter.client)
    prompt = Reply(text="Prompt", private=False, thread="Learning Journey Q1")
    target = Place("discord", str(JOURNEY_CHANNEL))
    first = await outbox.post(target, prompt, key="journey:1")
    again = await outbox.post(target, prompt, key="journey:1")  # the nonce: the same message
    assert isinstance(first, Sent) and isinstance(again, Sent)
    assert first.external_id == again.external_id
    assert len(harness.fake.threads) == 1
    assert [c.status for c in harness.fake.find("POST", r"/threads$")] == [201, 400]
