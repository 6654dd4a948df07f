"""/as in the console: one terminal walks a whole loop as several people. An organizer adds
an event, a member answers, the organizer adds the recording, the member's DM shows with
numbered buttons and a number presses them; posts say when they went out."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.console.clock import clock_router
from adapters.console.outbox import ConsoleOutbox
from adapters.console.session import ConsoleSession
from tests.after.helpers import WEBINAR
from tests.harness import TestBot

LINK = "https://example.org/recordings/webinar"


@pytest.fixture
async def demo(database_url: str) -> AsyncIterator[tuple[TestBot, ConsoleSession, list[str]]]:
    holder: list[TestBot] = []
    bot = await TestBot.open(database_url, extra_routers=[clock_router(lambda: holder[0].runtime)])
    holder.append(bot)
    out: list[str] = []
    answers = ["Medicaid unwinding"]

    async def ask(prompt: str) -> str | None:
        out.append(prompt)
        return answers.pop(0) if answers else None

    outbox = ConsoleOutbox(write=out.append, clock=bot.clock, zone=bot.deps.settings.bot.zone)
    bot.deps.outbox.add("console", outbox)
    session = ConsoleSession(
        bot.runtime,
        bot.actor("olga", organizer=True),
        write=out.append,
        ask=ask,
        files=Path(tempfile.mkdtemp(prefix="console-files-")),
        outbox=outbox,
    )
    yield bot, session, out
    await bot.close()


def number_of(text: str, label: str) -> str:
    """The number the console printed before a button's label."""
    found = re.search(rf"\[(\d+)\] {re.escape(label)}", text)
    assert found, f"no button {label!r} in {text!r}"
    return found.group(1)


async def line(session: ConsoleSession, out: list[str], typed: str) -> str:
    before = len(out)
    await session.handle_line(typed)
    return "\n".join(out[before:])


async def test_one_terminal_walks_the_whole_loop(demo) -> None:  # type: ignore[no-untyped-def]
    bot, session, out = demo
    preview = await line(session, out, WEBINAR)
    saved = await line(session, out, number_of(preview, "Confirm"))
    event = re.search(r"#(\d+)", saved)
    assert event, saved

    said = await line(session, out, "/as amy")
    assert "typing as amy (a member)" in said and session.actor.user_id == "amy"
    refused = await line(session, out, "/clock advance 1h")
    assert "Only organizers" in refused
    listed = await line(session, out, "/events")
    await line(session, out, number_of(listed, "Going"))

    await line(session, out, "/as olga organizer")
    jumped = await line(session, out, "/clock advance 15d 5h")  # Jan 20, 2 PM: it is over
    assert "[DM amy · Mon Jan 19 1:00 PM CST] Reminder: Health Equity Webinar" in jumped
    assert "[DM amy · Tue Jan 20 12:00 PM CST] Reminder" in jumped
    added = await line(session, out, f"/events recording {event.group(1)} {LINK}")
    assert "1 member who said Going, Maybe or asked for it is sent the link" in added

    await line(session, out, "/as amy")
    await bot.deliver_due()  # amy is typing when her DM arrives
    dm = out[-1]
    assert dm.startswith("[DM amy · Tue Jan 20 2:00 PM CST] The recording of Health Equity")
    opened = await line(session, out, number_of(dm, "Watch the recording"))
    assert f"Open this link in your browser: {LINK}" in opened

    await line(session, out, "/as olga organizer")
    later = await line(session, out, "/clock advance 2h")
    assert "[DM amy · Tue Jan 20 3:00 PM CST] == How was Health Equity Webinar?" in later
    assert "[1] 1  [2] 2  [3] 3  [4] 4  [5] 5" in later
    back = await line(session, out, "/as amy")
    assert "typing as amy" in back
    rated = await line(session, out, "4")  # the buttons of the latest DM to amy: 1 to 5
    assert "You rated Health Equity Webinar 4 out of 5" in rated
    await line(session, out, number_of(rated, "What should we cover next?"))
    assert "organizers see your idea, without your name" in out[-1]


async def test_as_explains_itself_and_refuses_odd_names(demo) -> None:  # type: ignore[no-untyped-def]
    _bot, session, out = demo
    assert "You are typing as olga (an organizer)" in await line(session, out, "/as")
    assert "I cannot switch to 'amy boss'" in await line(session, out, "/as amy boss")
    assert "I cannot switch to" in await line(session, out, "/as <script>")
    assert session.actor.user_id == "olga"


