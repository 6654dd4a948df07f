"""Signed requests into the real bolt AsyncApp in HTTP mode; answers asserted at the fake."""

from __future__ import annotations

import json
import time
from typing import Any

from adapters.slack.forms import Origin
from tests.slack.blockkit import valid_message, valid_view
from tests.slack.conftest import CALENDAR, ORGANIZER, SlackEnv, sign
from tests.slack.payloads import answer, block_action, submission


async def test_slash_command_acks_then_answers_privately(slack: SlackEnv) -> None:
    status, body = await slack.command("/echo hello")
    assert (status, body) == (200, "")
    (reply,) = await answer(slack)
    assert reply["response_type"] == "ephemeral"
    assert "You said: hello" in reply["text"]
    valid_message(reply)


async def test_help_lists_commands_with_their_slack_names(slack: SlackEnv) -> None:
    await slack.command("/help")
    (reply,) = await answer(slack)
    valid_message(reply)
    assert "/events" in str(reply["blocks"])  # page 1 holds the first-day commands
    await slack.command("/help echo")
    (_, detail) = await answer(slack, 2)
    valid_message(detail)
    assert "/echo" in str(detail["blocks"])


async def test_reserved_name_is_prefixed(slack: SlackEnv) -> None:
    status, _ = await slack.command("/shrug")
    assert status == 404  # Slack keeps /shrug; the app never registered it
    status, _ = await slack.command("/collab-shrug")
    assert status == 200
    assert (await answer(slack))[0]["text"] == "shrugged"


async def test_hostile_text_is_inert(slack: SlackEnv) -> None:
    await slack.command("/echo <!channel> @here <@U1> & <script>")
    (reply,) = await answer(slack)
    valid_message(reply)
    shown = json.dumps(reply, ensure_ascii=False)
    assert "<!channel>" not in shown and "<@U1>" not in shown and "<script>" not in shown
    assert "&lt;!channel&gt;" in shown and "@\u2060here" in shown


async def test_organizer_only_commands_refuse_members(slack: SlackEnv) -> None:
    await slack.command("/boss", user="U1")
    await slack.command("/boss", user=ORGANIZER)
    await slack.command("/boss", user="UGROUP")
    replies = await answer(slack, 3)
    by_url = {r["id"]: r["text"] for r in replies}
    assert "Only organizers" in by_url["cmd-0"]
    assert by_url["cmd-1"] == by_url["cmd-2"] == "Hello, organizer."
    assert slack.fake.to("usergroups.users.list")[0]["usergroup"] == "S-ORG"


async def test_share_button_posts_in_channel_and_removes_the_private_copy(
    slack: SlackEnv,
) -> None:
    await slack.command("/echo good news")
    (first,) = await answer(slack)
    button = next(b for b in first["blocks"] if b["type"] == "actions")["elements"][0]
    assert button["action_id"] == "slacktest.share:good news"
    url = slack.fake.response_url("press")
    status, _ = await slack.interact(block_action(button["action_id"], response_url=url))
    assert status == 200
    shared = (await answer(slack, 2))[1]
    assert shared["response_type"] == "in_channel"
    assert shared["delete_original"] is True
    assert "u1 shared: good news" in shared["text"]


async def test_unknown_button_gets_a_polite_answer(slack: SlackEnv) -> None:
    url = slack.fake.response_url("press")
    await slack.interact(block_action("gone.feature:1", response_url=url))
    (reply,) = await answer(slack)
    assert "older version" in reply["text"]


async def test_form_opens_modal_and_shows_field_errors(slack: SlackEnv) -> None:
    await slack.command("/formtest", channel="C9")
    opened = await slack.fake.wait_for(lambda: slack.fake.to("views.open"))
    assert opened[0]["trigger_id"] == "trig-1"
    view = opened[0]["view"]
    valid_view(view)
    assert Origin.load(view["private_metadata"]).channel_id == "C9"

    status, body = await slack.interact(submission(view, {"title": "ab", "kind": "webinar"}))
    assert status == 200
    assert json.loads(body) == {
        "response_action": "errors",
        "errors": {"title": "Please write at least 3 characters."},
    }
    assert slack.fake.responses == []

    status, body = await slack.interact(submission(view, {"title": "Housing", "kind": "webinar"}))
    assert (status, body) == (200, "")
    (reply,) = await answer(slack)
    assert reply["text"] == "Saved Housing (webinar) [k1]"
    assert reply["id"] == "cmd-0"  # back through the command's response_url


async def test_thread_replies_reach_listeners_once(slack: SlackEnv) -> None:
    reply = {
        "type": "message",
        "channel": "C-J",
        "user": "U1",
        "text": "I learned &lt;a lot&gt;",
        "ts": "2.0",
        "thread_ts": "1.0",
    }
    assert (await slack.event(reply, "Ev1"))[0] == 200
    await slack.event(reply, "Ev1")  # Slack's retry of the same delivery
    await slack.event({**reply, "ts": "1.0", "thread_ts": "1.0"}, "Ev2")  # the parent itself
    await slack.event({**reply, "thread_ts": None}, "Ev3")  # not in a thread
    await slack.event({**reply, "bot_id": "B2", "ts": "3.0"}, "Ev4")  # another bot
    await slack.event({**reply, "ts": "4.0", "text": "second"}, "Ev5")
    heard = await slack.fake.wait_for(lambda: slack.heard if len(slack.heard) >= 2 else None)
    # bolt handles each event after acking it, so the two may be heard in either order
    assert sorted((m.text, m.place.thread_id, m.message_id) for m in heard) == [
        ("I learned <a lot>", "1.0", "2.0"),
        ("second", "1.0", "4.0"),
    ]


