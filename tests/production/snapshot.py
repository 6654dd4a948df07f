"""Every row of every table, to prove that a refused or failed command changed nothing."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import SQLModel

from tests.harness import TestBot


async def snapshot(bot: TestBot) -> dict[str, list[str]]:
    tables: dict[str, list[str]] = {}
    async with bot.db.read() as session:
        for table in SQLModel.metadata.sorted_tables:
            rows = (await session.execute(select(table))).all()
            tables[table.name] = sorted(repr(tuple(row)) for row in rows)
    return tables
