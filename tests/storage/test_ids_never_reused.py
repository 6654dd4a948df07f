"""A number, once shown, never names something else: ids of deleted rows are not given again,
including on SQLite databases created before AUTOINCREMENT (migration 0009)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, text
from sqlmodel import SQLModel

from storage import migrate
from storage.engine import Database
from storage.models.deliveries import Delivery
from storage.models.resources import Resource
from storage.models.topics import Suggestion, Vote

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
REBUILT = (
    "events",
    "event_reminders",
    "resources",
    "topic_suggestions",
    "topic_status_changes",
    "topic_drafts",
)


def _suggestion(n: int) -> Suggestion:
    return Suggestion(
        title=f"Topic {n}",
        author_key=f"slack:U{n}",
        author_platform="slack",
        author_user_id=f"U{n}",
        created_at=NOW,
        updated_at=NOW,
    )


def _resource(n: int, title: str) -> Resource:
    return Resource(
        url_key=f"example.org/{n}",
        url=f"https://example.org/{n}",
        title=title,
        added_at=NOW,
        updated_at=NOW,
    )


def _before_ids_never_reused() -> str:
    """The schema just before migration 0009 (which ids never reused came with)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    return str(script.get_revision("0009").down_revision)


BEFORE = _before_ids_never_reused()


async def _next_id(db: Database, row: SQLModel) -> int:
    async with db.session() as session:
        session.add(row)
        await session.flush()
        return int(row.id)  # type: ignore[attr-defined]


async def test_every_table_people_see_ids_of_never_reuses_them(db: Database) -> None:
    for name in REBUILT:
        assert SQLModel.metadata.tables[name].dialect_kwargs["sqlite_autoincrement"] is True
    first = await _next_id(db, _suggestion(1))
    second = await _next_id(db, _suggestion(2))
    async with db.session() as session:
        await session.execute(delete(Suggestion).where(Suggestion.id == second))  # type: ignore[arg-type]
    assert await _next_id(db, _suggestion(3)) == second + 1 > first
    removed = await _next_id(db, _resource(1, "Toolkit"))
    async with db.session() as session:
        await session.execute(delete(Resource).where(Resource.id == removed))  # type: ignore[arg-type]
    assert await _next_id(db, _resource(2, "Guide")) == removed + 1


async def test_a_database_from_before_keeps_its_rows_and_stops_reusing_ids(
    tmp_path: Path,
) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    try:
        await migrate.upgrade(db, BEFORE)
        async with db.session() as session:
            for n in range(1, 7):
                session.add(_suggestion(n))
            for n, title in enumerate(("Rural telehealth toolkit", "Equity guide"), start=1):
                # The columns resources had then (today's model has more).
                await session.execute(
                    text(
                        "INSERT INTO resources (url_key, url, title, description, type, topics,"
                        " authors, audience, organization, published, added_by, added_at,"
                        " updated_at) VALUES (:key, :url, :title, '', 'other', '', '', '', '',"
                        " '', '', '2026-03-02 15:00:00.000000', '2026-03-02 15:00:00.000000')"
                    ),
                    {"key": f"example.org/{n}", "url": f"https://example.org/{n}", "title": title},
                )
            await session.flush()
            session.add(
                Vote(
                    suggestion_id=5,
                    voter_key="slack:B",
                    platform="slack",
                    user_id="B",
                    created_at=NOW,
                )
            )
            await session.execute(  # as 0007 had it (no state column yet)
                text(
                    "INSERT INTO topic_status_changes (suggestion_id, status, reason, link_kind,"
                    " link_ref, by_key, created_at) VALUES (5, 'covered', '', 'resource', '2',"
                    " 'x', '2026-03-02 15:00:00.000000')"
                )
            )
            # #6 is gone already, but a message queued about it still names it; resource #2
            # (gone too) is named by a decision.
            session.add(
                Delivery(
                    key="topics.posted:6:slack:C1",
                    kind="message",
                    ref="topic:6",
                    platform="slack",
                    target_type="channel",
                    target_id="C1",
                    due_at=NOW,
                    created_at=NOW,
                )
            )
        async with db.session() as session:
            await session.execute(delete(Suggestion).where(Suggestion.id == 6))  # type: ignore[arg-type]
            await session.execute(delete(Resource).where(Resource.id == 2))  # type: ignore[arg-type]

        await migrate.upgrade(db)

        async with db.read() as session:
            schema = dict(
                (await session.execute(text("SELECT name, sql FROM sqlite_master"))).all()
            )
            votes = (await session.execute(text("SELECT count(*) FROM topic_votes"))).scalar()
            changes = (
                await session.execute(text("SELECT count(*) FROM topic_status_changes"))
            ).scalar()
            found = (
                (
                    await session.execute(
                        text(
                            "SELECT rowid FROM resources_fts WHERE resources_fts MATCH 'telehealth'"
                        )
                    )
                )
                .scalars()
                .all()
            )
            broken = (await session.execute(text("PRAGMA foreign_key_check"))).all()
        for table in REBUILT:
            assert "AUTOINCREMENT" in schema[table], table
        assert {"resources_fts_insert", "resources_fts_update", "resources_fts_delete"} <= set(
            schema
        )
        assert votes == 1 and changes == 1 and found == [1] and broken == []
        async with db.read() as session:
            states = (await session.execute(text("SELECT state FROM topic_status_changes"))).all()
        assert [tuple(r) for r in states] == [("applied",)]
        assert await _next_id(db, _suggestion(7)) == 7  # not 6: a queued message names #6
        assert await _next_id(db, _resource(3, "Telehealth for rural clinics")) == 3
        async with db.read() as session:
            found = (
                (
                    await session.execute(
                        text(
                            "SELECT rowid FROM resources_fts WHERE resources_fts MATCH 'telehealth'"
                            " ORDER BY rowid"
                        )
                    )
                )
                .scalars()
                .all()
            )
        assert found == [1, 3]  # the search index triggers still run
        await migrate.check(db)
    finally:
        await db.close()
