"""PostgreSQL's reading of a search with repeated lexemes merged: the same rows match, the
planner sees each lexeme once, and text it cannot read passes through unchanged."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.features.resources.query import search_clauses
from bot.features.resources.settings import ResourcesSettings
from storage.resources.expressions import tsquery
from storage.resources.lexemes import merged, normalized
from tests.harness import TestBot
from tests.resources.helpers import load_rows


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("'immigr' | 'immigr' | 'refuge'", "'immigr' | 'refuge'"),
        ("'a' & ( 'b' | 'c' ) & 'a'", "'a' & ( 'b' | 'c' )"),
        ("'a' & ( 'b' | 'b' )", "'a' & 'b'"),
        ("'hous' | 'hous' <-> 'instabl' | 'evict'", "'hous' | 'evict'"),
        ("'hous' <-> 'instabl' | 'evict'", "( 'hous' <-> 'instabl' ) | 'evict'"),
        ("'hous' | 'evict' <-> !'hous'", "'hous' | ( 'evict' <-> !'hous' )"),
        ("'hous' & 'hous' <-> 'instabl'", "'hous' & ( 'hous' <-> 'instabl' )"),
        ("!'a' & 'b' <2> 'c'", "!'a' & ( 'b' <2> 'c' )"),
        ("( 'a' | 'b' ) <-> 'c'", "( 'a' | 'b' ) <-> 'c'"),
        ("'it''s' | 'it''s'", "'it''s'"),
        ("'covid':* | 'covid':*", "'covid':*"),
        ("", ""),
    ],
)
def test_repeats_merge_and_the_rest_is_kept(query: str, expected: str) -> None:
    assert merged(query) == expected


@pytest.mark.parametrize("odd", ["'a' &", "( 'a' | 'b'", "'a' ) (", "a & b", "'a' ~ 'b'"])
def test_text_it_cannot_read_comes_back_unchanged(odd: str) -> None:
    assert merged(odd) == odd


# Typed the way members search; several expand through the thesaurus into forms that stem
# alike (immigrant/immigrants, eviction/evictions).
SEARCHES = ["refugee", "housing", "latino youth", "trans health", '"community health workers"']
TITLES = [
    "Immigrant families and the housing search in Minneapolis",
    "Refugees and newcomers: a guide for clinics",
    "Evictions in Latino neighborhoods and what youth organizers did",
    "Transgender health policy after 2024",
    "Community health workers in rural clinics",
    "Paying community members for their time",
]


@pytest.mark.parametrize("typed", SEARCHES)
async def test_merged_queries_match_the_same_rows(bot: TestBot, typed: str) -> None:
    if bot.db.is_sqlite:
        pytest.skip("tsquery is PostgreSQL's")
    rows = [{"title": t, "url": f"https://lib.example/{n}"} for n, t in enumerate(TITLES)]
    await load_rows(bot, rows)
    clauses = search_clauses(typed, ResourcesSettings().thesaurus())
    for any_term in (False, True):
        expression = tsquery(clauses, any_term=any_term)
        async with bot.db.read() as session:
            reading = await normalized(session, expression)
            plain = await session.execute(
                text("SELECT to_tsquery('english', :q)::text"), {"q": expression}
            )
            before = await ids(session, "to_tsquery('english', :q)", expression)
            after = await ids(session, "CAST(:q AS tsquery)", reading)
        assert after == before and before, (typed, plain.scalar_one(), reading)


async def test_a_thesaurus_group_reaches_the_planner_once_per_word(bot: TestBot) -> None:
    if bot.db.is_sqlite:
        pytest.skip("tsquery is PostgreSQL's")
    clauses = search_clauses("refugee", ResourcesSettings().thesaurus())
    async with bot.db.read() as session:
        reading = await normalized(session, tsquery(clauses))
    assert reading.count("'immigr'") == 1 and reading.count("'refuge'") == 1
    async with bot.db.read() as session:
        housing = search_clauses("housing", ResourcesSettings().thesaurus())
        # The group's Spanish entries ("viviendas", "desalojos") merge the same way.
        merged_housing = "'hous' | 'evict' | 'vivienda' | 'desalojo'"
        assert await normalized(session, tsquery(housing)) == merged_housing


async def ids(session: object, match: str, q: str) -> list[int]:
    sql = text(f"SELECT id FROM resources WHERE search_vector @@ {match} ORDER BY id")
    return list((await session.execute(sql, {"q": q})).scalars())  # type: ignore[attr-defined]
