"""Figures from a seeded month are exact; words show only past the member threshold, which
counts people (linked accounts are one, organizers none) over whole weeks only."""

from __future__ import annotations

import pytest

from bot.config import ConfigError
from bot.features import parse_settings
from bot.features.insights.figures import gather
from bot.features.insights.tally import SearchTally
from bot.features.insights.words import normalize
from tests.harness import TestBot
from tests.insights.support import keyed, seed
from tests.members.test_link import link


async def test_a_seeded_month_gives_exact_figures(bot: TestBot) -> None:
    keyed(bot)
    ids = await seed(bot)
    insights = await gather(bot.deps)

    lib = insights.library
    assert (lib.searches, lib.empty_searches, lib.hidden) == (9, 5, 1)
    assert [(s.words, s.searches, s.empty) for s in lib.top] == [
        ("maternal health", 4, 0),
        ("transit deserts", 3, 3),
    ]
    assert [(s.words, s.empty) for s in lib.not_found] == [("transit deserts", 3)]

    sug = insights.suggestions
    assert dict(sug.by_status) == {
        "open": 0,
        "review": 1,
        "planned": 0,
        "covered": 1,
        "declined": 1,
        "merged": 0,
    }
    assert sug.median_days_to_decision == pytest.approx(3.0)
    # Under review is an answer, not a decision: covered after 2 days, declined after 4.
    assert (sug.notices_owed, sug.notices_delivered, sug.close_the_loop_rate) == (3, 3, 1.0)
    assert len(set(ids.values())) == 3

    [event] = insights.events.upcoming
    assert event.title == "Black Maternal Health Webinar"
    assert dict(event.by_platform) == {"slack": 2, "discord": 1}
    assert (insights.events.reminders_sent, insights.events.reminders_failed) == (0, 0)

    jr = insights.journey
    assert [(p.quarter, p.prompt_id, p.replies, p.participants) for p in jr.prompts] == [
        ("2026-Q1", "kickoff", 2, 2),
        ("2026-Q1", "midpoint", 1, 1),
    ]
    assert jr.participants_by_quarter == (("2026-Q1", 2),)
    assert jr.optouts == 0

    members = insights.members
    assert dict(members.met_by_platform) == {"discord": 1, "slack": 3}
    assert members.active_in("2026-01") == 4
    assert [m for m, _ in members.active_by_month][-1] == "2026-01"


async def test_reminders_and_a_new_month_are_counted(bot: TestBot) -> None:
    keyed(bot)
    await seed(bot)
    await bot.advance("12d")  # past the Jan 20 webinar: every reminder went out
    insights = await gather(bot.deps)
    assert insights.events.upcoming == ()
    assert insights.events.reminders_sent == 6
    assert insights.events.reminders_late == 0
    await bot.advance("14d")  # February
    await bot.command("/events", "ana", platform="slack")
    await bot.command("/events", "ana", platform="slack")
    feb = await gather(bot.deps)
    assert feb.month == "2026-02"
    assert feb.members.active_in("2026-02") == 1
    assert feb.members.active_in("2026-01") == 4
    assert dict(feb.members.met_by_platform) == {"discord": 1, "slack": 3}


async def test_one_member_searching_often_never_shows_their_words(bot: TestBot) -> None:
    keyed(bot)
    for _ in range(10):
        await bot.command("/resources my very personal question", "ana", platform="slack")
    await bot.advance("7d")
    insights = await gather(bot.deps)
    assert insights.library.searches == 10
    assert insights.library.top == () and insights.library.not_found == ()
    assert insights.library.hidden == 1


