"""Migration 0031: the items already stored get a language read from their text, Spanish
ones their stems, and search finds them by Spanish stems on both databases; and back."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import text

from storage import migrate
from storage import resources as store
from storage.engine import Database

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
ITEMS = [
    ("https://example.org/es", "Guía de viviendas para familias", "Pasos para la comunidad."),
    ("https://example.org/en", "Housing guide for families", "Steps for the community."),
]


async def _downgrade(db: Database, revision: str) -> None:
    def run(connection: Any) -> None:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

    async with db.engine.begin() as connection:
        await connection.run_sync(run)


async def _at(database_url: str, tmp_path: Path, revision: str) -> Database:
    if database_url.startswith("sqlite"):
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'at.db'}")
    else:
        db = Database(database_url)
        async with db.engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    await migrate.upgrade(db, revision)
    return db


async def _ids(db: Database, word: str) -> list[int]:
    async with db.read() as session:
        page = await store.search(session, [(word,)], limit=10)
    return sorted(hit.id for hit in page.hits)


async def test_stored_items_get_a_language_and_spanish_stems(
    database_url: str, tmp_path: Path
) -> None:
    db = await _at(database_url, tmp_path, "0024")
    try:
        async with db.session() as session:
            for url, title, description in ITEMS:
                await session.execute(
                    text(
                        "INSERT INTO resources (url_key, url, title, description, type, topics, "
                        "authors, audience, organization, published, added_by, added_at, "
                        "updated_at) VALUES (:url, :url, :title, :description, 'guide', '', '', "
                        "'', '', '', '', :now, :now)"
                    ),
                    {"url": url, "title": title, "description": description, "now": NOW},
                )
        await migrate.upgrade(db, "0031")
        async with db.read() as session:
            rows = (await session.execute(text("SELECT id, language FROM resources"))).all()
        languages = dict(rows)
        assert sorted(languages.values()) == ["en", "es"]
        spanish = [key for key, value in languages.items() if value == "es"]
        # "vivienda" reaches "viviendas" only through the Spanish stem "viviend".
        assert await _ids(db, "vivienda") == spanish
        english = [key for key, value in languages.items() if value == "en"]
        assert await _ids(db, "housings") == english  # English stems as before
        await _downgrade(db, "0024")
        async with db.read() as session:
            matched = await session.execute(
                text(
                    "SELECT count(*) FROM resources_fts WHERE resources_fts MATCH 'housings'"
                    if db.is_sqlite
                    else "SELECT count(*) FROM resources "
                    "WHERE search_vector @@ to_tsquery('english', 'housings')"
                )
            )
        assert matched.scalar_one() == 1
    finally:
        if not db.is_sqlite:
            await migrate.upgrade(db)  # the shared PostgreSQL database stays at head
        await db.close()
