"""/events recording: a library item of type webinar recording, one DM with the link to who
said Going, the covered notice to the followers of the suggestions it covered, and a second
add that changes the link and messages no one."""

from __future__ import annotations

from collections import Counter

from bot.features.resources.api import RECORDING
from storage import resources
from tests.after.helpers import dms_to, publish, say_going
from tests.harness import TestBot, reply_text
from tests.topics.helpers import decide, suggest

LINK = "https://example.org/recordings/health-equity"


def recording_dms(bot: TestBot) -> Counter[str]:
    return Counter(
        target.user_id
        for target, reply, _ in bot.posts()
        if reply.text.startswith("The recording of")
    )


async def test_the_recording_reaches_who_said_going_once_and_covers_the_plan(
    bot: TestBot,
) -> None:
    event_id = await publish(bot)
    sid = await suggest(bot, "Medicaid unwinding and continuous coverage", "sue", "slack")
    listing = await bot.command("/topics", "vic", platform="discord")
    await bot.press(listing, "Vote", "vic", platform="discord")
    await decide(bot, f"/topics plan {sid} {event_id}", "olu")
    await say_going(bot, "ana", "slack")
    await say_going(bot, "ben", "discord")

    early = await bot.command(f"/events recording {event_id} {LINK}", "olu", organizer=True)
    assert "has not taken place yet" in early.text
    await bot.advance("15d 6h")  # the session is over
    bot.clear_posts()
    added = await bot.command(
        f'/events recording {event_id} {LINK} about:"Slides at the end"', "olu", organizer=True
    )
    assert "2 members who said Going, Maybe or asked for it are sent the link" in added.text
    assert "1 planned suggestion marked covered" in added.text
    await bot.advance("1m")
    assert recording_dms(bot) == Counter({"ana": 1, "ben": 1})
    [dm] = [r for r in dms_to(bot, "ana") if r.text.startswith("The recording of")]
    assert LINK in reply_text(dm)
    assert [b.url for s in dm.sections for b in s.buttons] == [LINK]

    for follower, platform in (("sue", "slack"), ("vic", "discord")):
        [notice] = [r for r in dms_to(bot, follower, platform) if r.text.startswith("Update")]
        assert "covered by Health Equity Webinar" in notice.text and LINK in notice.text
        assert "Watch the recording" in [b.label for s in notice.sections for b in s.buttons]

    async with bot.db.read() as session:
        item = await resources.get_by_key(session, "https://example.org/recordings/health-equity")
    assert item is not None
    assert item.type == "webinar recording" and item.title == "Health Equity Webinar"
    assert "Medicaid unwinding and continuous coverage" in item.topics
    assert item.description == "Slides at the end"

    bot.clear_posts()
    moved = "https://example.org/recordings/health-equity-v2"
    again = await bot.command(f"/events recording {event_id} {moved}", "olu", organizer=True)
    assert "No one is messaged again" in again.text
    await bot.advance("1h")
    assert bot.posts() == []
    async with bot.db.read() as session:
        assert await resources.get(session, item.id or 0) is not None
        changed = await resources.get(session, item.id or 0)
    assert changed is not None and changed.url == moved


async def test_bad_recording_input_gets_short_answers(bot: TestBot) -> None:
    event_id = await publish(bot)
    await bot.advance("16d")
    member = await bot.command(f"/events recording {event_id} {LINK}", "ana")
    assert "organizers" in member.text.lower()
    unknown = await bot.command(f"/events recording 999 {LINK}", "olu", organizer=True)
    assert "There is no event #999" in unknown.text
    bad = await bot.command(
        f"/events recording {event_id} javascript:alert(1)", "olu", organizer=True
    )
    assert "The recording's link: not a web link (http:// or https://)" in bad.text
    nothing = await bot.command(f"/events recording {event_id}", "olu", organizer=True)
    assert "url" in nothing.text.lower()
    async with bot.db.read() as session:
        assert await resources.count(session) == 0


async def test_a_series_session_is_named_by_its_date_and_a_known_link_is_reused(
    bot: TestBot,
) -> None:
    from tests.resources.helpers import load_rows

    await load_rows(bot, [{"title": "Our own copy", "url": "https://example.org/known"}])
    series = await publish(
        bot, '/events add Office hours when:"January 6 1pm CST" length:1h repeat:weekly'
    )
    await say_going(bot, "ana")
    await bot.advance("8d 6h")  # Jan 13, 3 PM: the second session is over
    added = await bot.command(f"/events recording {series} {LINK}", "olu", organizer=True)
    assert "Added the recording of Office hours" in added.text
    async with bot.db.read() as session:
        item = await resources.get_by_key(session, "https://example.org/recordings/health-equity")
    assert item is not None and item.title == "Office hours, Jan 13 2026"

    other = await publish(bot, '/events add Town hall when:"January 14 1pm CST" length:1h')
    await bot.advance("1d 1h")
    reused = await bot.command(
        f"/events recording {other} https://example.org/known", "olu", organizer=True
    )
    async with bot.db.read() as session:
        known = await resources.get_by_key(session, "https://example.org/known")
    assert known is not None and known.title == "Our own copy" and known.type != RECORDING
    assert f"#{known.id}" in reused.text