async def test_turned_off_nothing_is_counted(database_url: str) -> None:
    from tests.harness import settings_for_tests

    bot = await TestBot.open(
        database_url, settings=settings_for_tests({"insights": {"enabled": False}})
    )
    try:
        await bot.command("/resources maternal health", "ana", platform="slack")
        reply = await bot.command("/insights", "org", organizer=True)
        assert "turned off" in reply.text
        await bot.runtime.deps.state.get(SearchTally).flush(bot.db, "")
        async with bot.db.read() as session:
            from sqlalchemy import func, select

            from storage.models.insights import MemberActivity, SearchCount

            for model in (SearchCount, MemberActivity):
                count = (await session.execute(select(func.count()).select_from(model))).scalar()
                assert count == 0
    finally:
        await bot.close()


PHRASE = "/resources prep undocumented clinic"


async def test_organizers_and_a_linked_second_account_do_not_make_a_crowd(bot: TestBot) -> None:
    """The review's attack: an organizer's Slack and Discord searches plus one member's put a
    guessed phrase on the dashboard; so did one person searching from two linked accounts."""
    keyed(bot)
    await bot.command(PHRASE, "org", platform="slack", organizer=True)
    await bot.command(PHRASE, "org", platform="discord", organizer=True)
    await bot.command(PHRASE, "ana", platform="slack")
    await link(bot, "UBO", "4343")
    await bot.command(PHRASE, "UBO", platform="slack")
    await bot.command(PHRASE, "4343", platform="discord")
    await bot.advance("7d")
    lib = (await gather(bot.deps)).library
    assert lib.top == () and lib.hidden == 1, "two people, however many accounts"
    assert lib.searches == 3, "organizers' own searches are not counted"
    await bot.command(PHRASE, "cy", platform="slack")
    await bot.advance("7d")
    assert [s.words for s in (await gather(bot.deps)).library.top] == ["prep undocumented clinic"]


async def test_this_weeks_searches_wait_for_the_week_to_end(bot: TestBot) -> None:
    """A count that moved with each search let an organizer watch who searched, live."""
    keyed(bot)
    for user in ("ana", "bo", "cy"):
        await bot.command("/resources housing", user, platform="slack")
    now = await gather(bot.deps)
    assert (now.library.searches, now.library.top) == (0, ())
    await bot.advance("7d")
    later = await gather(bot.deps)
    assert [(s.words, s.searches) for s in later.library.top] == [("housing", 3)]
    await bot.command("/resources housing", "dee", platform="slack")
    assert (await gather(bot.deps)).library.top == later.library.top


def test_the_member_threshold_never_goes_below_two() -> None:
    with pytest.raises(ConfigError, match=r"insights\.min_members"):
        parse_settings({"insights": {"min_members": 1}}, "config.toml")
    assert parse_settings({"insights": {"min_members": 2}}).insights.min_members == 2


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Black Maternal Health", "black maternal health"),
        ("type:podcast housing  HOUSING", "housing"),
        ("COVID-19 & LGBTQ+ youth!", "covid-19 lgbtq+ youth"),
        ("   ", ""),
        ("topic: ", ""),
    ],
)
def test_searches_are_kept_as_normalized_words(typed: str, kept: str) -> None:
    assert normalize(typed) == kept


async def test_math_text_in_a_title_is_drawn_as_plain_text(bot: TestBot) -> None:
    """matplotlib read "$...$" as math: an event titled so broke /insights, the dashboard
    (500) and the monthly digest."""
    from bot.features.insights import charts, dashboard

    title = r"Budget $\notacommand{x}$ and $5 fees"
    line = f'/events add {title} when:"January 20 1pm CST" length:1h'
    preview = await bot.command(line, "olu", organizer=True)
    await bot.press(preview, "Confirm", "olu", organizer=True)
    listed = await bot.command("/events", "ana", platform="slack")
    await bot.press(listed, "Going", "ana", platform="slack")
    reply = await bot.command("/insights", "olu", organizer=True)
    assert reply.attachments and reply.attachments[0].content.startswith(b"\x89PNG")
    insights = await gather(bot.deps)
    svg = charts.section_svg(charts.events_chart(insights))
    assert r"Budget $\notacommand{x}$" in svg
    assert "<table" in dashboard.render(insights, "P4HE")
