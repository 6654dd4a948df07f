"""The personal journey through the core: the kick-off DM and its form, three items for the
goal (never one the member saved), Not this quarter, bad input, an old kick-off pressed next
quarter, "Did you get there?", /journey mine, what organizers see, and /privacy."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.features.resources.starter import load as load_library
from bot.model import DirectMessage, Reply
from tests.harness import TestBot, all_buttons, reply_text
from tests.journey.support import journey_settings, local

GOAL = "Build a coalition with housing and transportation partners"


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[TestBot]:
    bot = await TestBot.open(
        database_url, settings=journey_settings(), start=local("2026-03-31 12:00")
    )
    await load_library(bot.deps)
    await bot.command("/journey", "ana")  # the bot now knows ana
    yield bot
    await bot.close()


def dm(bot: TestBot, key: str) -> Reply:
    found = [r for t, r, k in bot.posts() if isinstance(t, DirectMessage) and k == key]
    assert len(found) == 1, f"{key}: {[k for _, _, k in bot.posts()]}"
    return found[0]


async def kickoff(bot: TestBot) -> Reply:
    await bot.advance("1d")  # April 1, 12:00: the Q2 kick-off went out at 10:00
    return dm(bot, "journey.ask:2026-Q2:console:ana")


def titles(reply: Reply) -> list[str]:
    return [s.title for s in reply.sections if s.title and s.title_url]


async def test_a_goal_gets_three_items_with_save_and_share_never_one_already_saved(
    bot: TestBot,
) -> None:
    found = await bot.command("/resources coalitions", "ana")
    saved = found.sections[[s.title_url is not None for s in found.sections].index(True)]
    await bot.press(Reply(text="", sections=(saved,)), "Save", "ana")
    asked = await kickoff(bot)
    assert "Partnerships and Coalitions" in reply_text(asked)
    assert "What do you hope to take from it?" in reply_text(asked)
    assert {b.label for b in all_buttons(asked)} == {"Write my goal", "Not this quarter"}
    form = await bot.press(asked, "Write my goal", "ana")
    assert form.form is not None and len(form.form.inputs) == 1
    answered = await bot.submit(form, {"goal": GOAL}, "ana")
    items = titles(answered)
    assert len(items) == 3 and saved.title not in items
    cards = [s for s in answered.sections if s.title_url]
    # The saved coalition guide is left out; the theme's other coalition items come first.
    assert sum("coalitions" in (c.footer or "") for c in cards) >= 2, items
    for card in cards:
        assert {"Save", "Share in channel"} <= {b.label for b in card.buttons}
    await bot.press(Reply(text="", sections=(cards[0],)), "Save", "ana")
    mine = reply_text(await bot.command("/journey mine", "ana"))
    assert GOAL in mine and all(t in mine for t in items)
    # Saved in Q1, so not this quarter's; the item saved from the DM is.
    assert "Saved this quarter (1)" in mine
    assert mine.split("Saved this quarter")[1].count(items[0]) == 1


async def test_not_this_quarter_is_kind_gives_no_items_and_no_check_in(bot: TestBot) -> None:
    asked = await kickoff(bot)
    said = await bot.press(asked, "Not this quarter", "ana")
    assert "No problem" in said.text and not titles(said)
    await bot.advance("12w")
    assert not [k for _, _, k in bot.posts() if k.startswith("journey.check:")]
    assert "Not this quarter" in reply_text(await bot.command("/journey mine", "ana"))


async def test_an_empty_or_overlong_goal_is_refused_in_the_form_and_nothing_is_lost(
    bot: TestBot,
) -> None:
    asked = await kickoff(bot)
    form = await bot.press(asked, "Write my goal", "ana")
    first = await bot.submit(form, {"goal": GOAL}, "ana")
    assert titles(first)
    for bad in ("   ", "x" * 2000):
        refused = await bot.submit(form, {"goal": bad}, "ana")
        assert refused.form_errors and "goal" in refused.form_errors
        assert len(refused.text) < 300
    assert "2,000" in (await bot.submit(form, {"goal": "y" * 2000}, "ana")).text
    assert GOAL in reply_text(await bot.command("/journey mine", "ana"))


async def test_an_old_kickoff_pressed_next_quarter_says_so_and_offers_this_one(
    bot: TestBot,
) -> None:
    asked = await kickoff(bot)
    form = await bot.press(asked, "Write my goal", "ana")
    await bot.submit(form, {"goal": GOAL}, "ana")
    bot.clock.set(local("2026-07-02 12:00"))
    again = await bot.press(asked, "Write my goal", "ana")
    assert "Q2 2026, which is over" in again.text and again.form is None
    assert "Centering Community Voices" in reply_text(again)
    late = await bot.submit(form, {"goal": "Something new"}, "ana")
    assert "Something new" in late.text and "not saved" in late.text
    declined = await bot.press(asked, "Not this quarter", "ana")
    assert "which is over" in declined.text
    async with bot.db.read() as session:
        from storage import journey_goals
        from storage.identity import Account

        kept = await journey_goals.get(session, Account("console", "ana"), "2026-Q2")
    assert kept is not None and kept.goal == GOAL and not kept.declined


async def test_did_you_get_there_is_counted_for_organizers_without_names(bot: TestBot) -> None:
    asked = await kickoff(bot)
    await bot.submit(await bot.press(asked, "Write my goal", "ana"), {"goal": GOAL}, "ana")
    await bot.advance("12w")  # June 24, 10:00: a week before the quarter ends
    check = dm(bot, "journey.check:2026-Q2:console:ana")
    assert "Did you get there?" in reply_text(check) and GOAL in reply_text(check)
    assert {b.label for b in all_buttons(check)} == {"Yes", "Partly", "Not yet"}
    thanks = await bot.press(check, "Partly", "ana")
    form = await bot.press(thanks, "What helped most?", "ana")
    assert form.form is not None and not form.form.inputs[0].required
    await bot.submit(form, {"helped": "The coalition guide and a call with a partner"}, "ana")
    summary = reply_text(await bot.command("/journey summary 2026-Q2", organizer=True, user="org"))
    assert "Personal journey, Q2 2026" in summary
    assert "Partly 1" in summary and "Set a goal: 1" in summary
    assert "The coalition guide and a call with a partner" in summary
    assert "Ana" not in summary and "ana" not in summary.split("Personal journey")[1]
    insights = reply_text(await bot.command("/insights", "org", organizer=True))
    assert "Partly 1" in insights and "The coalition guide" in insights
    refused = await bot.command("/journey summary", "ana")
    assert "organizer" in refused.text.lower()


async def test_privacy_lists_and_deletes_goals_and_answers(bot: TestBot) -> None:
    asked = await kickoff(bot)
    await bot.submit(await bot.press(asked, "Write my goal", "ana"), {"goal": GOAL}, "ana")
    shown = await bot.command("/privacy", "ana")
    assert "journey goals and answers (Did you get there?, What helped most?): 1" in reply_text(
        shown
    )
    confirm = await bot.press(shown, "Delete all of it", "ana")
    await bot.press(confirm, "Yes, delete everything", "ana")
    assert "no goal for Q2 2026" in reply_text(await bot.command("/journey mine", "ana"))


async def test_the_kickoff_dm_can_be_switched_off(database_url: str) -> None:
    settings = journey_settings({"journey": {"kickoff_dm": False}})
    bot = await TestBot.open(database_url, settings=settings, start=local("2026-03-31 12:00"))
    try:
        await bot.command("/journey", "ana")
        await bot.advance("13w")
        assert not [k for _, _, k in bot.posts() if k.startswith("journey.ask")]
    finally:
        await bot.close()


async def test_journey_mine_changes_the_goal_and_answers_early(bot: TestBot) -> None:
    asked = await kickoff(bot)
    await bot.submit(await bot.press(asked, "Write my goal", "ana"), {"goal": GOAL}, "ana")
    mine = await bot.command("/journey mine", "ana")
    change = await bot.press(mine, "Change my goal", "ana")
    assert change.form is not None and change.form.inputs[0].initial == GOAL
    await bot.submit(change, {"goal": "Learn how coalitions share power"}, "ana")
    mine = await bot.command("/journey mine", "ana")
    assert "Learn how coalitions share power" in reply_text(mine)
    await bot.press(mine, "Yes", "ana")
    assert "Did you get there? Yes." in reply_text(await bot.command("/journey mine", "ana"))
    await bot.advance("12w")  # past the check-in: answered already, so not asked again
    assert not [k for _, _, k in bot.posts() if k.startswith("journey.check:")]
