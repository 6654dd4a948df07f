"""Search counts and members' monthly activity for insights, added up in memory and written
in batches, off the reply path.

A search must not wait for a write transaction (on SQLite that alone took longer than the
search), nor a first-time member's answer for the row that counts them (a crowd of new
members after an announcement queued replies for seconds behind those writes, issue 28).
Counts are written by the `insights.searches` job every FLUSH_SECONDS, when the
batch grows past `limit` different searches, before insights are read, and when the process
stops; a crash loses at most the counts of those few seconds.

Members are counted as people: at write time each account is resolved to its person (linked
accounts are one), and kept only as a keyed hash with COLLAB_BOT_INSIGHTS_KEY
(words.searcher). Without that key no words are kept at all, only how many searches there
were, since nothing could later find and delete a member's words.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime

from bot.features.insights.words import searcher
from storage import insights as store
from storage.engine import Database

log = logging.getLogger(__name__)
FLUSH_SECONDS = 30
# Past this many different (week, words) pairs a batch is written at once.
BATCH_LIMIT = 500
# Counts kept for a later try while the database is out, at most (then the oldest go).
KEEP_LIMIT = 20_000
# Members' acts are written this many to a transaction: on SQLite a write holds the one
# writer lock, and a member's answer that needs it (their profile zone) must not wait for
# hundreds of rows. Counting an act twice is harmless (a month counts a member once).
ACTIVE_CHUNK = 50


@dataclass
class _Count:
    # account key -> (searches, found nothing) of that account
    members: dict[str, tuple[int, int]] = field(default_factory=dict)

    def add(self, account: str, searches: int, empty: int) -> None:
        before = self.members.get(account, (0, 0))
        self.members[account] = (before[0] + searches, before[1] + empty)

    def absorb(self, other: _Count) -> None:
        for account, (searches, empty) in other.members.items():
            self.add(account, searches, empty)


class SearchTally:
    """Searches counted since the last write, by (week, words)."""

    def __init__(self, limit: int = BATCH_LIMIT) -> None:
        self.limit = limit
        self._pending: dict[tuple[str, str], _Count] = {}
        # (platform, user_id) -> (month, when): members' acts not yet counted
        self._active: dict[tuple[str, str], tuple[str, datetime]] = {}
        self._writing: asyncio.Lock | None = None
        self._tasks: set[asyncio.Task[int]] = set()

    def __len__(self) -> int:
        return len(self._pending) + len(self._active)

    def add(self, week: str, words: str, *, empty: bool, member_key: str) -> None:
        self._pending.setdefault((week, words), _Count()).add(member_key, 1, int(empty))

    def add_active(self, platform: str, user_id: str, month: str, at: datetime) -> None:
        """A member acted in `month` (counted once a month when written)."""
        self._active.setdefault((platform, user_id), (month, at))

    def full(self) -> bool:
        return len(self._pending) >= self.limit or len(self._active) >= self.limit

    def flush_soon(self, db: Database, key: str) -> None:
        """Write the batch in the background (the search that filled it does not wait)."""
        task = asyncio.get_running_loop().create_task(self.flush_quietly(db, key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def flush_quietly(self, db: Database, key: str) -> int:
        try:
            return await self.flush(db, key)
        except Exception:
            log.warning("could not write search counts for insights; will try again")
            return 0

    async def flush(self, db: Database, key: str) -> int:
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
                await _write(db, key, batch, active)
            except BaseException:
                self._keep(batch)
                for member, seen in active.items():
                    self._active.setdefault(member, seen)
                while len(self._active) > KEEP_LIMIT:
                    del self._active[next(iter(self._active))]
                raise
            return len(batch)

    def _keep(self, batch: dict[tuple[str, str], _Count]) -> None:
        for key, count in batch.items():
            self._pending.setdefault(key, _Count()).absorb(count)
        while len(self._pending) > KEEP_LIMIT:
            del self._pending[next(iter(self._pending))]


async def _write(
    db: Database,
    key: str,
    batch: dict[tuple[str, str], _Count],
    active: dict[tuple[str, str], tuple[str, datetime]],
) -> None:
    acts = [store.ActiveRow(p, u, m, at) for (p, u), (m, at) in active.items()]
    for start in range(0, len(acts), ACTIVE_CHUNK):
        async with db.session() as session:
            await store.note_active_many(session, acts[start : start + ACTIVE_CHUNK])
    if not batch:
        return
    async with db.session() as session:
        accounts = {a for count in batch.values() for a in count.members}
        people = await store.people_of(session, accounts) if key else {}
        await store.count_searches(session, _rows(key, batch, people))


def _rows(
    key: str, batch: dict[tuple[str, str], _Count], people: dict[str, str]
) -> list[store.SearchRow]:
    """One row per (week, words, person); without a key one wordless row per week."""
    if not key:
        weeks: dict[str, list[int]] = {}
        for (week, _), count in batch.items():
            entry = weeks.setdefault(week, [0, 0])
            for searches, empty in count.members.values():
                entry[0] += searches
                entry[1] += empty
        return [store.SearchRow(w, "", "", n, e) for w, (n, e) in weeks.items()]
    rows: dict[tuple[str, str, str], list[int]] = {}
    for (week, words), count in batch.items():
        for account, (searches, empty) in count.members.items():
            who = searcher(key, words, people.get(account, account))
            entry = rows.setdefault((week, words, who), [0, 0])
            entry[0] += searches
            entry[1] += empty
    return [store.SearchRow(*k, n, e) for k, (n, e) in rows.items()]
