"""Migration 0025: every reminder subscription becomes a Going answer for the whole event, on
both databases, so nobody's reminders change; and back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import inspect

from storage import migrate, rsvps
from storage.models.events import SCHEDULED, Event, ReminderSubscription
from tests.storage.migration_helpers import at_revision, downgrade

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
START = datetime(2027, 1, 20, 19, 0, tzinfo=UTC)


async def test_subscribers_become_going_and_the_tables_go_on_downgrade(
    database_url: str, tmp_path: Path
) -> None:
    db, _ = await at_revision(database_url, tmp_path, "0024")
    try:
        async with db.session() as session:
            event = Event(
                uid="e1@test",
                title="Webinar",
                starts_at=START,
                ends_at=START.replace(hour=20),
                status=SCHEDULED,
                created_at=NOW,
                updated_at=NOW,
            )
            session.add(event)
            await session.flush()
            assert event.id is not None
            for user in ("U1", "U2"):
                session.add(
                    ReminderSubscription(
                        event_id=event.id, platform="slack", user_id=user, created_at=NOW
                    )
                )
        await migrate.upgrade(db, "0025")
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
