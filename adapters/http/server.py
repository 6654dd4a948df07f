"""One aiohttp server for everything served over HTTP; each part adds its own routes."""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiohttp import web

from adapters.runtime import Runtime

log = logging.getLogger(__name__)
RouteSetup = Callable[[web.Application, Runtime], None]
RUNTIME = web.AppKey("runtime", Runtime)


async def healthz(request: web.Request) -> web.Response:
    runtime: Runtime = request.app[RUNTIME]
    checks = {"database": await runtime.db.ping()}
    body = {"ok": all(checks.values()), **checks}
    return web.json_response(body, status=200 if body["ok"] else 503)


class HttpServer:
    def __init__(self, runtime: Runtime, setups: list[RouteSetup] | None = None) -> None:
        self.runtime = runtime
        self.app = web.Application()
        self.app[RUNTIME] = runtime
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
