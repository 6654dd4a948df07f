"""Migration 0025: every reminder subscription becomes a Going answer for the whole event, on
both databases, so nobody's reminders change; and back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import inspect, text

from storage import migrate, rsvps
from storage.models.events import SCHEDULED
from tests.storage.migration_helpers import at_revision, downgrade

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
START = datetime(2027, 1, 20, 19, 0, tzinfo=UTC)


async def test_subscribers_become_going_and_the_tables_go_on_downgrade(
    database_url: str, tmp_path: Path
) -> None:
    db, _ = await at_revision(database_url, tmp_path, "0024")
    try:
        async with db.session() as session:
            # Written as the tables were at 0024 (the models have grown columns since).
            await session.execute(
                text(
                    "INSERT INTO events (id, uid, title, kind, description, starts_at, ends_at, "
                    "zone, all_day, location, join_url, registration_url, series, rrule, "
                    "overrides, reminder_offsets, status, revision, created_by, created_at, "
                    "updated_at) VALUES (1, 'e1@test', 'Webinar', 'webinar', '', :start, :end, "
                    "'America/Chicago', false, '', '', '', '', '', '', '', :status, 1, '', "
                    ":now, :now)"
                ),
                {"start": START, "end": START.replace(hour=20), "status": SCHEDULED, "now": NOW},
            )
            for user in ("U1", "U2"):
                await session.execute(
                    text(
                        "INSERT INTO event_reminders (event_id, platform, user_id, offsets, "
                        "generation, created_at) VALUES (1, 'slack', :user, '', 1, :now)"
                    ),
                    {"user": user, "now": NOW},
                )
        await migrate.upgrade(db)  # through 0025
        async with db.read() as session:
            going = await rsvps.people_answering(session, 1, START, [rsvps.GOING])
            assert [a.key for a in going] == ["slack:U1", "slack:U2"]
            assert await rsvps.people_answering(session, 1, START, [rsvps.MAYBE]) == []
        await downgrade(db, "0024")
        async with db.engine.connect() as connection:
            tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
        assert "event_rsvps" not in tables and "event_feed_tokens" not in tables
        assert "event_reminders" in tables
    finally:
        if not database_url.startswith("sqlite"):
            await migrate.upgrade(db)  # the shared PostgreSQL database stays at head
        await db.close()
