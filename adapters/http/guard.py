"""What keeps the public HTTP server up under idle, trickling or floods of connections.

A connection that does not finish a request's headers within IDLE_SECONDS of opening (or of
its last answer) is closed; past MAX_CONNECTIONS open at once, a new one gets a bare 503 and
is closed at once, so file descriptors stay free for the database and outgoing deliveries.
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


class Gate:
    """Counts open connections; hands out the real protocol only while there is room."""

    def __init__(self, factory: Callable[[], asyncio.Protocol], limit: int) -> None:
        self.factory = factory
        self.limit = limit
        self.open = 0

    def __call__(self) -> asyncio.Protocol:
        if self.open >= self.limit:
            return _Full()
        self.open += 1
        return _Counted(self.factory(), self)


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
        self.counted = True

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received()

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.counted:
            self.counted = False
            self.gate.open -= 1
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
