"""The clock port: every time-dependent thing asks it, so tests can use a fake one.

The delivery queue judges due times, expiry, leases and lateness by the database's clock,
not this process's (machines may disagree by minutes): `queue_now()` is None for a real
clock, meaning "ask the database". A fake clock answers itself, so tests and the console
demo can still move time for the queue.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from typing import Protocol

# "Now" pinned for the task at hand (and what it awaits): see `pinned`.
_PINNED: ContextVar[datetime | None] = ContextVar("pinned_now", default=None)


@contextmanager
def pinned(now: datetime) -> Iterator[None]:
    """Inside, every clock's `now()` answers `now` (in this task only).

    The delivery worker renders a message at the database's "now", which it judged the
    row by, whatever this process's clock says.
    """
    if now.tzinfo is None:
        raise ValueError("a pinned now must be an aware datetime")
    token = _PINNED.set(now.astimezone(UTC))
    try:
        yield
    finally:
        _PINNED.reset(token)


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, aware, in UTC (the pinned one inside `pinned`)."""
        ...

    def queue_now(self) -> datetime | None:
        """ "Now" for the delivery queue, or None to take the database's clock."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return _PINNED.get() or datetime.now(UTC)

    def queue_now(self) -> None:
        return None


class FakeClock:
    """A clock that only moves when told to. Used by tests and the console's `/clock`."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return _PINNED.get() or self._now

    def queue_now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now

    def set(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = when.astimezone(UTC)
