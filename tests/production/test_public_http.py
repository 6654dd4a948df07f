"""The HTTP server as the internet sees it: malformed paths and tokens get a 4xx and one short
log line, /healthz tells strangers only ok or not, and idle, trickling or floods of
connections are closed before they can take the bot off the air."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import aiohttp
import pytest

from adapters.http.calendar import setup_calendar
from adapters.http.guard import Limits, OnePerWindow, connection_cap
from adapters.http.insights import setup_insights
from adapters.http.server import HttpServer
from bot.config import Secrets
from tests.harness import TestBot

KEY = "public-http-test-key-of-32-characters-or-more"
LIMITS = Limits(idle_seconds=0.5, max_connections=6, request_seconds=30)
MALFORMED = [
    "/calendar/%C2%B2.ics",
    "/calendar/%C2%B2/%C2%B2.ics",
    "/calendar/%F0%9F%98%80.ics",
    "/calendar/x/%C2%B2.ics",
    "/calendar/" + "9" * 400 + ".ics",
    "/insights?token=%C3%A9",
    "/insights?token=%C3%A9.%C3%A9",
    "/insights?token=abc.%C3%A9%C3%A9",
    "/insights?token=" + "a." * 3000,
    "/insights?token=%00.%00",
    "/nothing/here",
]


@pytest.fixture
async def served(database_url: str) -> AsyncIterator[tuple[TestBot, HttpServer, str]]:
    bot = await TestBot.open(database_url)
    bot.deps.secrets = Secrets(insights_key=KEY)
    server = HttpServer(bot.runtime, [setup_calendar, setup_insights], limits=LIMITS)
    port = await server.start("127.0.0.1", 0)
    yield bot, server, f"http://127.0.0.1:{port}"
    await server.stop()
    await bot.close()


@pytest.mark.parametrize("path", MALFORMED)
async def test_malformed_paths_and_tokens_get_a_4xx_and_one_short_line(
    served: tuple[TestBot, HttpServer, str], path: str, caplog: pytest.LogCaptureFixture
) -> None:
    _, _, base = served
    caplog.set_level(logging.INFO)
    async with aiohttp.ClientSession() as http, http.get(base + path) as response:
        assert 400 <= response.status < 500, (path, response.status)
        assert "Traceback" not in await response.text()
    ours = [r for r in caplog.records if r.name.startswith(("adapters", "aiohttp", "bot"))]
    assert all(r.exc_info is None and r.levelno < logging.ERROR for r in ours), ours
    assert len([r for r in ours if r.name == "adapters.http.server"]) == 1
    assert "²" not in caplog.text and "%C2" not in caplog.text


async def test_healthz_tells_strangers_only_ok(served: tuple[TestBot, HttpServer, str]) -> None:
    _, _, base = served
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/healthz", headers={"X-Forwarded-For": "203.0.113.9"}) as r:
            assert r.status == 200 and await r.json() == {"ok": True}
            assert "aiohttp" not in r.headers.get("Server", "").lower()
            assert "python" not in r.headers.get("Server", "").lower()
        async with http.get(f"{base}/healthz", headers={"Forwarded": "for=203.0.113.9"}) as r:
            assert await r.json() == {"ok": True}
        async with http.get(f"{base}/healthz") as r:  # on this machine, no proxy between
            assert await r.json() == {"ok": True, "database": True, "scheduler": True}


async def test_a_malformed_request_line_is_one_line_naming_no_server_version(
    served: tuple[TestBot, HttpServer, str], caplog: pytest.LogCaptureFixture
) -> None:
    _, server, _ = served
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    caplog.set_level(logging.INFO)
    writer.write(b"GET /\x00secret HTTP/1.1\r\nHost: x\r\n\r\n")
    answer = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    assert answer.startswith((b"HTTP/1.0 400", b"HTTP/1.1 400"))
    assert b"aiohttp" not in answer.lower() and b"python" not in answer.lower()
    [line] = [r for r in caplog.records if r.name == "aiohttp.server"]
    assert line.levelno == logging.INFO and line.exc_info is None
    assert "secret" not in caplog.text and "Traceback" not in caplog.text


async def closed(reader: asyncio.StreamReader, within: float) -> bool:
    """True when the server closes the connection within `within` seconds."""
    try:
        return await asyncio.wait_for(reader.read(), within) == b""
    except TimeoutError:
        return False


async def test_an_idle_connection_is_closed_within_seconds(
    served: tuple[TestBot, HttpServer, str],
) -> None:
    _, server, _ = served
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    try:
        assert await closed(reader, 10 * LIMITS.idle_seconds), "an idle socket stayed open"
    finally:
        writer.close()


async def test_a_client_trickling_header_lines_is_closed(
    served: tuple[TestBot, HttpServer, str],
) -> None:
    _, server, _ = served
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(b"GET /healthz HTTP/1.1\r\n")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10 * LIMITS.idle_seconds
    gone = False
    try:
        n = 0
        while not gone and loop.time() < deadline:
            writer.write(f"X-Trickle-{n}: 1\r\n".encode())  # one header line at a time
            n += 1
            gone = await closed(reader, LIMITS.idle_seconds / 5)
    except ConnectionError:
        gone = True
    finally:
        writer.close()
    assert gone, "a client sending a header line now and then was never closed"


async def test_an_idle_flood_is_capped_and_health_still_answers(
    served: tuple[TestBot, HttpServer, str],
) -> None:
    """300 idle sockets once took /healthz and /slack/events off the air: now at most
    `max_connections` are open, and a real request takes the place of an idle one."""
    _, server, base = served
    assert server.gate is not None
    opened = [await asyncio.open_connection("127.0.0.1", server.port) for _ in range(30)]
    try:
        assert server.gate.open <= LIMITS.max_connections
        async with aiohttp.ClientSession() as http, http.get(f"{base}/healthz") as response:
            assert response.status == 200, "a real client gets through the idle flood"
        assert server.gate.evicted >= 30 - LIMITS.max_connections
    finally:
        for _, writer in opened:
            writer.close()


async def test_when_every_connection_is_busy_a_new_one_gets_503(
    served: tuple[TestBot, HttpServer, str],
) -> None:
    _, server, _ = served
    assert server.gate is not None
    busy = []
    for _ in range(LIMITS.max_connections):
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(b"GET /healthz HTTP/1.1\r\n")  # headers begun, never finished
        busy.append((reader, writer))
    try:
        await asyncio.wait_for(server.gate.wait_heard(LIMITS.max_connections), 10)
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        head = await asyncio.wait_for(reader.read(12), 10 * LIMITS.idle_seconds)
        writer.close()
        assert head == b"HTTP/1.1 503"
    finally:
        for _, w in busy:
            w.close()


def test_a_flood_of_one_log_line_is_held_to_one_a_minute() -> None:
    """The review saw 11,000 error lines in 10 s while file descriptors ran out."""
    now = [0.0]
    limiter = OnePerWindow(60, clock=lambda: now[0])
    record = logging.LogRecord(
        "asyncio", logging.ERROR, "x", 1, "socket.accept() out of system resource", None, None
    )
    passed = sum(limiter.filter(record) for _ in range(11_000))
    assert passed == 1
    now[0] = 61.0
    assert limiter.filter(record)
    assert "10999 more like this held back" in record.getMessage()


async def test_the_server_holds_back_repeated_accept_errors(
    served: tuple[TestBot, HttpServer, str], caplog: pytest.LogCaptureFixture
) -> None:
    for _ in range(100):
        logging.getLogger("asyncio").error("socket.accept() out of system resource")
    assert len([r for r in caplog.records if r.name == "asyncio"]) == 1


def test_the_cap_leaves_half_the_file_descriptors_for_the_rest() -> None:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))  # the review's process
        assert connection_cap(200) == 128
        assert connection_cap(6) == 6
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
