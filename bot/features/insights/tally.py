"""Search counts and members' monthly activity for insights, added up in memory and written
in batches, off the reply path.

A search must not wait for a write transaction (on SQLite that alone took longer than the
search), nor a first-time member's answer for the row that counts them (a crowd of new
members after an announcement queued replies for seconds behind those writes, issue 28).
Counts are written by the `insights.searches` job every FLUSH_SECONDS, when the
batch grows past `limit` different searches, before insights are read, and when the process
stops; a crash loses at most the counts of those few seconds.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime

from bot.features.insights.words import member_bit
from storage import insights as store
from storage.engine import Database

log = logging.getLogger(__name__)
FLUSH_SECONDS = 30
# Past this many different (week, words) pairs a batch is written at once.
BATCH_LIMIT = 500
# Counts kept for a later try while the database is out, at most (then the oldest go).
KEEP_LIMIT = 20_000


@dataclass
class _Count:
    searches: int = 0
    empty: int = 0
    members: set[str] = field(default_factory=set)

    def absorb(self, other: _Count) -> None:
        self.searches += other.searches
        self.empty += other.empty
        self.members |= other.members


class SearchTally:
    """Searches counted since the last write, by (week, words)."""

    def __init__(self, limit: int = BATCH_LIMIT) -> None:
        self.limit = limit
        self._pending: dict[tuple[str, str], _Count] = {}
        # (platform, user_id) -> (month, when): members' acts not yet counted
        self._active: dict[tuple[str, str], tuple[str, datetime]] = {}
        self._salt: str | None = None
        self._writing: asyncio.Lock | None = None
        self._tasks: set[asyncio.Task[int]] = set()

    def __len__(self) -> int:
        return len(self._pending) + len(self._active)

    def add(self, week: str, words: str, *, empty: bool, member_key: str) -> None:
        count = self._pending.setdefault((week, words), _Count())
        count.searches += 1
        count.empty += int(empty)
        count.members.add(member_key)

    def add_active(self, platform: str, user_id: str, month: str, at: datetime) -> None:
        """A member acted in `month` (counted once a month when written)."""
        self._active.setdefault((platform, user_id), (month, at))

    def full(self) -> bool:
        return len(self._pending) >= self.limit or len(self._active) >= self.limit

    def flush_soon(self, db: Database) -> None:
        """Write the batch in the background (the search that filled it does not wait)."""
        task = asyncio.get_running_loop().create_task(self.flush_quietly(db))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def flush_quietly(self, db: Database) -> int:
        try:
            return await self.flush(db)
        except Exception:
            log.warning("could not write search counts for insights; will try again")
            return 0

    async def flush(self, db: Database) -> int:
        """Write what was counted; returns how many (week, words) rows were written.

        On failure the counts are kept for the next try (up to KEEP_LIMIT) and the error
        is raised."""
        if self._writing is None:
            self._writing = asyncio.Lock()
        async with self._writing:
            batch, self._pending = self._pending, {}
            active, self._active = self._active, {}
            if not batch and not active:
                return 0
            try:
                await self._write(db, batch, active)
            except BaseException:
                self._keep(batch)
                for member, seen in active.items():
                    self._active.setdefault(member, seen)
                while len(self._active) > KEEP_LIMIT:
                    del self._active[next(iter(self._active))]
                raise
            return len(batch)

    async def _write(
        self,
        db: Database,
        batch: dict[tuple[str, str], _Count],
        active: dict[tuple[str, str], tuple[str, datetime]],
    ) -> None:
        async with db.session() as session:
            if active:
                acts = [store.ActiveRow(p, u, m, at) for (p, u), (m, at) in active.items()]
                await store.note_active_many(session, acts)
            if not batch:
                return
            if self._salt is None:
                self._salt = await store.salt(session)
            salt = self._salt
            rows = [
                store.SearchRow(week, words, c.searches, c.empty, _bits(salt, c.members))
                for (week, words), c in batch.items()
            ]
            await store.count_searches(session, rows)

    def _keep(self, batch: dict[tuple[str, str], _Count]) -> None:
        for key, count in batch.items():
            self._pending.setdefault(key, _Count()).absorb(count)
        while len(self._pending) > KEEP_LIMIT:
            del self._pending[next(iter(self._pending))]


def _bits(salt: str, members: set[str]) -> int:
    bits = 0
    for key in members:
        bits |= member_bit(salt, key)
    return bits
