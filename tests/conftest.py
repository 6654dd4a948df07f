"""Fixtures: a migrated database per test, on SQLite always and on PostgreSQL when
COLLAB_BOT_TEST_DATABASE_URL names one (CI always does)."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from storage import migrate
from storage.engine import Database
from tests.harness import TestBot

PG_ENV = "COLLAB_BOT_TEST_DATABASE_URL"
PG_URL = os.environ.get(PG_ENV, "")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def _sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def _create_pg_database(url: str) -> None:
    import asyncpg

    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres")
    connection = await asyncpg.connect(admin.render_as_string(hide_password=False))
    try:
        exists = await connection.fetchval(
            "SELECT 1 FROM pg_database WHERE datname = $1", parsed.database
        )
        if not exists:
            await connection.execute(f'CREATE DATABASE "{parsed.database}"')
    finally:
        await connection.close()


async def _fresh_pg(url: str) -> None:
    await _create_pg_database(url)
    db = Database(url)
    try:
        async with db.engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await migrate.upgrade(db)
    finally:
        await db.close()


async def _migrate_sqlite(url: str) -> None:
    db = Database(url)
    try:
        await migrate.upgrade(db)
    finally:
        await db.close()


def _in_thread(coroutine: Any) -> None:
    """Run setup on its own loop, even when a test's loop is already running."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    _in_thread(_migrate_sqlite(_sqlite_url(path)))
    return path


@pytest.fixture(scope="session")
def pg_migrated() -> Iterator[str]:
    if not PG_URL:
        pytest.skip(f"{PG_ENV} is not set")
    _in_thread(_fresh_pg(PG_URL))
    yield PG_URL


async def _truncate(url: str) -> None:
    db = Database(url)
    try:
        names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        async with db.engine.begin() as connection:
            await connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    finally:
        await db.close()


@pytest.fixture(params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> AsyncIterator[str]:
    """A migrated, empty database: a copied SQLite file, or the truncated PostgreSQL one."""
    if request.param == "sqlite":
        path = tmp_path / "bot.db"
        shutil.copy(sqlite_template, path)
        yield _sqlite_url(path)
        return
    url = request.getfixturevalue("pg_migrated")
    await _truncate(url)
    yield url


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    yield database
    await database.close()


@pytest.fixture
async def bot(database_url: str) -> AsyncIterator[TestBot]:
    test_bot = await TestBot.open(database_url)
    yield test_bot
    await test_bot.close()


@pytest.fixture(scope="session", autouse=True)
def checkout_stays_clean() -> Iterator[None]:
    """No test leaves files in the checkout (a console test once saved a chart there)."""
    root = Path(__file__).resolve().parent.parent
    before = (root / "collab-bot-files").exists()
    yield
    assert before or not (root / "collab-bot-files").exists(), (
        "a test wrote collab-bot-files/ into the checkout; give ConsoleSession a scratch dir"
    )
