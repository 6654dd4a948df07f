"""SQLite reads on the event loop's own thread: aiosqlite's async API without its thread.

aiosqlite runs every call (open a cursor, execute, fetch, close, begin, commit) on a
thread of its own; each hand-over costs about 0.2 ms here, a dozen of them per search,
several times the cost of the queries themselves. A read in WAL mode never waits for a lock,
so running it inline blocks the loop only for as long as SQLite works. This connection is
for reads alone (`PRAGMA query_only`): a write, which can wait seconds for the writer lock,
must never block the loop, and fails loudly here instead.

SQLAlchemy's aiosqlite dialect takes it through `create_async_engine(async_creator=...)`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

READ_BUSY_TIMEOUT_MS = 2_000  # WAL readers wait only in rare recovery; never for long


class InlineCursor:
    """An aiosqlite-shaped cursor whose coroutines finish without leaving the thread."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Sequence[Any] = ()) -> InlineCursor:
        self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> InlineCursor:
        self._cursor.executemany(sql, rows)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class InlineConnection:
    """An aiosqlite-shaped connection (as SQLAlchemy's adapter uses one), run inline."""

    def __init__(self, path: str, timeout_ms: int = READ_BUSY_TIMEOUT_MS) -> None:
        # check_same_thread=False: the pool may close a connection from a finalizer thread.
        self._conn: sqlite3.Connection | None = sqlite3.connect(
            path, timeout=timeout_ms / 1000, isolation_level=None, check_same_thread=False
        )
        self._conn.execute("PRAGMA query_only = ON")

    @property
    def _connection(self) -> sqlite3.Connection | None:
        """What the adapter checks before commit and rollback (None once closed)."""
        return self._conn

    def _open(self) -> sqlite3.Connection:
        if self._conn is None:
            raise ValueError("no active connection")
        return self._conn

    @property
    def isolation_level(self) -> str | None:
        return self._open().isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._open().cursor())

    async def create_function(
        self, name: str, args: int, fn: Callable[..., Any], **kw: Any
    ) -> None:
        self._open().create_function(name, args, fn, **kw)

    async def commit(self) -> None:
        self._open().commit()

    async def rollback(self) -> None:
        self._open().rollback()

    async def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def stop(self) -> None:
        """What the adapter calls to terminate a connection: closing is immediate here."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def inline_creator(path: str) -> Callable[[], Any]:
    """An `async_creator` for create_async_engine: opens `path` for inline reads."""

    async def connect() -> InlineConnection:
        return InlineConnection(path)

    return connect
