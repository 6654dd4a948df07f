"""/digest and /settings through the real bolt app, the digest DM through the Slack outbox,
and the settings on the App Home: every payload checked by the strict fake."""

from __future__ import annotations

from typing import Any

from adapters.slack.outbox import SlackOutbox, web_client
from tests.digest.support import add_item, local
from tests.slack.blockkit import valid_message, valid_view
from tests.slack.conftest import SlackEnv
from tests.slack.payloads import answer, block_action, submission


def action_ids(blocks: list[dict[str, Any]]) -> dict[str, str]:
    """Button label -> action id, over every actions block."""
    return {
        e["text"]["text"]: e["action_id"]
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if "action_id" in e
    }


async def said(slack: SlackEnv, line: str) -> dict[str, Any]:
    """Send a command and wait for its answer (bolt answers each after acking, in any order)."""
    await slack.command(line)
    name = f"cmd-{slack.sent_commands - 1}"
    found = await slack.fake.wait_for(
        lambda: [r for r in slack.fake.responses if r.get("id") == name]
    )
    return found[0]  # type: ignore[no-any-return]


async def test_digest_commands_and_the_dm(slack: SlackEnv) -> None:
    bot = slack.bot
    client = web_client("xoxb-test", slack.fake.api_url, backoff_factor=0.01, max_wait=1)
    bot.deps.outbox.add("slack", SlackOutbox(client))
    bot.clock.set(local("2026-01-06 10:00"))
    zone = await said(slack, "/timezone Chicago")
    bad = await said(slack, "/digest fortnightly")
    done = await said(slack, "/digest weekly on Wednesday at 7:30am")
    assert "America/Chicago" in zone["text"]
    assert bad["text"].startswith("'fortnightly' is not a digest I send.")
    assert "weekly, on Wednesdays at 07:30" in done["text"], done["text"]
    valid_message(done)
    await add_item(bot, "Language access toolkit", "https://example.org/language")
    await bot.advance("1d")  # Wednesday 10:00 Chicago: the 7:30 digest went out
    [posted] = [m for m in slack.fake.to("chat.postMessage") if m["channel"] == "D-U1"]
    valid_message(posted)
    shown = str(posted["blocks"])
    assert "Language access toolkit" in shown and "/digest off" in shown
    assert posted["metadata"]["event_payload"]["key"].startswith("digest:slack:U1:")
    stop = action_ids(posted["blocks"])["Stop my digest"]
    url = slack.fake.response_url("stop")
    await slack.interact(block_action(stop, response_url=url, ephemeral=False))
    stopped = (await answer(slack, 4))[3]
    assert stopped["text"].startswith("Done: no more digests")
    await add_item(bot, "Second item", "https://example.org/second")
    await bot.advance("8d")
    assert len([m for m in slack.fake.to("chat.postMessage") if m["channel"] == "D-U1"]) == 1


async def test_settings_command_buttons_and_the_zone_form(slack: SlackEnv) -> None:
    await slack.command("/settings")
    (panel,) = await answer(slack)
    valid_message(panel)
    shown = str(panel["blocks"])
    for title in ("Time zone", "Reminder times", "Learning journey", "Digest"):
        assert title in shown
    buttons = action_ids(panel["blocks"])
    await slack.interact(block_action(buttons["Weekly"], response_url=slack.fake.response_url("w")))
    weekly = (await answer(slack, 2))[1]
    valid_message(weekly)
    assert weekly["replace_original"] is True
    assert "weekly, on Mondays at 09:00" in weekly["text"]
    await slack.interact(
        block_action(buttons["Change time zone"], response_url=slack.fake.response_url("z"))
    )
    opened = await slack.fake.wait_for(lambda: slack.fake.to("views.open"))
    view = opened[0]["view"]
    valid_view(view)
    await slack.interact(submission(view, {"zone": "Denver"}))
    saved = (await answer(slack, 3))[2]
    assert "America/Denver" in saved["text"] and "Your settings" in str(saved["blocks"])
    told = await said(slack, "/digest")
    assert "(America/Denver)" in told["text"]


async def test_the_app_home_shows_and_changes_the_settings(slack: SlackEnv) -> None:
    event = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}
    await slack.event(event)
    (first,) = await slack.fake.wait_for(lambda: slack.fake.to("views.publish"))
    valid_view(first["view"])
    assert "Your settings" in str(first["view"]) and "You get no digest" in str(first["view"])
    monthly = action_ids(first["view"]["blocks"])["Monthly"]
    await slack.interact(block_action(monthly, view=first["view"]))
    published = await slack.fake.wait_for(
        lambda: slack.fake.to("views.publish") if len(slack.fake.to("views.publish")) > 1 else None
    )
    valid_view(published[-1]["view"])
    assert "Your digest comes monthly" in str(published[-1]["view"])
