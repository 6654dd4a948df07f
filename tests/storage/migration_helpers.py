"""Helpers of the migration tests: a database at an older revision, and a downgrade."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from storage import migrate
from storage.engine import Database


async def downgrade(db: Database, revision: str) -> None:
    await migrate.downgrade(db, revision)


async def at_revision(database_url: str, tmp_path: Path, revision: str) -> tuple[Database, str]:
    """A database migrated only up to `revision`: a new SQLite file, or the test PostgreSQL
    database emptied (the test brings it back to head when it is done)."""
    if database_url.startswith("sqlite"):
        url = f"sqlite+aiosqlite:///{tmp_path / f'at-{revision}.db'}"
    else:
        url = database_url
    db = Database(url)
    if not url.startswith("sqlite"):
        async with db.engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    await migrate.upgrade(db, revision)
    return db, url
