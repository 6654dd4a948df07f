"""Duplicate detection on real-looking suggestion titles, and where its lines fall."""

from __future__ import annotations

import pytest

from bot.features.topics.similar import best_matches, similarity
from tests.harness import TestBot, all_buttons, reply_text
from tests.topics.helpers import suggest

SAME = [
    ("Community engagement in rural health", "rural community engagement for health"),
    ("Telehealth access for older adults", "Improving telehealth access among older adults"),
    ("Medicaid unwinding and coverage loss", "Coverage losses during Medicaid unwinding"),
    ("Trauma-informed care training", "Training on trauma informed care"),
    ("Food insecurity screening in clinics", "Screening for food insecurity at clinics"),
    (
        "Language access for Spanish speaking patients",
        "Spanish-speaking patients and language access",
    ),
    ("Paying community members for their time", "Paying community members for time and expertise"),
    ("Health equity data dashboards", "Dashboards for health equity data"),
    ("Building trust with communities", "building trust with the community"),
    ("Community health workers", "community health worker programs"),
    ("Communty engagment in rural health", "Community engagement in rural health"),
]
# Known limit: synonyms ("pay" / "compensate") are not matched; titles are compared as words.
DIFFERENT = [
    ("Health equity", "Health equity in rural Appalachia"),
    ("Rural health", "Urban health"),
    ("Community engagement in rural health", "Community engagement in urban schools"),
    ("Telehealth access for older adults", "Telehealth access for teens"),
    ("Medicaid unwinding", "Medicare advantage plans"),
    ("Food insecurity screening in clinics", "Housing insecurity and eviction"),
    ("Maternal health outcomes for Black women", "Mental health outcomes for veterans"),
    ("Health equity data dashboards", "Health equity community advisory boards"),
    ("Hiring from within the community", "Hiring community health workers"),
    ("Measuring community engagement", "Funding community engagement"),
    ("Trauma-informed care training", "Cultural humility training"),
    ("Climate change and health", "Climate change and asthma in children"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_the_same_idea_in_other_words_matches(a: str, b: str) -> None:
    assert similarity(a, b) is not None
    assert similarity(b, a) is not None


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_ideas_sharing_words_do_not_match(a: str, b: str) -> None:
    assert similarity(a, b) is None


def test_text_without_words_matches_nothing() -> None:
    assert similarity("!!!", "the of and") is None


def test_best_matches_come_first() -> None:
    candidates = [
        (1, "Rural health"),
        (2, "rural community engagement for health"),
        (3, "Community engagement in rural health care"),
    ]
    found = best_matches("Community engagement in rural health", candidates, 3)
    assert [i for i, _ in found][:1] == [2]
    assert 1 not in [i for i, _ in found]


async def test_suggesting_a_known_idea_offers_a_vote_instead(bot: TestBot) -> None:
    first = await suggest(bot, "Community engagement in rural health", "ana", "slack")
    reply = await bot.command(
        "/suggest rural community engagement for health", "bo", platform="discord"
    )
    assert "may already be here" in reply.text
    assert f"#{first}" in reply_text(reply)
    labels = [b.label for b in all_buttons(reply)]
    assert "Vote for this instead" in labels and "Post mine anyway" in labels
    voted = await bot.press(reply, "Vote for this instead", "bo", platform="discord")
    assert "It has 1 vote" in voted.text
    listing = await bot.command("/topics", "bo", platform="discord")
    assert "(1 vote)" in listing.text and listing.text.count("#") == 1


async def test_post_mine_anyway_posts_once_and_only_for_its_author(bot: TestBot) -> None:
    await suggest(bot, "Community engagement in rural health", "ana")
    reply = await bot.command("/suggest Rural community engagement for health", "bo")
    stolen = await bot.press(reply, "Post mine anyway", "cy")
    assert "not yours" in stolen.text
    posted = await bot.press(reply, "Post mine anyway", "bo")
    assert "is posted" in posted.text
    again = await bot.press(reply, "Post mine anyway", "bo")
    assert "already posted" in again.text
    listing = await bot.command("/topics")
    assert listing.text.count("(0 votes)") == 2


async def test_a_different_idea_posts_straight_away(bot: TestBot) -> None:
    await suggest(bot, "Community engagement in rural health", "ana")
    reply = await bot.command("/suggest Maternal health outcomes for Black women", "bo")
    assert "is posted" in reply.text
