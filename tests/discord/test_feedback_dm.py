"""The feedback DM's buttons and its "what next" form through discord.py and the Discord
library: a tap on the DM, the form, a second tap refused (the form is reached only from
that DM, so test_every_form leaves it here)."""

from __future__ import annotations

from typing import Any

from bot.model import DirectMessage
from storage.models.after import SessionFeedback
from tests.after.helpers import publish, say_going
from tests.discord import payloads as p
from tests.discord.conftest import Harness
from tests.harness import TestBot, all_buttons


def feedback_buttons(bot: TestBot, platform: str, user: str) -> dict[str, str]:
    [reply] = [
        reply
        for target, reply, _ in bot.posts(platform)
        if isinstance(target, DirectMessage)
        and target.user_id == user
        and reply.text.startswith("How was")
    ]
    return {b.label: b.action.encode() for b in all_buttons(reply) if b.action}


async def answers(bot: TestBot) -> list[SessionFeedback]:
    async with bot.db.read() as session:
        from sqlalchemy import select

        return list((await session.execute(select(SessionFeedback))).scalars())


def shown(body: dict[str, Any]) -> str:
    """What Discord shows of an answer: its content and its embeds' text."""
    data = body["data"]
    embeds = [f"{e.get('title', '')} {e.get('description', '')}" for e in data.get("embeds", [])]
    return " ".join([data.get("content", ""), *embeds])


async def test_discord_rate_then_what_next(harness: Harness) -> None:
    bot = harness.bot
    await publish(bot)
    member = str(p.MEMBER)
    await say_going(bot, member, "discord")
    await bot.advance("15d 7h")
    buttons = feedback_buttons(bot, "discord", member)
    rows = [
        {
            "type": 1,
            "components": [
                {"type": 2, "style": 2, "label": label, "custom_id": custom_id}
                for label, custom_id in buttons.items()
            ],
        }
    ]
    [body] = await harness.run(p.press(buttons["3"], rows))
    assert body["type"] in (4, 7)
    assert "You rated Health Equity Webinar 3 out of 5" in shown(body)
    [ask] = p.custom_ids(body["data"]["components"])
    [modal] = await harness.run(p.press(ask, body["data"]["components"]))
    assert modal["type"] == 9
    [done] = await harness.run(p.submit(modal["data"]["custom_id"], {"next": "Doulas"}))
    assert "without your name" in shown(done)
    [again] = await harness.run(p.press(buttons["4"], rows))
    assert "You already rated" in shown(again)
    [row] = await answers(bot)
    assert (row.rating, row.next_topic) == (3, "Doulas")


async def test_discord_events_admin_recording(harness: Harness) -> None:
    bot = harness.bot
    event_id = await publish(bot)
    member = str(p.MEMBER)
    await say_going(bot, member, "discord")
    await bot.advance("15d 6h")
    options = [p.option("event", str(event_id)), p.option("url", "https://example.org/rec")]
    [refused] = await harness.run(p.command("events-admin", options, sub="recording"))
    assert "organizers" in shown(refused).lower()
    [added] = await harness.run(
        p.command("events-admin", options, sub="recording", roles=[p.ORGANIZER_ROLE])
    )
    assert "1 member who said Going, Maybe or asked for it is sent the link" in shown(added)
    await bot.advance("1m")
    sent = [r for t, r, _ in bot.posts("discord") if r.text.startswith("The recording of")]
    assert len(sent) == 1 and "https://example.org/rec" in sent[0].text
