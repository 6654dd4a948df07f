"""The field's own words on the starter library: real words are never "corrected", acronyms
and synonyms find what they mean, a result says why it is there, a number opens its item."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.features import parse_settings
from bot.features.resources import starter
from bot.features.resources.thesaurus import ThesaurusError, build, load
from bot.model import Reply
from tests.harness import TestBot, reply_text
from tests.resources.helpers import load_rows

# Items a collaborative would add; the starter library holds none on these subjects.
ADDED = [
    {
        "title": "Community health workers in rural clinics",
        "url": "https://example.org/chw-rural",
        "topics": ["workforce"],
    },
    {
        "title": "Webinar recording: Transgender health policy",
        "url": "https://example.org/transgender-policy",
        "topics": ["policy"],
    },
    {
        "title": "SNAP benefits and the grocery gap",
        "url": "https://example.org/snap",
        "topics": ["nutrition"],
    },
    {
        "title": "988 Suicide and Crisis Lifeline: what to know",
        "url": "https://example.org/988",
        "topics": ["mental health"],
    },
    {
        "title": "Climate change and asthma in children",
        "url": "https://example.org/climate-asthma",
        "topics": ["environment"],
    },
]


def titles(reply: Reply) -> list[str]:
    return [s.title for s in reply.sections if s.title]


@pytest.fixture
async def library(bot: TestBot) -> TestBot:
    assert await starter.load(bot.deps) > 80
    return bot


@pytest.mark.parametrize(
    "query",
    [
        "Black",
        "black maternal health",
        "worker",
        "food insecurity",
        "Medicaid unwinding",
        "Latinx youth",
    ],
)
async def test_real_words_are_never_replaced(library: TestBot, query: str) -> None:
    reply = await library.command(f"/resources {query}")
    assert "Showing results for" not in reply_text(reply)


async def test_a_word_that_is_no_word_is_corrected_with_a_way_back(library: TestBot) -> None:
    reply = await library.command("/resources helth equty")
    assert "Showing results for health equity · Search instead for helth equty" in reply.text
    assert all("equity" in t.lower() for t in titles(reply))
    back = await library.press(reply, "Search instead for helth equty")
    assert "Showing results for" not in reply_text(back)
    assert "Nothing in the library matches" in back.text


async def test_quoted_words_are_searched_exactly(library: TestBot) -> None:
    reply = await library.command('/resources "philantropy"')
    assert "Showing results for" not in reply_text(reply)
    assert "Nothing in the library matches" in reply.text
    fixed = await library.command("/resources philantropy")
    assert "Showing results for philanthropy" in fixed.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("CHW", "Community health workers in rural clinics"),
        ("trans health", "Webinar recording: Transgender health policy"),
        ("food stamps", "SNAP benefits and the grocery gap"),
        ("suicide hotline", "988 Suicide and Crisis Lifeline: what to know"),
        ("global warming", "Climate change and asthma in children"),
        ("IDD", "Webinar recording: Centering the perspectives of individuals with IDD"),
        ("AI/AN", "American Indian Health Equity/Disparities"),
    ],
)
async def test_acronyms_and_synonyms_find_what_they_mean(
    library: TestBot, query: str, expected: str
) -> None:
    await load_rows(library, ADDED)
    reply = await library.command(f"/resources {query}")
    assert expected in titles(reply)[:3], titles(reply)
    assert "Showing results for" not in reply.text


async def test_a_quoted_acronym_is_not_expanded(library: TestBot) -> None:
    await load_rows(library, ADDED)
    reply = await library.command('/resources "food stamps"')
    assert "SNAP benefits and the grocery gap" not in titles(reply)


async def test_a_result_without_description_says_what_matched(library: TestBot) -> None:
    reply = await library.command("/resources vaccine")
    hit = next(s for s in reply.sections if s.title and "Vaccine" in s.title)
    fields = {f.label: "".join(span.text for span in f.value) for f in hit.fields}
    assert "topic COVID-19 Vaccination" in fields["Matched"]
    assert "Vaccine" in fields["Matched"]


@pytest.mark.parametrize("query", ["16", "#16"])
async def test_a_number_opens_that_item(library: TestBot, query: str) -> None:
    reply = await library.command(f"/resources {query}")
    assert reply.text.startswith("Resource #16.")
    assert reply.sections[0].footer.startswith("#16")


async def test_a_missing_number_says_so_or_searches(library: TestBot) -> None:
    missing = await library.command("/resources #9999")
    assert "There is no resource #9999" in missing.text
    await load_rows(library, ADDED)
    searched = await library.command("/resources 988")
    assert "988 Suicide and Crisis Lifeline: what to know" in titles(searched)


def test_organizers_extend_the_thesaurus(tmp_path: Path) -> None:
    extra = tmp_path / "ours.toml"
    extra.write_text(
        'groups = [["P4HE", "Partners for Advancing Health Equity"], ["CHW", "navigator"]]'
    )
    settings = parse_settings({"resources": {"thesaurus_file": str(extra)}})
    thesaurus = settings.resources.thesaurus()
    group = thesaurus.group_of(("navigator",))
    assert group is not None and group == thesaurus.group_of(("community", "health", "worker"))
    assert thesaurus.group_of(("p4he",)) is not None


def test_a_broken_thesaurus_file_is_refused_at_start(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("groups = [1, 2]")
    with pytest.raises(Exception, match="thesaurus_file"):
        parse_settings({"resources": {"thesaurus_file": str(bad)}})
    with pytest.raises(ThesaurusError):
        load(str(tmp_path / "missing.toml"))


def test_groups_sharing_an_entry_join() -> None:
    joined = build([["a b", "c"], ["d"], ["c", "d"]])
    assert joined.group_of(("a", "b")) == joined.group_of(("d",))


def test_no_entry_is_a_little_word() -> None:
    from bot.features.resources.query import STOP_WORDS

    assert not [t for t in load().index if len(t) == 1 and t[0] in STOP_WORDS]
