"""A small, strict fake of the Slack Web API (and Socket Mode) on a random loopback port.

It records every call, answers the methods the adapter uses as Slack does, keeps posted
messages so conversations.history can find them, and can be told to misbehave for a method:
answer 429 with Retry-After, answer 500, or drop the connection (before or after it has
taken the message), for the next N calls or a share of calls.

Strict: every chat.postMessage / postEphemeral / update, views.open / update / push /
publish and response_url post is checked against Slack's documented rules (slack_rules,
independent of our code) and refused as Slack refuses it (`invalid_blocks`,
`invalid_arguments`, with `response_metadata.messages`). Refusals are kept in `rejected`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

from tests.slack.slack_rules import message_errors, truncated, unfurl_errors, view_errors

Fault = str  # "429", "500", "drop_before", "drop_after"
OK = {"ok": True}
MESSAGE_METHODS = ("chat.postMessage", "chat.postEphemeral", "chat.update")
VIEW_METHODS = ("views.open", "views.update", "views.push", "views.publish")
RESPONSE_URL_USES = 5  # "up to 5 times within 30 minutes"


@dataclass
class SlackUser:
    """What users.info tells about a person (the fields the bot reads)."""

    id: str
    tz: str = "America/Chicago"
    tz_label: str = "Central Standard Time"
    tz_offset: int = -21600
    name: str = ""
    is_bot: bool = False
    # Sent only when users.info is called with include_locale=true (Slack's docs: "Set this
    # to true to receive the locale for this user. Defaults to false.").
    locale: str = "en-US"


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
    users: dict[str, SlackUser] = field(default_factory=dict)
    rejected: list[tuple[str, list[str]]] = field(default_factory=list)
    response_uses: dict[str, int] = field(default_factory=dict)
    # response_url id -> the message it answers, as replaced by replace_original answers
    originals: dict[str, dict[str, Any]] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)  # answer late, after acting
    # method -> an event the answer waits for (a test releases it): late by order, not time
    holds: dict[str, asyncio.Event] = field(default_factory=dict)
    # Deactivated users (they left the workspace): conversations.open refuses a DM to them
    # with "user_disabled" ("The user has been disabled", the method's documented errors).
    disabled: set[str] = field(default_factory=set)
    # Every Web API call and response_url answer by name, in the order they arrived.
    arrivals: list[str] = field(default_factory=list)
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
        self._ts = 0  # microseconds of the last ts given out

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
        self.arrivals.append(method)
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
            body = self._auth_refusal(method, token) or self._answer(method, args)
            if method in self.holds:
                await self.holds[method].wait()
            if self.delays.get(method):
                # Slack has acted (the message is posted); the answer is slow to come back.
                await asyncio.sleep(self.delays[method])
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

    def _refuse(self, method: str, error: str, problems: list[str]) -> dict[str, Any]:
        self.rejected.append((method, problems))
        messages = [f"[ERROR] {p}" for p in problems]
        return {"ok": False, "error": error, "response_metadata": {"messages": messages}}

    def _check(self, method: str, args: dict[str, Any]) -> dict[str, Any] | None:
        """Slack's refusal of a malformed payload, or None when it would be accepted."""
        if method in MESSAGE_METHODS:
            if isinstance(args.get("blocks"), str):
                return self._refuse(method, "invalid_blocks_format", ["blocks must be JSON"])
            problems = message_errors(args)
            if any(p.startswith("no_text") for p in problems):
                return self._refuse(method, "no_text", problems)
            if problems:
                return self._refuse(method, "invalid_blocks", problems)
            if not args.get("channel"):
                return self._refuse(method, "channel_not_found", ["channel is required"])
        if method == "chat.unfurl":
            if isinstance(args.get("unfurls"), str):  # a form post carries URL-encoded JSON
                args["unfurls"] = json.loads(args["unfurls"])
            if problems := unfurl_errors(args):
                return self._refuse(method, "invalid_unfurls", problems)
        if method in VIEW_METHODS:
            problems = view_errors(args.get("view"))
            if method == "views.publish" and not args.get("user_id"):
                problems.append("missing required field [json-pointer:/user_id]")
            if method in ("views.open", "views.push") and not args.get("trigger_id"):
                problems.append("missing required field [json-pointer:/trigger_id]")
            if problems:
                return self._refuse(method, "invalid_arguments", problems)
        return None

    def _auth_refusal(self, method: str, token: str) -> dict[str, Any] | None:
        if token in self.revoked:
            return {"ok": False, "error": "invalid_auth"}
        needs = {"conversations.info": ("channels:read", "groups:read")}.get(method)
        if needs and self.scopes is not None and not set(needs) & set(self.scopes):
            return {"ok": False, "error": "missing_scope", "needed": needs[0]}
        return None

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        refused = self._check(method, args)
        if refused is not None:
            return refused
        if method == "conversations.info":
            found = self.channels.get(str(args.get("channel")))
            return (
                {**OK, "channel": found} if found else {"ok": False, "error": "channel_not_found"}
            )
        if method == "users.info":
            found = self._user(str(args.get("user") or ""))
            if str(args.get("include_locale", "")).lower() not in ("1", "true"):
                found.get("user", {}).pop("locale", None)
            return found
        if method == "chat.postEphemeral":
            self._ts += 1
            return {**OK, "message_ts": f"{self._ts}.000200"}
        if method == "chat.update":
            return self._update(args)
        if method == "auth.test":
            return {**OK, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "team": "Test"}
        if method == "chat.postMessage":
            return self._post(args)
        if method == "conversations.open":
            if str(args.get("users")) in self.disabled:
                return {"ok": False, "error": "user_disabled"}
            return {**OK, "channel": {"id": f"D-{args.get('users')}"}}
        if method == "conversations.history":
            found = [m for m in self.messages.get(args["channel"], []) if "thread_ts" not in m]
            return self._page(list(reversed(found)), args)
        if method == "conversations.replies":
            found = [
                m
                for m in self.messages.get(args["channel"], [])
                if m.get("thread_ts") == args["ts"] or m["ts"] == args["ts"]
            ]
            return self._page(found, args)
        if method == "usergroups.users.list":
            users = self.usergroups.get(args.get("usergroup", ""))
            if users is None:
                return {"ok": False, "error": "no_such_subteam"}
            return {**OK, "users": users}
        if method == "apps.connections.open":
            return {**OK, "url": self.url.replace("http://", "ws://") + "/socket"}
        if method == "files.getUploadURLExternal":
            if len(str(args.get("alt_txt", ""))) > 1000:  # "Max 1000 characters" (API docs)
                return {"ok": False, "error": "invalid_arguments"}
            file_id = f"F{len(self.uploads) + 1}"
            self.uploads[file_id] = b""
            return {**OK, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}
        if method == "files.completeUploadExternal":
            return {**OK, "files": [{"id": f["id"]} for f in json.loads(args["files"])]}
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            return {**OK, "view": {"id": "V1", **(args.get("view") or {})}}
        return OK

    def _user(self, user_id: str) -> dict[str, Any]:
        user = self.users.get(user_id)
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        body = {
            "id": user.id,
            "name": user.name or user.id.lower(),
            "is_bot": user.is_bot,
            "tz": user.tz,
            "tz_label": user.tz_label,
            "tz_offset": user.tz_offset,
            "locale": user.locale,
        }
        return {**OK, "user": body}

    def _page(self, messages: list[dict[str, Any]], args: dict[str, Any]) -> dict[str, Any]:
        """Like Slack: only after `oldest`, `limit` per page (default 100) with a cursor, and
        metadata only when `include_all_metadata` is set."""
        oldest = float(args.get("oldest") or 0)
        found = [m for m in messages if float(m["ts"]) > oldest]
        if str(args.get("include_all_metadata", "")).lower() not in ("1", "true"):
            found = [{k: v for k, v in m.items() if k != "metadata"} for m in found]
        start, limit = int(args.get("cursor") or 0), int(args.get("limit") or 100)
        page, rest = found[start : start + limit], found[start + limit :]
        cursor = str(start + limit) if rest else ""
        return {
            **OK,
            "messages": page,
            "has_more": bool(rest),
            "response_metadata": {"next_cursor": cursor},
        }

    def _post(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel", ""))
        if channel.startswith("C-MISSING"):
            return {"ok": False, "error": "channel_not_found"}
        # Slack's ts is the time it took the message (unique per channel).
        self._ts = max(self._ts + 1, int(time.time() * 1_000_000))
        message = {
            "ts": f"{self._ts / 1_000_000:.6f}",
            "text": args.get("text", ""),
            "blocks": args.get("blocks") or [],
            "bot_id": "BBOT",
        }
        if args.get("thread_ts"):
            message["thread_ts"] = args["thread_ts"]
        if args.get("metadata"):
            message["metadata"] = args["metadata"]
        self.messages.setdefault(channel, []).append(message)
        answer = {**OK, "channel": channel, "ts": message["ts"], "message": message}
        if truncated(args):
            warning = "[WARN] Your message was truncated but still posted."
            answer["response_metadata"] = {"messages": [warning], "warnings": ["message_truncated"]}
        return answer

    def _update(self, args: dict[str, Any]) -> dict[str, Any]:
        """chat.update as Slack answers it: only the bot's own messages, by channel and ts."""
        channel, ts = str(args.get("channel", "")), str(args.get("ts", ""))
        if not channel or not ts:
            return {"ok": False, "error": "invalid_arguments"}
        if channel not in self.messages and not channel.startswith(("C", "D", "G")):
            return {"ok": False, "error": "channel_not_found"}
        found = [m for m in self.messages.get(channel, []) if m["ts"] == ts]
        if not found:
            return {"ok": False, "error": "message_not_found"}
        message = found[0]
        if message.get("bot_id") != "BBOT":
            return {"ok": False, "error": "cant_update_message"}
        if "text" not in args and "blocks" not in args and "attachments" not in args:
            return {"ok": False, "error": "no_text"}
        if "text" in args:
            message["text"] = args["text"]
        if "blocks" in args:
            message["blocks"] = args["blocks"] or []
        message["edited"] = {"user": "UBOT", "ts": f"{self._ts}.000200"}
        return {**OK, "channel": channel, "ts": ts, "text": message["text"], "message": message}

    def add_message(self, channel: str, text: str, *, user: str = "U-HUMAN") -> str:
        """A message a person posted (the bot may not edit it); returns its ts."""
        self._ts += 1
        message = {"ts": f"{self._ts}.000100", "text": text, "user": user}
        self.messages.setdefault(channel, []).append(message)
        return message["ts"]

    def message(self, channel: str, ts: str) -> dict[str, Any]:
        return next(m for m in self.messages.get(channel, []) if m["ts"] == ts)

    async def _upload(self, request: web.Request) -> web.Response:
        data = await request.read()
        self.uploads[request.match_info["id"]] = data
        await self._note()
        return web.Response(text=f"OK - {len(data)}")

    async def _respond(self, request: web.Request) -> web.Response:
        """A response_url: at most 5 answers each, payloads checked as chat.postMessage's."""
        name = request.match_info["id"]
        body = await request.json()
        self.arrivals.append("response_url")
        try:
            self.response_uses[name] = self.response_uses.get(name, 0) + 1
            if self.response_uses[name] > RESPONSE_URL_USES:
                self.rejected.append(("response_url", ["used more than 5 times"]))
                return web.Response(status=404, text="used_url")
            problems = message_errors(body)
            if problems:
                self.rejected.append(("response_url", problems))
                return web.Response(status=400, text="invalid_blocks")
            self.responses.append({"id": name, **body})
            if body.get("replace_original"):
                self.originals[name] = body
            return web.Response(text="ok")
        finally:
            await self._note()