async def test_app_home_is_published(slack: SlackEnv) -> None:
    event = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}
    assert (await slack.event(event))[0] == 200
    (published,) = await slack.fake.wait_for(lambda: slack.fake.to("views.publish"))
    assert published["user_id"] == "U1"
    valid_view(published["view"])
    shown = str(published["view"])
    assert "upcoming events" in shown and "Top open topics" in shown


async def test_bad_signatures_and_old_timestamps_are_refused(slack: SlackEnv) -> None:
    forged = sign("command=%2Fecho", secret="wrong-secret")
    stale = sign("", timestamp=int(time.time()) - 600)
    for headers in (forged, stale, {}, {"X-Slack-Request-Timestamp": "1"}):
        status, _ = await slack.command("/echo hi", headers=headers)
        assert status == 401
    tampered = sign("text=other")
    status, _ = await slack.command("/echo hi", headers=tampered)
    assert status == 401
    assert slack.fake.responses == []


async def test_long_answers_are_paged(slack: SlackEnv) -> None:
    """25 cards do not fit one message: every card arrives once, in order, over pages that
    each fit Slack's limits (this once passed with one page, whatever paging did)."""
    await slack.command("/many")
    replies = await answer(slack, count=2)
    await slack.fake.wait_for(lambda: len(cards(replies)) >= 25)
    assert len(replies) >= 2
    for reply in replies:
        valid_message(reply)
        assert len(reply["blocks"]) <= 50
    assert cards(replies) == [f"Card {n}" for n in range(25)]


def cards(replies: list[dict[str, Any]]) -> list[str]:
    """The card titles in these messages, in order."""
    texts = [b.get("text", {}).get("text", "") for r in replies for b in r["blocks"]]
    return [t.split("\n")[0].strip("*") for t in texts if t.startswith("*Card ")]


async def test_attachments_go_to_the_members_dm(slack: SlackEnv) -> None:
    await slack.command("/ics")
    (reply,) = await answer(slack)
    assert reply["text"] == "Here is the calendar file."
    (done,) = await slack.fake.wait_for(lambda: slack.fake.to("files.completeUploadExternal"))
    assert done["channel_id"] == "D-U1"
    assert slack.fake.uploads == {"F1": CALENDAR.content}


async def test_slow_form_closes_the_modal_and_answers_in_the_conversation(
    slack: SlackEnv,
) -> None:
    await slack.command("/formtest")
    (opened,) = await slack.fake.wait_for(lambda: slack.fake.to("views.open"))
    slack.bridge.form_wait = 0.01
    status, body = await slack.interact(submission(opened["view"], {"title": "wait"}))
    assert (status, body) == (200, "")  # the modal closed while the handler still runs
    assert slack.fake.responses == []
    slack.gate.set()
    (reply,) = await answer(slack)
    assert reply["text"].startswith("Saved wait")


async def test_a_form_that_cannot_open_says_so(slack: SlackEnv) -> None:
    slack.fake.fail("views.open", "500", times=None)
    await slack.command("/formtest")
    (reply,) = await answer(slack)
    assert "could not open" in reply["text"]


async def test_home_buttons_answer_by_dm_and_refresh_the_tab(slack: SlackEnv) -> None:
    home = {"type": "home", "id": "V1", "blocks": []}
    status, _ = await slack.interact(block_action("slacktest.share:hi", view=home))
    assert status == 200
    (posted,) = await slack.fake.wait_for(lambda: slack.fake.to("chat.postMessage"))
    assert posted["channel"] == "C1" or posted["channel"].startswith("D-")
    (published,) = await slack.fake.wait_for(lambda: slack.fake.to("views.publish"))
    assert published["user_id"] == "U1"
    assert slack.fake.responses == []


async def test_command_text_arrives_as_typed(slack: SlackEnv) -> None:
    await slack.command("/echo a &amp; b &lt;x&gt;")  # how Slack sends "a & b <x>"
    (reply,) = await answer(slack)
    assert reply["text"] == "You said: a &amp; b &lt;x&gt;"
    assert "replace_original" in reply and reply["replace_original"] is False


async def test_a_form_from_an_older_version_is_answered_politely(slack: SlackEnv) -> None:
    origin = Origin("C1", None, slack.fake.response_url("old-form"))
    view = {
        "type": "modal",
        "callback_id": "gone.form",
        "private_metadata": origin.dump(),
        "title": {"type": "plain_text", "text": "Old"},
        "blocks": [],
    }
    status, body = await slack.interact(submission(view, {"title": "x"}))
    assert (status, body) == (200, "")
    (reply,) = await answer(slack)
    assert reply["id"] == "old-form" and "older version" in reply["text"]
