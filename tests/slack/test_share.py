""" "Share in channel" on Slack posts one result for everyone and says who shared it."""

from __future__ import annotations

from adapters.slack.render import messages
from bot.model import Actor, Reply, Section, Span, mention_of
from bot.serialize import reply_from_dict, reply_to_dict
from tests.resources.helpers import load_rows
from tests.slack.blockkit import valid_message
from tests.slack.conftest import SlackEnv
from tests.slack.payloads import answer, block_action


async def test_shared_results_name_the_member_who_shared_them(slack: SlackEnv) -> None:
    rows = [
        {"title": "Rural health guide", "url": "https://example.org/r"},
        {"title": "Rural health atlas", "url": "https://example.org/a"},
    ]
    await load_rows(slack.bot, rows)
    await slack.command("/resources rural health", user="U5")
    (results,) = await answer(slack)
    share = next(
        element
        for block in results["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["text"]["text"] == "Share in channel"
    )
    url = slack.fake.response_url("share")
    await slack.interact(block_action(share["action_id"], user="U5", response_url=url))
    _, shared = await answer(slack, 2)
    valid_message(shared)
    assert shared["response_type"] == "in_channel"
    assert "Shared by <@U5>" in str(shared["blocks"])
    first = "Rural health atlas" if "Rural health atlas" in str(shared) else "Rural health guide"
    other = {"Rural health atlas", "Rural health guide"} - {first}
    assert other.pop() not in str(shared), "only the one item is shared, not the page"
    assert "Shared by u5." in shared["text"]  # the notification names them without a ping


def test_only_a_slack_member_becomes_a_slack_mention() -> None:
    spans = (
        mention_of(Actor("slack", "U5", "ana")),
        Span(" "),
        mention_of(Actor("discord", "123", "<!channel> bo")),
        Span(" "),
        Span("<@U9>", mention="slack:<@U9>"),
    )
    (payload,) = messages(Reply(text="t", sections=(Section(text=spans),)))
    valid_message(payload)
    shown = payload["blocks"][-1]["text"]["text"]
    assert shown == "<@U5> &lt;!channel&gt; bo &lt;@U9&gt;"


def test_a_mention_survives_the_delivery_queue() -> None:
    reply = Reply(text="t", sections=(Section(text=(mention_of(Actor("slack", "U5", "ana")),)),))
    assert reply_from_dict(reply_to_dict(reply)) == reply


async def test_a_partial_match_note_reaches_slack(slack: SlackEnv) -> None:
    rows = [
        {"title": "Rural clinic guide", "url": "https://example.org/1"},
        {"title": "Food bank list", "url": "https://example.org/2"},
        *({"title": f"Report {n}", "url": f"https://example.org/r{n}"} for n in range(8)),
    ]
    await load_rows(slack.bot, rows)
    await slack.command("/resources rural food", user="U5")
    (results,) = await answer(slack)
    valid_message(results)
    assert "No item has all of those words; these have some of them." in str(results["blocks"])
