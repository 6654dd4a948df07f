"""The async engine and sessions, with SQLite set up for a busy bot (WAL, busy timeout).

On SQLite, `session()` begins with BEGIN IMMEDIATE so that a read-then-write transaction
waits for the writer lock instead of failing with "database is locked"; `read()` begins
a plain deferred transaction, so readers never wait for each other, on a read-only connection
that runs on the event loop's thread (storage/inline_sqlite.py): a search is a handful of
quick reads, and aiosqlite's thread hand-overs cost more than the reads themselves.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from storage.inline_sqlite import inline_creator
from storage.write_turns import WriteTurns

BUSY_TIMEOUT_MS = 15_000


class Database:
    def __init__(self, url: str, *, echo: bool = False, pool_size: int = 10) -> None:
        self.url = url
        self.dialect = make_url(url).get_backend_name()
        # hide_parameters: an error's log line must not carry member text (or any value).
        options: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        if self.dialect == "sqlite":
            options["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
        else:
            options.update(pool_size=pool_size, pool_pre_ping=True, max_overflow=pool_size)
            # Plan each search for its own words: a cached generic plan cannot tell "health"
            # (every row) from "broadband" (a few), and scanned 100,000 rows for the latter.
            # Random reads cost little more than sequential ones on the SSDs a database runs on
            # now; at the default (4) the planner read 60,000 rows in order rather than fetch
            # 6,000 through the full-text index.
            settings = {"plan_cache_mode": "force_custom_plan", "random_page_cost": "1.1"}
            options["connect_args"] = {"server_settings": settings}
        self.engine: AsyncEngine = create_async_engine(url, **options)
        self._turns = WriteTurns() if self.dialect == "sqlite" else None
        self.reader = self.engine
        if self.dialect == "sqlite":
            _configure_sqlite(self.engine)
            path = _file_path(url)
            if path is not None:
                self.reader = create_async_engine(
                    url, echo=echo, hide_parameters=True, async_creator=inline_creator(path)
                )
                _begin_explicitly(self.reader)

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A read-write transaction, committed on success and rolled back on error; on
        SQLite in its turn among this process's writers (storage/write_turns.py)."""
        if self._turns is None:
            engine = self.engine
            async with AsyncSession(engine, expire_on_commit=False) as session, session.begin():
                yield session
            return
        bind = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        turn = self._turns.turn()
        async with turn, AsyncSession(bind, expire_on_commit=False) as session, session.begin():
            yield session

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A read-only transaction (deferred on SQLite)."""
        async with AsyncSession(self.reader, expire_on_commit=False) as session, session.begin():
            yield session

    @asynccontextmanager
    async def connect(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.connect() as connection:
            yield connection

    async def ping(self) -> bool:
        from sqlalchemy import text

        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def close(self) -> None:
        if self.reader is not self.engine:
            await self.reader.dispose()
        await self.engine.dispose()


def _configure_sqlite(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Let us emit BEGIN ourselves (the pysqlite default would begin lazily and deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    _begin_explicitly(engine)


def _begin_explicitly(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "")
        # On the DBAPI cursor: through exec_driver_sql the BEGIN of every session cost a
        # full statement execution (events, context, result), 5% of a crowd's CPU (issue 28).
        cursor = connection.connection.cursor()
        try:
            cursor.execute(f"BEGIN {mode}".strip())
        finally:
            cursor.close()


def _file_path(url: str) -> str | None:
    """The database file of a SQLite URL; None for an in-memory database (one connection's
    own, which a second engine could not see)."""
    database = make_url(url).database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return database
