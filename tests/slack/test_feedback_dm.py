"""The feedback DM's buttons and its "what next" form through slack-bolt and the Slack
library: a tap on the DM, the form, the answer kept (the form is reached only from that
DM, so test_every_form leaves it here)."""

from __future__ import annotations

import json

from bot.model import DirectMessage
from storage import after as store
from storage.models.after import SessionFeedback
from tests.after.helpers import publish, say_going
from tests.harness import TestBot, all_buttons
from tests.slack.conftest import SlackEnv
from tests.slack.payloads import block_action, submission

SLACK_MEMBER = "UMEMBER"


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


async def test_slack_rate_then_what_next(slack: SlackEnv) -> None:
    bot = slack.bot
    event_id = await publish(bot)
    await say_going(bot, SLACK_MEMBER, "slack")
    await bot.advance("15d 7h")
    buttons = feedback_buttons(bot, "slack", SLACK_MEMBER)
    assert list(buttons) == ["1", "2", "3", "4", "5"]

    url = slack.fake.response_url("rate")
    status, _ = await slack.interact(
        block_action(buttons["5"], user=SLACK_MEMBER, response_url=url)
    )
    assert status == 200
    await slack.fake.wait_for(lambda: len(slack.fake.responses) >= 1)
    thanks = slack.fake.responses[-1]
    assert "You rated Health Equity Webinar 5 out of 5" in thanks["text"]
    [ask] = [
        e["action_id"]
        for block in thanks["blocks"]
        if block["type"] == "actions"
        for e in block["elements"]
    ]
    status, _ = await slack.interact(block_action(ask, user=SLACK_MEMBER, response_url=url))
    await slack.fake.wait_for(lambda: len(slack.fake.to("views.open")) == 1)
    view = slack.fake.to("views.open")[0]["view"]
    status, body = await slack.interact(
        submission({**view, "id": "V9"}, {"next": "Community health workers"}, SLACK_MEMBER)
    )
    assert status == 200 and not (body and json.loads(body).get("errors"))
    await slack.fake.wait_for(lambda: len(slack.fake.responses) >= 2)
    [row] = await answers(bot)
    assert (row.rating, row.next_topic) == (5, "Community health workers")
    async with bot.db.read() as session:
        [shown] = await store.next_topics(session, [event_id])
    assert shown.text == "Community health workers"
