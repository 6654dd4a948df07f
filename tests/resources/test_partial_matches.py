"""A search matching only some of its words rests on the words that say what it is about,
never on filler words, and a thesaurus phrase falls back like any other words."""

from __future__ import annotations

import pytest

from bot.model import Reply
from tests.harness import TestBot, reply_text
from tests.resources.helpers import load_rows

ROWS = [
    {
        "title": "Demographic Characteristics of Persons Vaccinated During the First Month "
        "of the COVID-19 Vaccination Program",
        "topics": ["COVID-19 Vaccination"],
    },
    {"title": "Neighborhood Atlas - Area Deprivation Index", "topics": ["Equity Indices"]},
    {"title": "Supportive housing for families leaving shelters", "topics": ["housing"]},
    {"title": "Hunger on the farm: a report from the countryside", "topics": ["nutrition"]},
    {"title": "Community health workers in Texas clinics", "topics": ["workforce"]},
    {"title": "Promotoras de salud: a training curriculum", "topics": ["workforce"]},
    {"title": "Community gardens and neighborhood health", "topics": ["community engagement"]},
    # more of the library, so that none of the words above counts as one most items use
    *({"title": f"Annual report {n}", "topics": ["reports"]} for n in range(12)),
]


@pytest.fixture
async def library(bot: TestBot) -> TestBot:
    await load_rows(bot, [{**row, "url": f"https://lib.example/{n}"} for n, row in enumerate(ROWS)])
    return bot


def titles(reply: Reply) -> list[str]:
    return [s.title for s in reply.sections if s.title]


async def test_housing_first_does_not_rank_on_first(library: TestBot) -> None:
    reply = await library.command("/resources housing first")
    assert "some of them" in reply.text
    assert titles(reply) == ["Supportive housing for families leaving shelters"]


async def test_rural_areas_does_not_rest_on_area(library: TestBot) -> None:
    reply = await library.command("/resources food insecurity in rural areas")
    found = titles(reply)
    assert found[0] == "Hunger on the farm: a report from the countryside"
    assert not any("Area" in t for t in found)


async def test_singular_and_plural_of_a_thesaurus_phrase_answer_the_same(
    library: TestBot,
) -> None:
    plural = await library.command("/resources community health workers")
    singular = await library.command("/resources community health worker")
    assert titles(plural) == titles(singular)
    assert plural.text.replace("workers", "worker") == singular.text
    assert {
        "Community health workers in Texas clinics",
        "Promotoras de salud: a training curriculum",
    } <= set(titles(singular))


async def test_a_phrase_of_the_thesaurus_falls_back_to_its_words(library: TestBot) -> None:
    reply = await library.command("/resources community health worker burnout")
    assert "some of them" in reply.text
    assert "Community health workers in Texas clinics" in titles(reply)


async def test_filler_words_alone_never_make_a_partial_match(library: TestBot) -> None:
    reply = await library.command("/resources first area")
    assert "Nothing in the library matches" in reply.text


async def test_no_look_alike_words_are_offered_for_a_known_acronym(bot: TestBot) -> None:
    rows = [
        {"title": f"The shape of care {n}", "url": f"https://lib.example/s{n}"} for n in range(3)
    ]
    await load_rows(bot, [*rows, {"title": "Shapes of clinics", "url": "https://lib.example/x"}])
    reply = await bot.command("/resources SNAP")
    assert "Nothing in the library matches" in reply.text
    assert "shape" not in reply_text(reply).lower()


async def test_hints_after_nothing_found_fit_what_was_typed(library: TestBot) -> None:
    await load_rows(
        library,
        [
            {
                "title": "Stories that shift policy",
                "topics": ["narrative change"],
                "url": "https://lib.example/n",
            },
            {
                "title": "Growing a coalition",
                "topics": ["capacity building"],
                "url": "https://lib.example/c",
            },
        ],
    )
    snap = reply_text(await library.command("/resources SNAP"))
    # Shared letters ("snap", "narrative change") are no reason to try a topic; what the
    # thesaurus says SNAP is (supplemental nutrition assistance program) is.
    assert "Topics to try: nutrition" in snap and "narrative change" not in snap, snap
    # Real words are no typos: no look-alikes for "lead pipes"; with no topic like them,
    # the most used ones are offered, and said to be that.
    pipes = reply_text(await library.command("/resources lead pipes"))
    assert "Nothing in the library matches" in pipes and "Words the library uses" not in pipes
    assert "Topics to try" not in pipes and "The most used topics: reports" in pipes, pipes
    # A typo too far to correct gets the library's word offered.
    typo = reply_text(await library.command("/resources hosuign"))
    assert "Words the library uses: housing" in typo, typo
    # A topic that holds the typed word is one to try, when filters left nothing.
    filtered = reply_text(await library.command("/resources vaccination type:podcast"))
    assert "Topics to try: COVID-19 Vaccination" in filtered, filtered
