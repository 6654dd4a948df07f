"""Duplicate detection on real-looking suggestion titles, and where its lines fall."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.features.events import starter as events_starter
from bot.features.resources import starter as resources_starter
from bot.features.resources.thesaurus import load
from bot.features.topics import starter as topics_starter
from bot.features.topics.likeness import similar
from tests.harness import TestBot, all_buttons, reply_text
from tests.topics.helpers import suggest

LABELS = tomllib.loads((Path(__file__).parents[1] / "data" / "duplicates.toml").read_text())
PAIRS = LABELS["pairs"]
FLOOR = 0.9


def alike(a: str, b: str) -> bool:
    return similar(a, b, load()) is not None


def test_labelled_pairs_meet_the_precision_and_recall_floor() -> None:
    assert len(PAIRS) >= 60
    found = [(alike(p["a"], p["b"]), p["same"]) for p in PAIRS]
    true_pos = sum(f and s for f, s in found)
    precision = true_pos / sum(f for f, _ in found)
    recall = true_pos / sum(s for _, s in found)
    assert precision >= FLOOR and recall >= FLOOR, (precision, recall)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Closing the feedback loop with community", "Closing the loop with community members"),
        ("paying community advisors", "Paying community members for their time"),
        ("Housing instability and health", "Housing as a social determinant of health"),
        ("Food stamps and health", "SNAP and health outcomes"),
    ],
)
def test_real_repeats_are_found_both_ways(a: str, b: str) -> None:
    assert alike(a, b) and alike(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Health equity", "Health equity in rural Appalachia"),
        ("Measuring community engagement", "Funding community engagement"),
        ("Community land trusts", "Closing the loop with community members"),
        ("Eviction court navigators", "Hiring from the communities we serve"),
    ],
)
def test_sharing_only_the_fields_common_words_is_not_a_repeat(a: str, b: str) -> None:
    assert not alike(a, b) and not alike(b, a)


def test_text_without_words_matches_nothing() -> None:
    assert not alike("!!!", "the of and")
    assert not alike("health equity community", "community health equity access")


async def test_new_subjects_are_posted_straight_away_beside_the_starter_content(
    bot: TestBot,
) -> None:
    assert await resources_starter.load(bot.deps) > 80
    assert await events_starter.load(bot.deps) > 0
    assert await topics_starter.load(bot.deps) == 5
    subjects = LABELS["new_subjects"]
    assert len(subjects) >= 12
    for n, subject in enumerate(subjects):
        reply = await bot.command(f"/suggest {subject}", f"member{n}")
        assert "is posted" in reply.text, (subject, reply_text(reply))


@pytest.mark.parametrize(
    ("typed", "existing"),
    [
        ("Closing the feedback loop with community", "#1"),
        ("paying community advisors", "#2"),
    ],
)
async def test_repeats_of_starter_suggestions_are_offered_with_why(
    bot: TestBot, typed: str, existing: str
) -> None:
    assert await resources_starter.load(bot.deps) > 80
    assert await topics_starter.load(bot.deps) == 5
    reply = await bot.command(f"/suggest {typed}")
    assert "may already be here" in reply.text
    found = [s for s in reply.sections if s.title and not s.title.startswith("Yours")]
    assert 1 <= len(found) <= 3
    assert f"Suggestion {existing}:" in found[0].title
    assert "Both about" in reply_text(reply)


async def test_a_repeat_of_a_library_item_says_how_to_open_it(bot: TestBot) -> None:
    assert await resources_starter.load(bot.deps) > 80
    reply = await bot.command("/suggest Reproductive justice")
    assert "may already be here" in reply.text
    section = next(s for s in reply.sections if s.title and "In the library" in s.title)
    assert "Webinar recording: Reproductive justice" in section.title
    assert "/resources " in reply_text(reply)


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


async def test_the_same_title_in_other_case_is_not_a_second_topic(bot: TestBot) -> None:
    first = await suggest(bot, "Housing first", "ana", "slack")
    for line in ("/suggest housing first", "/suggest HOUSING  first!"):
        reply = await bot.command(line, "bo", platform="discord")
        assert f"already suggestion #{first}" in reply.text, reply.text
        labels = [b.label for b in all_buttons(reply)]
        assert "Post mine anyway" not in labels and "▲ Vote for it" in labels
    voted = await bot.press(reply, "Vote for it", "bo", platform="discord")
    assert "It has 1 vote" in voted.text
    listing = await bot.command("/topics", "cy", platform="discord")
    assert listing.text.lower().count("housing first") == 1, listing.text
    # Other words about the same subject can still be posted, as before.
    assert await suggest(bot, "Housing first for families", "bo", "discord") != first
