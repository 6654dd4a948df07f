"""After a bulk import on PostgreSQL: fresh planner statistics, GIN pending lists merged.

Right after 100,000 rows arrive, PostgreSQL knows nothing of their words (so it plans a
search of a rare word like one of a word in every row) and its GIN indexes hold the new rows
in a pending list every search reads through; autovacuum fixes both, but only minutes later.
"""

from __future__ import annotations

from sqlalchemy import text

from storage.engine import Database

BULK = 200  # rows added or changed by one import that make it a bulk import
TABLES = "resources, resource_topics, resource_words"


async def after_bulk_import(db: Database, changed: int) -> None:
    if db.is_sqlite or changed < BULK:
        return
    async with db.engine.connect() as connection:
        # VACUUM cannot run inside a transaction.
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text(f"VACUUM (ANALYZE) {TABLES}"))
