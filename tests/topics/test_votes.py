"""/topics and voting: one vote per member, toggled, exact under concurrent presses."""

from __future__ import annotations

import asyncio

from adapters.console.render import render as console_render
from bot.actions import Action
from storage import topics as store
from tests.harness import TestBot, all_buttons, reply_text
from tests.topics.helpers import an_event, decide, suggest

IDEAS = [
    "Rural broadband and telehealth",
    "Maternal health in Black communities",
    "Language access in clinics",
    "Food as medicine programs",
    "School-based health centers",
    "Harm reduction and naloxone",
    "Medical debt and credit reports",
]


async def votes_for(bot: TestBot, sid: int) -> int:
    async with bot.db.read() as session:
        return await store.vote_count(session, sid)


async def test_vote_toggles_and_the_label_says_so(bot: TestBot) -> None:
    sid = await suggest(bot, "Rural broadband and telehealth")
    listing = await bot.command("/topics", "bo")
    assert "▲ Vote (0)" in [b.label for b in all_buttons(listing)]
    first = await bot.press(listing, "Vote", "bo")
    assert "It has 1 vote" in first.text
    again = await bot.command("/topics", "bo")
    assert any(b.label.startswith("✓ Voted (1)") for b in all_buttons(again))
    undo = await bot.press(again, "Voted", "bo")
    assert "took back" in undo.text and await votes_for(bot, sid) == 0


async def test_a_vote_in_the_listing_redraws_that_page_in_place(bot: TestBot) -> None:
    for n, idea in enumerate(IDEAS):
        await suggest(bot, idea, f"author{n}")
    first = await bot.command("/topics sort:newest", "bo")
    second = await bot.press(first, "More", "bo")
    assert second.replace_original and "6-7 of 7" in second.text
    voted = await bot.press(second, "Vote (0)", "bo")
    assert voted.replace_original and voted.text.startswith("You voted for")
    assert "6-7 of 7" in voted.text and "newest first" in voted.text
    labels = [b.label for b in all_buttons(voted)]
    assert "✓ Voted (1) · press to take back" in labels and "▲ Vote (0)" in labels
    undone = await bot.press(voted, "Voted (1)", "bo")
    assert undone.replace_original and "took back" in undone.text
    assert [b.label for b in all_buttons(undone)].count("▲ Vote (0)") == 2


async def test_a_vote_outside_the_listing_answers_anew(bot: TestBot) -> None:
    sid = await suggest(bot, "Rural broadband and telehealth")
    reply = await bot.press_action(Action("topics.vote", (str(sid),)), "bo")
    assert not reply.replace_original and "It has 1 vote" in reply.text
    stale = await bot.press_action(Action("topics.vote", (str(sid), "odd", "", "x")), "bo")
    assert not stale.replace_original and "took back" in stale.text


async def test_slack_and_discord_members_count_in_one_tally(bot: TestBot) -> None:
    sid = await suggest(bot, "Rural broadband and telehealth", "ana", "slack")
    vote = Action("topics.vote", (str(sid),))
    await bot.press_action(vote, "bo", platform="slack")
    reply = await bot.press_action(vote, "cy", platform="discord")
    assert "It has 2 votes" in reply.text
    assert "(2 votes)" in (await bot.command("/topics", "dee", platform="discord")).text


async def test_many_members_pressing_at_once_are_all_counted(bot: TestBot) -> None:
    sid = await suggest(bot, "Rural broadband and telehealth")
    vote = Action("topics.vote", (str(sid),))
    platforms = ("slack", "discord")
    replies = await asyncio.gather(
        *(bot.press_action(vote, f"m{n}", platform=platforms[n % 2]) for n in range(24))
    )
    assert all("You voted" in r.text for r in replies)
    assert await votes_for(bot, sid) == 24


