"""One SQLite write transaction at a time in this process, taken in turn (first come, first
served), so a write waits on the event loop instead of in SQLite's busy handler.

SQLite has one writer lock. Two of this process's connections asking for it at once made the
second sleep in SQLite's backoff (1, 2, 5 ... 100 ms, again and again) while the first held
it: in a crowd of new members each answer behind a batch write waited up to a second for a
lock that had been free for most of that time (issue 28). Waiting here costs nothing and
ends the moment the lock is free. Another process still meets the busy handler, as before.

A task that already holds the turn (a write session opened inside another, which SQLite
allowed as long as the outer one had not written yet) goes on without waiting for itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class WriteTurns:
    def __init__(self) -> None:
        self._lock: asyncio.Lock | None = None
        self._holder: asyncio.Task[object] | None = None

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        task = asyncio.current_task()
        if task is not None and task is self._holder:
            yield
            return
        if self._lock is None:
            self._lock = asyncio.Lock()  # made on first use, inside the running loop
        async with self._lock:
            self._holder = task
            try:
                yield
            finally:
                self._holder = None
