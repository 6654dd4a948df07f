"""Migration 0029: previews leave `events` for `event_drafts`, on both databases, from a
database at 0024 holding them as drafts; their buttons keep working, no number is given
twice, and the migration goes back down."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bot.actions import Action
from storage import migrate
from storage.engine import Database
from tests.harness import TestBot, reply_text
from tests.storage.migration_helpers import at_revision, downgrade

_INSERT = text(
    "INSERT INTO events (id, uid, title, kind, description, starts_at, ends_at, zone, all_day, "
    "location, join_url, registration_url, series, rrule, overrides, reminder_offsets, status, "
    "draft_of, revision, created_by, created_at, updated_at) VALUES (:id, :uid, :title, "
    "'webinar', '', :starts, :ends, 'America/Chicago', :all_day, '', '', '', '', '', '', '', "
    ":status, :draft_of, 1, 'console:olu', :made, :made)"
)


def _row(n: int, title: str, status: str, draft_of: int | None = None, **kw: Any) -> dict[str, Any]:
    return {
        "id": n,
        "uid": f"{n}@test",
        "title": title,
        "starts": kw.get("starts", datetime(2026, 1, 20, 19, tzinfo=UTC)),
        "ends": kw.get("ends", datetime(2026, 1, 20, 20, tzinfo=UTC)),
        "all_day": kw.get("all_day", False),
        "status": status,
        "draft_of": draft_of,
        "made": datetime(2026, 1, 5, 15, tzinfo=UTC),
    }


async def _as_0024_left_them(db: Database) -> None:
    """Event 1 published; 2 a new event's open preview; 3 an open edit of event 1; 4 a
    preview that was cancelled (its id was given, then the row deleted)."""
    async with db.engine.begin() as connection:
        pg = connection.dialect.name != "sqlite"
        for row in (
            _row(1, "Housing basics", "scheduled"),
            _row(2, "Medicaid basics", "draft", all_day=False),
            _row(
                3,
                "Housing basics, moved",
                "draft",
                draft_of=1,
                starts=datetime(2026, 1, 27, 19, tzinfo=UTC),
                ends=datetime(2026, 1, 27, 20, tzinfo=UTC),
            ),
            _row(4, "Typo webinar", "draft"),
        ):
            if not pg:  # SQLite keeps naive UTC text
                row = {
                    **row,
                    **{k: row[k].replace(tzinfo=None) for k in ("starts", "ends", "made")},
                }
            await connection.execute(_INSERT, row)
        await connection.execute(text("DELETE FROM events WHERE id = 4"))
        if pg:
            await connection.execute(text("SELECT setval('events_id_seq', 4)"))


async def test_open_previews_move_over_and_numbers_are_never_given_twice(
    database_url: str, tmp_path: Path
) -> None:
    db, url = await at_revision(database_url, tmp_path, "0024")
    try:
        await _as_0024_left_them(db)
        await migrate.upgrade(db)
        await migrate.check(db)
        async with db.read() as session:
            moved = (
                await session.execute(text("SELECT id, draft_of FROM event_drafts ORDER BY id"))
            ).all()
            events = (await session.execute(text("SELECT id, status FROM events"))).all()
        assert [tuple(r) for r in moved] == [(2, None), (3, 1)]
        assert [tuple(r) for r in events] == [(1, "scheduled")]

        bot = await TestBot.open(url)
        try:
            edited = await bot.press_action(Action("events.confirm", ("3",)), organizer=True)
            assert "Saved the changes to Housing basics, moved" in reply_text(edited)
            assert "Event #1" in reply_text(edited) and "Jan 27" in reply_text(edited)
            published = await bot.press_action(Action("events.confirm", ("2",)), organizer=True)
            assert "Published Medicaid basics" in reply_text(published)
            assert "Event #5" in reply_text(published), "4 was given once already"
            # A new preview is numbered after every id given before the upgrade (4), so no
            # button posted then can name it.
            fresh = await bot.command(
                '/events add Lead pipes when:"January 22 1pm CST"', "olu", organizer=True
            )
            button = next(b for b in fresh.sections[-1].buttons if b.label == "Confirm")
            assert button.action is not None and int(button.action.args[0]) > 4
            stale = await bot.press_action(Action("events.confirm", ("4",)), organizer=True)
            assert "already confirmed or cancelled" in reply_text(stale)
        finally:
            await bot.close()

        await downgrade(db, "0024")
        async with db.read() as session:
            back = (await session.execute(text("SELECT id, draft_of FROM events"))).all()
        assert sorted(tuple(r) for r in back) == [(1, None), (5, None)]
    finally:
        if not database_url.startswith("sqlite"):
            await migrate.upgrade(db)  # the shared PostgreSQL database stays at head
        await db.close()