async def test_one_member_pressing_many_times_at_once_toggles_exactly(bot: TestBot) -> None:
    sid = await suggest(bot, "Rural broadband and telehealth")
    vote = Action("topics.vote", (str(sid),))
    await asyncio.gather(*(bot.press_action(vote, "bo", platform="discord") for _ in range(5)))
    assert await votes_for(bot, sid) == 1
    await asyncio.gather(*(bot.press_action(vote, "bo", platform="discord") for _ in range(4)))
    assert await votes_for(bot, sid) == 1
    mixed = [bot.press_action(vote, f"m{n}", platform="slack") for n in range(6) for _ in range(2)]
    await asyncio.gather(*mixed)
    assert await votes_for(bot, sid) == 1


async def test_most_votes_first_newest_and_by_status(bot: TestBot) -> None:
    ids = [await suggest(bot, idea, f"a{n}") for n, idea in enumerate(IDEAS[:3])]
    await bot.advance("1m")
    for voter in ("bo", "cy"):
        await bot.press_action(Action("topics.vote", (str(ids[1]),)), voter)
    await bot.press_action(Action("topics.vote", (str(ids[2]),)), "bo")
    top = await bot.command("/topics")
    assert [s.title.split(" ", 1)[0] for s in top.sections[:3]] == [
        f"#{ids[1]}",
        f"#{ids[2]}",
        f"#{ids[0]}",
    ]
    newest = await bot.command("/topics sort:newest")
    assert newest.sections[0].title.startswith(f"#{ids[2]}")
    await decide(bot, f"/topics plan {ids[0]} {await an_event(bot)}", "org")
    planned = await bot.command("/topics status:planned")
    assert len([s for s in planned.sections if s.title]) == 1 and f"#{ids[0]}" in planned.text
    assert f"#{ids[0]} " not in (await bot.command("/topics")).text


async def test_five_per_page_with_more(bot: TestBot) -> None:
    for n, idea in enumerate(IDEAS):
        await suggest(bot, idea, f"a{n}")
    first = await bot.command("/topics")
    assert len([s for s in first.sections if s.title]) == 5 and "1-5 of 7" in first.text
    second = await bot.press(first, "More")
    assert second.replace_original and "6-7 of 7" in second.text
    assert "More" not in [b.label for b in all_buttons(second)]
    assert "Previous" not in [b.label for b in all_buttons(first)]
    back = await bot.press(second, "Previous")
    assert back.replace_original and "1-5 of 7" in back.text


async def test_closed_and_unknown_suggestions_take_no_votes(bot: TestBot) -> None:
    sid = await suggest(bot, "Rural broadband and telehealth")
    await decide(bot, f"/topics decline {sid} Covered by the state's program", "org")
    refused = await bot.press_action(Action("topics.vote", (str(sid),)), "bo")
    assert "declined" in refused.text and await votes_for(bot, sid) == 0
    missing = await bot.press_action(Action("topics.vote", ("999",)), "bo")
    assert "no suggestion #999" in missing.text
    broken = await bot.press_action(Action("topics.vote", ("<@U1>",)), "bo")
    assert "out of date" in broken.text


async def test_mine_lists_suggestions_and_votes_with_status(bot: TestBot) -> None:
    assert "haven't suggested" in (await bot.command("/topics mine", "bo")).text
    mine = await suggest(bot, "Rural broadband and telehealth", "bo", "console")
    theirs = await suggest(bot, "Maternal health in Black communities", "ana", "console")
    await bot.press_action(Action("topics.vote", (str(theirs),)), "bo")
    await decide(bot, f"/topics plan {theirs} {await an_event(bot)}", "org")
    reply = await bot.command("/topics mine", "bo")
    text = reply_text(reply)
    assert "Your suggestions" in text and "Your votes" in text
    assert f"#{mine} Rural broadband and telehealth · open" in text
    assert f"#{theirs} Maternal health in Black communities · planned · 1 vote" in text
    shown = console_render(reply).text
    assert "\n\n\n" not in shown, shown  # no blank line left under a list
