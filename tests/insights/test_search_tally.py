"""Search counts reach the database off the reply path: at the job, when a batch fills, before
insights are read and when the process stops; a failed write keeps them for the next try.
People are counted exactly, never as a hash sketch whose bits two members can share."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.features.insights.tally import SearchTally
from storage.engine import Database
from storage.models.insights import MemberActivity, MonthlyMembers, SearchCount
from tests.harness import TestBot
from tests.insights.support import KEY, keyed


async def counts(db: Database) -> dict[str, tuple[int, int]]:
    async with db.read() as session:
        rows = (await session.execute(select(SearchCount))).scalars().all()
    found: dict[str, tuple[int, int]] = {}
    for r in rows:
        searches, empty = found.get(r.words, (0, 0))
        found[r.words] = (searches + r.searches, empty + r.empty)
    return found


async def people(db: Database, words: str) -> int:
    async with db.read() as session:
        rows = (await session.execute(select(SearchCount))).scalars().all()
    return len({r.who for r in rows if r.words == words})


async def test_the_scheduled_job_writes_what_searches_counted(bot: TestBot) -> None:
    keyed(bot)
    await bot.command("/resources maternal health", "ana")
    await bot.command("/resources Maternal  health!", "bo", platform="discord")
    await bot.command("/resources transit deserts", "ana")
    await bot.runtime.scheduler.run_once()
    # The test library is empty: every search found nothing.
    assert await counts(bot.db) == {"maternal health": (2, 2), "transit deserts": (1, 1)}
    await bot.runtime.scheduler.run_once()  # nothing counted twice
    assert (await counts(bot.db))["maternal health"] == (2, 2)


async def test_stopping_the_process_writes_the_last_counts(database_url: str) -> None:
    bot = keyed(await TestBot.open(database_url))
    await bot.command("/resources Black maternal health", "ana")
    await bot.close()
    db = Database(database_url)
    try:
        assert await counts(db) == {"black maternal health": (1, 1)}
    finally:
        await db.close()


async def test_a_failed_write_keeps_the_counts_for_the_next(db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tally = SearchTally()
    tally.add("2026-03-02", "housing", empty=False, member_key="slack:ana")
    broken = Database(f"sqlite+aiosqlite:///{tmp_path}/missing/dir/x.db")
    try:
        try:
            await tally.flush(broken, KEY)
        except Exception:
            pass
        else:
            raise AssertionError("writing to a database that cannot open must fail")
    finally:
        await broken.close()
    tally.add("2026-03-02", "housing", empty=True, member_key="discord:bo")
    assert await tally.flush(db, KEY) == 1
    assert await counts(db) == {"housing": (2, 1)}
    assert await people(db, "housing") == 2


async def test_a_full_batch_is_written_without_waiting_for_the_job(bot: TestBot) -> None:
    keyed(bot)
    bot.deps.state.get(SearchTally).limit = 3
    for words in ("housing", "food access", "broadband"):
        await bot.command(f"/resources {words}", "ana")
    for _ in range(50):  # the write runs in the background; give it its turns
        if len(await counts(bot.db)) == 3:
            break
        await asyncio.sleep(0.02)
    assert set(await counts(bot.db)) == {"housing", "food access", "broadband"}
    assert len(bot.deps.state.get(SearchTally)) == 0


async def test_fifty_people_are_counted_as_fifty(bot: TestBot) -> None:
    """A 62-bit sketch put two of three members on one bit in 1 run in 20 (the flaky
    dashboard test); fifty members in it were never fifty."""
    keyed(bot)
    for n in range(50):
        await bot.command("/resources food pantries", f"member{n}", platform="slack")
    await bot.runtime.scheduler.run_once()
    assert await people(bot.db, "food pantries") == 50


async def test_without_a_key_no_words_are_kept(bot: TestBot) -> None:
    """Nothing could find a member's words again for /privacy: only the count stays."""
    for user in ("ana", "bo", "cy"):
        await bot.command("/resources maternal health", user)
    await bot.runtime.scheduler.run_once()
    assert await counts(bot.db) == {"": (3, 3)}


async def active_members(db: Database) -> list[tuple[str, str]]:
    async with db.read() as session:
        rows = (await session.execute(select(MemberActivity))).scalars().all()
    return sorted((r.platform, r.user_id) for r in rows)


async def test_a_first_time_member_is_counted_in_the_tally_not_before_the_answer(
    bot: TestBot,
) -> None:
    """Issue 28: a crowd of new members waited for the write that counts each of them."""
    await bot.command("/resources maternal health", "ana")
    await bot.command("/events", "bo", platform="discord")
    await bot.command("/topics", "ana")  # counted once a month
    assert await active_members(bot.db) == []  # the answers did not wait for it
    await bot.runtime.scheduler.run_once()
    assert await active_members(bot.db) == [("console", "ana"), ("discord", "bo")]
    async with bot.db.read() as session:
        monthly = (await session.execute(select(MonthlyMembers))).scalars().all()
    assert sorted((m.platform, m.members) for m in monthly) == [("console", 1), ("discord", 1)]
