"""One aiohttp server for everything served over HTTP; each part adds its own routes.

`/healthz` answers 200 when the database is reachable, the scheduler's heartbeat is fresh
(when this process runs the scheduler) and every platform adapter is connected; 503 with
the failing checks otherwise.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta

from aiohttp import web

from adapters.runtime import Runtime

log = logging.getLogger(__name__)
RouteSetup = Callable[[web.Application, Runtime], None]
Probe = Callable[[], Awaitable[bool]]
RUNTIME = web.AppKey("runtime", Runtime)
PROBES = web.AppKey("probes", dict[str, Probe])


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
    return web.json_response({"ok": ok, **checks}, status=200 if ok else 503)


class HttpServer:
    def __init__(
        self,
        runtime: Runtime,
        setups: list[RouteSetup] | None = None,
        probes: Mapping[str, Probe] | None = None,
    ) -> None:
        self.runtime = runtime
        self.app = web.Application()
        self.app[RUNTIME] = runtime
        self.app[PROBES] = dict(probes or {})
        self.app.router.add_get("/healthz", healthz)
        for setup in setups or []:
            setup(self.app, runtime)
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    async def start(self, host: str, port: int) -> int:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else port
        log.info("HTTP server on http://%s:%s", host, self.port)
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