async def test_json_shows_the_dm_with_its_buttons(demo) -> None:  # type: ignore[no-untyped-def]
    bot, session, out = demo
    session.as_json = True
    outbox = bot.deps.outbox.by_platform["console"]
    assert isinstance(outbox, ConsoleOutbox)
    outbox.as_json = True
    await line(session, out, WEBINAR)
    preview = json.loads(out[-1])
    confirm = [b["label"] for s in preview["sections"] for b in s.get("buttons", [])]
    await line(session, out, str(confirm.index("Confirm") + 1))
    switched = json.loads(await line(session, out, "/as amy"))
    assert "typing as amy" in switched["text"]
    listed = json.loads(await line(session, out, "/events"))
    labels = [b["label"] for s in listed["sections"] for b in s.get("buttons", [])]
    await line(session, out, str(labels.index("Going") + 1))
    await line(session, out, "/as olga organizer")
    await line(session, out, "/clock advance 15d 7h")
    event = listed["text"].split("(#", 1)[1].split(")", 1)[0]
    await line(session, out, f"/events recording {event} {LINK}")
    await line(session, out, "/as amy")
    await bot.deliver_due()  # amy is typing: her DM comes with the labels a number presses
    recording = json.loads(out[-1])
    assert recording["post"] == {"platform": "console", "dm": "amy"}
    assert recording["buttons"] == ["Watch the recording"]
    await line(session, out, "/as olga organizer")
    await line(session, out, "/as amy")  # back to amy: the buttons of her latest DM
    opened = json.loads(await line(session, out, "1"))
    assert opened["text"] == f"Open this link in your browser: {LINK}"
    dms = [json.loads(o) for o in out if o.startswith('{"post"')]
    [ask] = [d for d in dms if d["reply"]["text"].startswith("How was")]
    assert ask["post"] == {"platform": "console", "dm": "amy"}
    assert ask["sent_at"] == "2026-01-20T21:00:00+00:00"
    gone = json.loads(await line(session, out, "1"))  # the link's answer has no buttons
    assert gone["text"] == "There is no button 1 (buttons: none right now)."


def test_a_script_drives_the_loop_through_collab_bot_console_json(tmp_path: Path) -> None:
    """The real command, piped: one run on the first day, one after the session."""
    from tests.console.test_cli import collab_bot

    first = collab_bot(
        "console",
        "--json",
        "--user",
        "olga",
        "--organizer",
        "--clock",
        "2026-01-05T09:00-06:00",
        cwd=tmp_path,
        stdin=f"{WEBINAR}\n1\n/as amy\n/events\n1\n",
    )
    assert first.returncode == 0, first.stderr
    said = [json.loads(row) for row in first.stdout.splitlines()]
    replies = [r for r in said if "post" not in r]
    assert replies[1]["text"] == "Published Health Equity Webinar."
    assert "typing as amy" in replies[2]["text"]
    event = replies[3]["text"].split("Health Equity Webinar (#", 1)[1].split(")", 1)[0]
    assert "I will send you a direct message" in replies[4]["text"]

    after = collab_bot(
        "console",
        "--json",
        "--user",
        "olga",
        "--organizer",
        "--clock",
        "2026-01-20T14:30-06:00",
        cwd=tmp_path,
        stdin=f"/events recording {event} {LINK}\n/as amy\n1\n"
        "/as olga organizer\n/clock advance 1h\n/as amy\n4\n",
    )
    assert after.returncode == 0, after.stderr
    said = [json.loads(row) for row in after.stdout.splitlines()]
    posts = [r for r in said if "post" in r and r["post"].get("dm") == "amy"]
    assert [p["reply"]["text"].split(":")[0] for p in posts] == [
        "The recording of Health Equity Webinar is ready",
        "How was Health Equity Webinar?",
    ]
    assert posts[1]["sent_at"] == "2026-01-20T21:00:00+00:00"
    replies = [r["text"] for r in said if "post" not in r]
    assert f"Open this link in your browser: {LINK}" in replies
    assert "Thank you! You rated Health Equity Webinar 4 out of 5." in replies
