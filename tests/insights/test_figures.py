"""Figures from a seeded month are exact; words show only past the member threshold."""

from __future__ import annotations

import pytest

from bot.config import ConfigError
from bot.features import parse_settings
from bot.features.insights.figures import gather
from bot.features.insights.tally import SearchTally
from bot.features.insights.words import member_bit, normalize
from storage.models.insights import InsightSalt
from tests.harness import TestBot
from tests.insights.support import seed

SALT = "insights-test-salt"


async def fixed_salt(bot: TestBot) -> None:
    """A known salt, so the test knows ana, bo and cy set three different bits."""
    async with bot.db.session() as session:
        session.add(InsightSalt(id=1, salt=SALT))
    bits = {member_bit(SALT, key) for key in ("slack:ana", "discord:bo", "slack:cy")}
    assert len(bits) == 3


async def test_a_seeded_month_gives_exact_figures(bot: TestBot) -> None:
    await fixed_salt(bot)
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
    await fixed_salt(bot)
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
    for _ in range(10):
        await bot.command("/resources my very personal question", "ana", platform="slack")
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
        await bot.runtime.deps.state.get(SearchTally).flush(bot.db)
        async with bot.db.read() as session:
            from sqlalchemy import func, select

            from storage.models.insights import MemberActivity, SearchCount

            for model in (SearchCount, MemberActivity):
                count = (await session.execute(select(func.count()).select_from(model))).scalar()
                assert count == 0
    finally:
        await bot.close()


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
