"""A small fake of the Slack Web API (and Socket Mode) on a random loopback port.

It records every call, answers the methods the adapter uses with plausible bodies, keeps
posted messages so conversations.history can find them, and can be told to misbehave for
a method: answer 429 with Retry-After, answer 500, or drop the connection (before or
after it has taken the message), for the next N calls or a share of calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

Fault = str  # "429", "500", "drop_before", "drop_after"
OK = {"ok": True}


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    headers: dict[str, str]


@dataclass
class Rule:
    fault: Fault
    times: int | None = None  # None: every call that the share picks
    share: float = 1.0
    retry_after: int = 0


@dataclass
class FakeSlack:
    calls: list[Call] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    acks: list[dict[str, Any]] = field(default_factory=list)
    uploads: dict[str, bytes] = field(default_factory=dict)
    usergroups: dict[str, list[str]] = field(default_factory=dict)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rules: dict[str, list[Rule]] = field(default_factory=dict)
    seed: int = 7
    # Slack answers every Web API call with the token's scopes in `x-oauth-scopes`; a
    # revoked token gets `invalid_auth`; conversations.info needs channels:read/groups:read.
    scopes: list[str] | None = None
    revoked: set[str] = field(default_factory=set)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Slack's Socket Mode server was measured (issue 17) not to answer a client's close frame:
    # the client waited out its 10 s close timeout. True makes this fake do the same.
    silent_close: bool = False

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)
        self.changed = asyncio.Condition()
        self.sockets: list[web.WebSocketResponse] = []
        self.app = web.Application()
        self.app.router.add_post("/api/{method}", self._api)
        self.app.router.add_get("/api/{method}", self._api)
        self.app.router.add_post("/respond/{id}", self._respond)
        self.app.router.add_get("/socket", self._socket)
        self.app.router.add_post("/upload/{id}", self._upload)
        self._runner: web.AppRunner | None = None
        self.url = ""
        self._ts = 1_700_000_000

    # ---- control -------------------------------------------------------------------------
    async def start(self) -> FakeSlack:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        for ws in self.sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str = "1") -> str:
        return f"{self.url}/respond/{name}"

    def fail(
        self,
        method: str,
        fault: Fault,
        *,
        times: int | None = 1,
        share: float = 1.0,
        retry_after: int = 0,
    ) -> None:
        self.rules.setdefault(method, []).append(Rule(fault, times, share, retry_after))

    def to(self, method: str) -> list[dict[str, Any]]:
        return [c.args for c in self.calls if c.method == method]

    async def wait_for(self, check: Callable[[], Any], within: float = 10.0) -> Any:
        """Wait until `check()` is truthy (the app answers after acking, in the background)."""

        async def until() -> Any:
            # Woken by every call to the fake; re-checked now and then for app-side state.
            async with self.changed:
                while not (result := check()):
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self.changed.wait(), 0.05)
                return result

        return await asyncio.wait_for(until(), within)

    async def _note(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    # ---- socket mode ------------------------------------------------------------------------
    async def send_envelope(self, envelope: dict[str, Any]) -> None:
        await self.wait_for(lambda: self.sockets)
        await self.sockets[-1].send_str(json.dumps(envelope))

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, autoclose=not self.silent_close)
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        await self._note()
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                self.acks.append(json.loads(message.data))
                await self._note()
        if self.silent_close:
            await asyncio.sleep(15)
        return ws

    # ---- web api ---------------------------------------------------------------------------
    async def _args(self, request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(parse_qsl(request.query_string))
        if request.content_type == "application/json":
            args.update(await request.json())
        else:
            args.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
        for key in ("blocks", "view", "metadata", "users"):
            if isinstance(args.get(key), str) and args[key][:1] in "[{":
                args[key] = json.loads(args[key])
        return args

    def _fault(self, method: str) -> Rule | None:
        for rule in self.rules.get(method, []):
            if rule.times == 0 or self.random.random() >= rule.share:
                continue
            if rule.times is not None:
                rule.times -= 1
            return rule
        return None

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        args = await self._args(request)
        self.calls.append(Call(method, args, dict(request.headers)))
        rule = self._fault(method)
        try:
            if rule and rule.fault == "429":
                headers = {"Retry-After": str(rule.retry_after)}
                return web.json_response(
                    {"ok": False, "error": "ratelimited"}, status=429, headers=headers
                )
            if rule and rule.fault == "500":
                return web.json_response({"ok": False, "error": "internal_error"}, status=500)
            if rule and rule.fault == "drop_before":
                return self._drop(request)
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            body = self._refuse(method, token) or self._answer(method, args)
            if rule and rule.fault == "drop_after":
                return self._drop(request)
            headers = {} if self.scopes is None else {"x-oauth-scopes": ",".join(self.scopes)}
            return web.json_response(body, headers=headers)
        finally:
            await self._note()

    def _drop(self, request: web.Request) -> web.StreamResponse:
        assert request.transport is not None
        request.transport.close()
        return web.Response(status=500)

    def _refuse(self, method: str, token: str) -> dict[str, Any] | None:
        if token in self.revoked:
            return {"ok": False, "error": "invalid_auth"}
        needs = {"conversations.info": ("channels:read", "groups:read")}.get(method)
        if needs and self.scopes is not None and not set(needs) & set(self.scopes):
            return {"ok": False, "error": "missing_scope", "needed": needs[0]}
        return None

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "conversations.info":
            found = self.channels.get(str(args.get("channel")))
            return (
                {**OK, "channel": found} if found else {"ok": False, "error": "channel_not_found"}
            )
        if method == "auth.test":
            return {**OK, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "team": "Test"}
        if method == "chat.postMessage":
            return self._post(args)
        if method == "conversations.open":
            return {**OK, "channel": {"id": f"D-{args.get('users')}"}}
        if method == "conversations.history":
            found = [m for m in self.messages.get(args["channel"], []) if "thread_ts" not in m]
            return {**OK, "messages": list(reversed(found))}
        if method == "conversations.replies":
            found = [
                m
                for m in self.messages.get(args["channel"], [])
                if m.get("thread_ts") == args["ts"] or m["ts"] == args["ts"]
            ]
            return {**OK, "messages": found}
        if method == "usergroups.users.list":
            users = self.usergroups.get(args.get("usergroup", ""))
            if users is None:
                return {"ok": False, "error": "no_such_subteam"}
            return {**OK, "users": users}
        if method == "apps.connections.open":
            return {**OK, "url": self.url.replace("http://", "ws://") + "/socket"}
        if method == "files.getUploadURLExternal":
            file_id = f"F{len(self.uploads) + 1}"
            self.uploads[file_id] = b""
            return {**OK, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            return {**OK, "files": [{"id": f["id"]} for f in json.loads(args["files"])]}
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            return {**OK, "view": {"id": "V1", **(args.get("view") or {})}}
        return OK

    def _post(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel", ""))
        if channel.startswith("C-MISSING"):
            return {"ok": False, "error": "channel_not_found"}
        self._ts += 1
        message = {"ts": f"{self._ts}.000100", "text": args.get("text", "")}
        if args.get("thread_ts"):
            message["thread_ts"] = args["thread_ts"]
        if args.get("metadata"):
            message["metadata"] = args["metadata"]
        self.messages.setdefault(channel, []).append(message)
        return {**OK, "channel": channel, "ts": message["ts"], "message": message}

    async def _upload(self, request: web.Request) -> web.Response:
        data = await request.read()
        self.uploads[request.match_info["id"]] = data
        await self._note()
        return web.Response(text=f"OK - {len(data)}")

    async def _respond(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.responses.append({"id": request.match_info["id"], **body})
        await self._note()
        return web.Response(text="ok")
