"""One aiohttp server for everything served over HTTP; each part adds its own routes.

`/healthz` answers 200 when the database is reachable, the scheduler's heartbeat is fresh
(when this process runs the scheduler) and every platform adapter is connected; 503
otherwise. Anyone gets only {"ok": ...}; the checks by name (which platforms this runs)
come only to a caller on this machine that no proxy forwarded (guard.py and
docs/production.md say what else keeps the server up).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta

from aiohttp import web, web_response

from adapters.http.guard import Gate, Limits, connection_cap, quiet_logs, unquiet
from adapters.runtime import Runtime

log = logging.getLogger(__name__)
# aiohttp names itself and its version in every response's Server header, including the
# ones its protocol writes for malformed requests, which no app hook sees.
SERVER_NAME = "collab-bot"
setattr(web_response, "SERVER_SOFTWARE", SERVER_NAME)  # noqa: B010 (not exported)
FORWARDED = ("Forwarded", "X-Forwarded-For", "X-Real-IP")
DEFAULT_LIMITS = Limits()
RouteSetup = Callable[[web.Application, Runtime], None]
Probe = Callable[[], Awaitable[bool]]
RUNTIME = web.AppKey("runtime", Runtime)
PROBES = web.AppKey("probes", dict[str, Probe])
LIMITS = web.AppKey("limits", Limits)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def heartbeat_fresh(runtime: Runtime) -> bool:
    beat = runtime.deps.status.scheduler_heartbeat
    if beat is None or not runtime.scheduler.running:
        return not runtime.scheduler.running
    allowed = timedelta(seconds=max(10.0, 5 * runtime.settings.scheduler.poll_seconds))
    return runtime.deps.clock.now() - beat <= allowed


async def healthz(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME]
    checks: dict[str, bool] = {
        "database": await runtime.db.ping(),
        "scheduler": heartbeat_fresh(runtime),
    }
    for name, probe in request.app[PROBES].items():
        try:
            checks[name] = await probe()
        except Exception:
            checks[name] = False
    ok = all(checks.values())
    shown = {"ok": ok, **checks} if _local(request) else {"ok": ok}
    return web.json_response(shown, status=200 if ok else 503)


def _local(request: web.Request) -> bool:
    """A caller on this machine, not a request a reverse proxy passed on from outside."""
    if any(name in request.headers for name in FORWARDED):
        return False
    try:
        return ipaddress.ip_address(request.remote or "").is_loopback
    except ValueError:
        return False


@web.middleware
async def refuse_briefly(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A refused request is one short log line (never the secret a path may hold); a request
    still running past its time is cut off with 408."""
    limits = request.app[LIMITS]
    try:
        async with asyncio.timeout(limits.request_seconds):
            response = await handler(request)
    except TimeoutError:
        log.info("HTTP 408 %s %s: took too long", request.method, _route(request))
        raise web.HTTPRequestTimeout(text="took too long") from None
    except web.HTTPException as error:
        if 400 <= error.status < 500:
            log.info("HTTP %s %s %s", error.status, request.method, _route(request))
        raise
    if 400 <= response.status < 500:
        log.info("HTTP %s %s %s", response.status, request.method, _route(request))
    return response


def _route(request: web.Request) -> str:
    """The route's pattern, e.g. /calendar/{name}.ics: the path itself may be a secret."""
    info = request.match_info.route.resource
    return info.canonical if info is not None else "(no route)"


class HttpServer:
    def __init__(
        self,
        runtime: Runtime,
        setups: list[RouteSetup] | None = None,
        probes: Mapping[str, Probe] | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.runtime = runtime
        self.limits = limits
        self.app = web.Application(middlewares=[refuse_briefly])
        self.app[RUNTIME] = runtime
        self.app[LIMITS] = limits
        self.app[PROBES] = dict(probes or {})
        self.app.router.add_get("/healthz", healthz)
        for setup in setups or []:
            setup(self.app, runtime)
        self._runner: web.AppRunner | None = None
        self._listener: asyncio.Server | None = None
        self.gate: Gate | None = None
        self.port: int | None = None
        self._filters: list[tuple[logging.Logger, logging.Filter]] = []

    async def start(self, host: str, port: int) -> int:
        self._runner = web.AppRunner(
            self.app, access_log=None, keepalive_timeout=self.limits.idle_seconds
        )
        await self._runner.setup()
        assert self._runner.server is not None
        self._filters = quiet_logs()
        # Our own listener rather than web.TCPSite: it counts connections (guard.Gate).
        self.gate = Gate(self._runner.server, connection_cap(self.limits.max_connections))
        self._listener = await asyncio.get_running_loop().create_server(self.gate, host, port)
        self.port = int(self._listener.sockets[0].getsockname()[1])
        log.info("HTTP server on http://%s:%s", host, self.port)
        return self.port

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._listener is not None:
            await self._listener.wait_closed()
            self._listener = None
        unquiet(self._filters)
        self._filters = []
