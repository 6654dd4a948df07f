"""What keeps the public HTTP server up under idle, trickling or floods of connections.

A connection that does not finish a request's headers within `idle_seconds` of opening (or
of its last answer) is closed. At `max_connections` open at once, a new connection first
takes the place of the oldest one that has sent nothing yet (an idle flood cannot keep a
real client out); when every one is busy it gets a bare 503 and is closed at once. Either
way file descriptors stay free for the database and outgoing deliveries.
Refusals and accept errors are logged briefly and at most once a minute per kind.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp.http_exceptions import HttpProcessingError

FULL = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


@dataclass(frozen=True)
class Limits:
    # Idle or trickling connections close this soon (aiohttp's own default is 3630 s).
    idle_seconds: float = 5.0
    max_connections: int = 200
    # A whole request, body included, must be handled within this.
    request_seconds: float = 30.0


def connection_cap(limit: int) -> int:
    """`limit`, or half the process's file descriptors if that is fewer: the other half
    stays for the database pool, outgoing deliveries and the platforms' connections."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):
        return limit
    if soft == resource.RLIM_INFINITY or soft <= 0:
        return limit
    return min(limit, max(8, soft // 2))


class Gate:
    """Counts open connections; hands out the real protocol only while there is room."""

    def __init__(self, factory: Callable[[], asyncio.Protocol], limit: int) -> None:
        self.factory = factory
        self.limit = limit
        self.live: dict[_Counted, None] = {}  # oldest first
        self.evicted = 0
        self._heard: asyncio.Future[None] | None = None

    @property
    def open(self) -> int:
        return len(self.live)

    def __call__(self) -> asyncio.Protocol:
        if self.open >= self.limit and not self._evict_one_silent():
            return _Full()
        counted = _Counted(self.factory(), self)
        self.live[counted] = None
        return counted

    def _evict_one_silent(self) -> bool:
        silent = next((c for c in self.live if not c.heard), None)
        if silent is None:
            return False
        self.gone(silent)
        silent.close()
        self.evicted += 1
        return True

    def gone(self, counted: _Counted) -> None:
        self.live.pop(counted, None)

    def heard_from(self) -> None:
        if self._heard is not None and not self._heard.done():
            self._heard.set_result(None)

    async def wait_heard(self, count: int) -> None:
        """Until `count` open connections have sent something (for tests, and no sleeping)."""
        while sum(c.heard for c in self.live) < count:
            self._heard = asyncio.get_running_loop().create_future()
            await self._heard


class _Full(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        transport.write(FULL)
        transport.close()


class _Counted(asyncio.Protocol):
    """The real protocol, with the gate told when its connection goes."""

    def __init__(self, inner: asyncio.Protocol, gate: Gate) -> None:
        self.inner = inner
        self.gate = gate
        self.heard = False
        self.closing = False
        self.transport: asyncio.Transport | None = None

    def close(self) -> None:
        """Drop the connection now (or as soon as it is made: accepts run in batches)."""
        self.closing = True
        if self.transport is not None:
            self.transport.abort()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.inner.connection_made(transport)
        if self.closing:
            transport.abort()

    def data_received(self, data: bytes) -> None:
        if not self.heard:
            self.heard = True
            self.gate.heard_from()
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received()

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        self.gate.gone(self)
        self.inner.connection_lost(exc)


class OnePerWindow(logging.Filter):
    """Lets one record of each kind through per `seconds`; the next one says how many were
    held back. Out of file descriptors, asyncio logs every failed accept: this keeps the log
    readable and the disk from filling."""

    def __init__(self, seconds: float = 60.0, clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.seconds = seconds
        self.clock = clock
        self._last: dict[tuple[str, object], float] = {}
        self._held: dict[tuple[str, object], int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        kind = (record.name, record.msg)
        now = self.clock()
        last = self._last.get(kind)
        if last is not None and now - last < self.seconds:
            self._held[kind] = self._held.get(kind, 0) + 1
            return False
        self._last[kind] = now
        held = self._held.pop(kind, 0)
        if held:
            record.msg = f"{record.getMessage()} ({held} more like this held back)"
            record.args = None
        return True


class ShortRefusals(logging.Filter):
    """A request the HTTP parser refuses (a bad request line or header) is one INFO line,
    without its traceback or its bytes (a path may hold the calendar secret)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            record.msg = f"HTTP {error.code} malformed request refused"
            record.args = None
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def quiet_logs() -> list[tuple[logging.Logger, logging.Filter]]:
    """Install the filters above; returns them, for `unquiet` at stop."""
    added: list[tuple[logging.Logger, logging.Filter]] = [
        (logging.getLogger("aiohttp.server"), ShortRefusals()),
        (logging.getLogger("aiohttp.server"), OnePerWindow()),
        (logging.getLogger("asyncio"), OnePerWindow()),
    ]
    for logger, log_filter in added:
        logger.addFilter(log_filter)
    return added


def unquiet(added: list[tuple[logging.Logger, logging.Filter]]) -> None:
    for logger, log_filter in added:
        logger.removeFilter(log_filter)
