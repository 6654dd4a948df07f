"""Search: hostile input, typos, stems, filters, paging, sharing, nothing found, completion."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import APOLOGY, TRY_AGAIN
from bot.features.resources.api import find_similar
from bot.features.resources.render import MORE, SHARE, SearchState
from bot.features.topics.api import SUGGEST_ACTION
from bot.model import Reply
from tests.harness import TestBot, all_buttons, reply_text, settings_for_tests
from tests.resources.helpers import load_het, load_rows

HOSTILE = [
    '"',
    '"unclosed',
    "COVID-19",
    "LGBTQ+",
    "(rural",
    "what's new?",
    "AND",
    "OR NOT",
    "title:x",
    "NEAR(a b)",
    "health*",
    "^start",
    "😀🏳️‍🌈 equity",
    "a\x00b health",
    "x" * 10_000,
    "health " * 2000,
    "<!channel> @everyone <@U123>",
    "'; DROP TABLE resources; --",
    "résumé café",
    "-",
    "{title}: covid",
]


def titles(reply: Reply) -> list[str]:
    return [s.title for s in reply.sections if s.title]


def is_normal(reply: Reply) -> bool:
    return reply.text not in (APOLOGY, TRY_AGAIN) and bool(reply.text)


@pytest.fixture
async def het(bot: TestBot) -> TestBot:
    await load_het(bot)
    return bot


@pytest.mark.parametrize("query", HOSTILE)
async def test_hostile_queries_get_a_normal_reply(het: TestBot, query: str) -> None:
    assert is_normal(await het.command(f"/resources {query}"))


@pytest.mark.parametrize("query", ['"', "-", "^", "(( ))", "…"])
async def test_punctuation_alone_asks_for_words_instead_of_listing_the_library(
    het: TestBot, query: str
) -> None:
    reply = await het.command(f"/resources {query}")
    assert reply.text.startswith("There is nothing to search for in")
    assert "/resources housing policy" in reply.text and not titles(reply)


async def test_a_filter_with_punctuation_lists_what_the_filter_keeps(het: TestBot) -> None:
    assert titles(await het.command("/resources - type:video"))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(max_size=300))
async def test_any_text_gets_a_normal_reply(het: TestBot, text: str) -> None:
    assert is_normal(await het.command(f"/resources {text}"))


async def test_relevance_on_the_het_library(het: TestBot) -> None:
    reply = await het.command("/resources political determinants")
    assert "Political Determinants of Health (PDOH)" in titles(reply)[0]
    assert "Showing results for" not in reply.text


async def test_typos_are_corrected_and_said(het: TestBot) -> None:
    reply = await het.command("/resources helth equty")
    assert "Showing results for health equity" in reply.text
    assert all("equity" in t.lower() for t in titles(reply))


async def test_stems_and_plurals_match(het: TestBot) -> None:
    reply = await het.command("/resources vaccines")
    assert any("Vaccination" in t for t in titles(reply))
    assert "Showing results for" not in reply.text


async def test_snippet_highlights_matched_words(het: TestBot) -> None:
    reply = await het.command("/resources aspect")
    strong = [span.text.lower() for span in reply.sections[0].text if span.strong]
    assert strong == ["aspects"]


async def test_filters(het: TestBot) -> None:
    videos = await het.command("/resources type:video")
    assert "3 resources" in videos.text
    topic = await het.command('/resources covid topic:"COVID-19 Vaccination"')
    assert titles(topic) and all("#" in (s.footer or "") for s in topic.sections[:-1])
    assert all("COVID-19 Vaccination" in (s.footer or "") for s in topic.sections[:-1])
    two_words = await het.command("/resources political determinants type:video")
    assert two_words.text.startswith("3 resources")
    assert all(s.fields[0].value[0].text == "Video" for s in two_words.sections[:-1])
    by_org = await het.command("/resources health type:video org:nobody")
    assert "Nothing in the library" in by_org.text
    discord = await het.command(
        "/resources", platform="discord", options={"query": "determinants", "type": "video"}
    )
    assert all(f.value[0].text == "Video" for s in discord.sections[:-1] for f in s.fields[:1])


async def test_more_pages_through_every_result(het: TestBot) -> None:
    reply = await het.command("/resources covid")
    total = int(reply.text.split()[0])
    seen = titles(reply)
    while any(b.label == "More" for b in all_buttons(reply)):
        reply = await het.press(reply, "More")
        seen += titles(reply)
    assert len(seen) == total == len(set(seen)) > 5


async def test_more_button_state_fits_even_for_a_long_query(het: TestBot) -> None:
    reply = await het.command("/resources health " + "equity " * 300)
    more = [b for b in all_buttons(reply) if b.action and b.action.name == MORE]
    assert more and len(more[0].action.encode()) <= 100  # type: ignore[union-attr]


async def test_an_earlier_share_button_still_posts_the_same_results_in_channel(
    het: TestBot,
) -> None:
    """Results shown before each item had its own Share button had one for the whole page."""
    reply = await het.command("/resources hiv", organizer=True)
    assert reply.private and any(b.label == "Edit" for b in all_buttons(reply))
    page_share = SearchState(query="hiv").action(SHARE, 0)
    shared = await het.press_action(page_share, organizer=True)
    assert not shared.private and titles(shared) == titles(reply)
    assert not any(b.label in ("Share in channel", "Edit") for b in all_buttons(shared))
    assert "Shared by Ana." in shared.text
    said = shared.sections[-1].text
    assert said[-1].mention == "console:ana" and said[-1].text == "Ana"


async def test_nothing_found_offers_topics_words_and_a_suggestion(het: TestBot) -> None:
    reply = await het.command("/resources zebra migratoin")
    assert "Nothing in the library matches" in reply.text
    assert "The most used topics: Health Equity" in reply_text(reply)
    filtered = await het.command("/resources vaccination type:podcast")
    assert "Topics to try: COVID-19 Vaccination" in reply_text(filtered)
    suggest = [b for b in all_buttons(reply) if b.action and b.action.name == SUGGEST_ACTION]
    assert suggest[0].action.args == ("zebra migratoin",)  # type: ignore[union-attr]


async def test_topics_new_and_empty_query(het: TestBot) -> None:
    topics = await het.command("/resources topics")
    assert "Health Equity (22)" in reply_text(topics)
    new = await het.command("/resources new")
    assert len(new.sections) == 5
    intro = await het.command("/resources")
    assert "73 resources" in intro.text or "resources" in intro.text


async def test_completer_gives_topics_and_titles_by_prefix(het: TestBot) -> None:
    complete = het.deps.router.completers["resources"]
    found = await complete("cov", het.deps)
    assert found[0] == "COVID-19" and 1 < len(found) <= 25
    assert any(item.startswith("COVID-19") and item != "COVID-19" for item in found) or any(
        "COVID" in item for item in found[2:]
    )
    assert len(await complete("", het.deps)) <= 25
    assert await complete('"(*', het.deps) == await complete("", het.deps)


async def test_empty_library_says_so(bot: TestBot) -> None:
    reply = await bot.command("/resources housing")
    assert "Nothing in the library" in reply.text


async def test_broad_search_ranks_title_matches_first_within_the_window(database_url: str) -> None:
    settings = settings_for_tests({"resources": {"rank_window": 6}})
    bot = await TestBot.open(database_url, settings=settings)
    try:
        await load_het(bot)
        reply = await bot.command("/resources equity")
        # Counting stops past the window: a broad search says "more than".
        assert reply.text.startswith("More than 6 resources") and "So many match" in reply.text
        seen = titles(reply)
        while any(b.label == "More" for b in all_buttons(reply)):
            reply = await bot.press(reply, "More")
            seen += titles(reply)
        assert 6 <= len(seen) == len(set(seen)) <= 12
        assert all("equity" in t.lower() for t in seen[:6])
    finally:
        await bot.close()


async def test_a_long_topic_filter_still_pages_after_being_cut_into_the_button(
    bot: TestBot,
) -> None:
    topic = "Community engagement and power sharing in practice"
    rows = [
        {"title": f"Listening session {n}", "url": f"https://example.org/s{n}", "topics": [topic]}
        for n in range(8)
    ]
    await load_rows(bot, [*rows, {"title": "Other", "url": "https://example.org/o"}])
    reply = await bot.command(f'/resources topic:"{topic}"')
    assert reply.text.startswith("8 resources")
    second = await bot.press(reply, "More")
    assert len(titles(second)) == 3 and "Other" not in titles(second)


async def test_find_similar_for_other_features(het: TestBot) -> None:
    hits = await find_similar(het.deps, "HIV testing and prevention data", limit=3)
    assert len(hits) == 3 and all(h.url.startswith("http") for h in hits)
    assert any("HIV" in h.title for h in hits)
    assert await find_similar(het.deps, "?!", limit=3) == []
