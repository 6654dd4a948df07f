"""A broad search ranks within exactly its newest `rank_window` title matches, however the
matches are spread (PostgreSQL finds them one of two ways, by how dense they are among the
newest rows), and a bulk import leaves PostgreSQL's statistics fresh."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from storage import resources as store
from tests.harness import TestBot
from tests.resources.helpers import load_rows

WINDOW = 100
SIZE = 2500


def library() -> list[dict[str, Any]]:
    """ "zebra" in every 2nd title of the oldest 1,500 and every 50th after: sparse among the
    newest rows. "okapi" in every 3rd title throughout: dense everywhere."""
    rows = []
    for n in range(1, SIZE + 1):
        words = [f"Item {n}"]
        if (n <= 1500 and n % 2 == 0) or (n > 1500 and n % 50 == 0):
            words.append("zebra")
        if n % 3 == 0:
            words.append("okapi")
        rows.append({"title": " ".join(words), "url": f"https://lib.example/{n}", "type": "blog"})
    return rows


@pytest.fixture
async def zoo(bot: TestBot) -> TestBot:
    report = await load_rows(bot, library())
    assert report.added == SIZE
    return bot


async def every_hit(bot: TestBot, word: str) -> tuple[list[int], store.Page]:
    ids: list[int] = []
    async with bot.db.read() as session:
        first = await store.search(session, [(word,)], window=WINDOW, limit=25)
        offset = 0
        while offset < (first.reachable or first.total):
            page = await store.search(session, [(word,)], window=WINDOW, limit=25, offset=offset)
            ids += [hit.id for hit in page.hits]
            offset += 25
    return ids, first


@pytest.mark.parametrize("word", ["zebra", "okapi"])
async def test_the_window_holds_exactly_the_newest_matches(zoo: TestBot, word: str) -> None:
    async with zoo.db.read() as session:
        rows = await session.execute(text("SELECT id, title FROM resources ORDER BY id"))
        matching = [rid for rid, title in rows if word in title]
    ids, first = await every_hit(zoo, word)
    assert not first.exact and first.total == WINDOW
    assert sorted(ids) == sorted(matching[-WINDOW:])


async def test_a_bulk_import_refreshes_postgresql_statistics(zoo: TestBot) -> None:
    if zoo.db.is_sqlite:
        pytest.skip("SQLite keeps no planner statistics to refresh")
    async with zoo.db.read() as session:
        analyzed = await session.execute(
            text(
                "SELECT last_analyze, last_vacuum FROM pg_stat_user_tables "
                "WHERE relname = 'resources'"
            )
        )
        last_analyze, last_vacuum = analyzed.one()
    assert last_analyze is not None and last_vacuum is not None


async def test_a_broad_search_leaves_the_planner_settings_as_it_found_them(zoo: TestBot) -> None:
    """PostgreSQL's span pass turns plain index scans off for its own statement only."""
    if zoo.db.is_sqlite:
        pytest.skip("a PostgreSQL planner setting")
    async with zoo.db.read() as session:
        for word in ("okapi", "zebra"):  # the span holds the window; it does not (second pass)
            await store.search(session, [(word,)], window=WINDOW)
            setting = await session.execute(text("SELECT current_setting('enable_indexscan')"))
            assert setting.scalar_one() == "on"


@pytest.mark.parametrize("word", ["zebra", "okapi"])
async def test_a_small_library_count_past_the_window_still_ranks_in_tiers(
    zoo: TestBot, word: str
) -> None:
    """A small library counts with its first page; more matches than the window then rank
    within the newest ones exactly as when counted first."""
    async with zoo.db.read() as session:
        counted = await store.search(session, [(word,)], window=WINDOW, limit=25, small=True)
        first = await store.search(session, [(word,)], window=WINDOW, limit=25)
    assert (counted.total, counted.exact, counted.reachable) == (WINDOW, False, first.reachable)
    assert [hit.id for hit in counted.hits] == [hit.id for hit in first.hits]
