"""A small fake of Discord's REST API on a random loopback port, recording every call.

It answers what discord.py needs for login, command sync, interaction callbacks, follow-up
webhooks, channel messages, DMs and guild scheduled events, always with exactly
``Content-Type: application/json`` (discord.py only parses that). It can answer 429 with a
``retry_after`` or 500 for scripted calls or for a share of calls, and, like Discord, it
answers a repeated message nonce sent with ``enforce_nonce`` with the first message.

It is strict: every body is checked against the documented limits in `discord_rules` (its
own constants, never the bot's) and refused as Discord refuses it, 400 with code 50035
"Invalid Form Body" and an `errors` tree; an interaction answered twice gets 40060. Every
request is recorded in `calls`, refused or not, and `refused()` lists the 400s.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.discord import discord_rules as rules

APP_ID = 900_000_000_000_000_001
BOT_ID = 900_000_000_000_000_002
JSON = "application/json"


@dataclass
class Call:
    method: str
    path: str
    body: Any
    query: dict[str, str]
    status: int = 200

    @property
    def json(self) -> dict[str, Any]:
        return self.body if isinstance(self.body, dict) else {}


@dataclass
class Fault:
    method: str
    pattern: re.Pattern[str]
    status: int
    retry_after: float = 0.0
    times: int = 1


@dataclass
class FakeDiscord:
    calls: list[Call] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    fail_share: float = 0.0
    fail_status: int = 500
    seed: int = 8
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1_000))
    _last_id: int = 0
    _nonces: dict[tuple[str, str], tuple[float, dict[str, Any]]] = field(default_factory=dict)
    # Discord: "checked for uniqueness in the past few minutes"; a repeat after that posts.
    nonce_window: float = 300.0
    channel_messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    interested: dict[str, set[int]] = field(default_factory=dict)  # event id -> user ids
    _runner: web.AppRunner | None = None
    port: int = 0
    _changed: asyncio.Condition | None = None
    _failed_once: set[str] = field(default_factory=set)
    missing_channels: set[str] = field(default_factory=set)
    # Users whose privacy settings refuse DMs from the server's members: a message to their
    # DM channel is answered 403 50007 "Cannot send messages to this user".
    blocks_dms: set[str] = field(default_factory=set)
    _dm_recipients: dict[str, str] = field(default_factory=dict)
    _acknowledged: set[str] = field(default_factory=set)
    expect_refusals: bool = False  # tests of refusals say so; elsewhere a 400 fails the test
    threads: list[tuple[str, str, str]] = field(default_factory=list)
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)
    # For `collab-bot doctor`: the token Discord accepts (any when empty), the application's
    # flags, and guild, member and channel objects as GET returns them.
    token: str = ""
    app_flags: int = 0
    guilds: dict[str, dict[str, Any]] = field(default_factory=dict)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    async def start(self) -> None:
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def fail(
        self, method: str, path: str, status: int, *, retry_after: float = 0.0, times: int = 1
    ) -> None:
        """Answer the next `times` calls matching `path` (a regex) with `status`."""
        self.faults.append(Fault(method, re.compile(path), status, retry_after, times))

    def new_id(self) -> int:
        """A snowflake for now, as Discord makes them (ms since 2015 << 22), never repeated."""
        now = (int(time.time() * 1000) - 1_420_070_400_000) << 22
        self._last_id = max(self._last_id + 1, now + next(self._ids) % 4096)
        return self._last_id

    # ---- what tests read -------------------------------------------------------------

    def find(self, method: str, path: str) -> list[Call]:
        pattern = re.compile(path)
        return [c for c in self.calls if c.method == method and pattern.search(c.path)]

    async def wait_for(
        self, method: str, path: str, count: int = 1, *, within: float = 10.0
    ) -> list[Call]:
        """The matching calls once at least `count` arrived (an upper bound, not a timing)."""
        assert self._changed is not None

        async def enough() -> list[Call]:
            async with self._changed:  # type: ignore[union-attr]
                await self._changed.wait_for(lambda: len(self.find(method, path)) >= count)  # type: ignore[union-attr]
            return self.find(method, path)

        return await asyncio.wait_for(enough(), within)

    def refused(self) -> list[Call]:
        """Requests the fake refused as invalid (what real Discord would also refuse)."""
        return [c for c in self.calls if c.status == 400]

    def callbacks(self) -> list[dict[str, Any]]:
        return [c.json for c in self.find("POST", r"/interactions/\d+/[^/]+/callback$")]

    # ---- the server ------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        body = await _body(request)
        path = "/" + request.match_info["tail"]
        call = Call(request.method, path, body, dict(request.query))
        status, payload, headers = self._fault(
            request.method, path, str(call.json.get("nonce", ""))
        )
        if self.token and request.headers.get("Authorization") != f"Bot {self.token}":
            status, payload = 401, {"message": "401: Unauthorized", "code": 0}
        if status is None:
            raw = dict(request.query) if request.method == "GET" else body
            status, payload = self._answer(request.method, path, call.json, raw)
        call.status = status
        assert self._changed is not None
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        body_bytes = b"" if status == 204 else json.dumps(payload).encode()
        # body= (not text=) so aiohttp adds no "; charset=..." that discord.py would not parse
        return web.Response(
            status=status, body=body_bytes, headers={"Content-Type": JSON, **headers}
        )

    def _fault(
        self, method: str, path: str, key: str = ""
    ) -> tuple[int | None, Any, dict[str, str]]:
        for fault in self.faults:
            if fault.times > 0 and fault.method == method and fault.pattern.search(path):
                fault.times -= 1
                return _error(fault.status, fault.retry_after)
        if self.fail_share and "/messages" in path and self._unlucky(key or path):
            return _error(self.fail_status, 0.0)
        return None, None, {}

    def _unlucky(self, key: str) -> bool:
        """A fixed share of posts fail once: chosen by a hash of the nonce, so the same
        posts fail whatever order concurrent requests arrive in, and a retry goes through."""
        if key in self._failed_once:
            return False
        digest = hashlib.sha256(f"{self.seed}:{key}".encode()).digest()
        if digest[0] / 256 < self.fail_share:
            self._failed_once.add(key)
            return True
        return False

    def _answer(self, method: str, path: str, data: dict[str, Any], raw: Any) -> tuple[int, Any]:
        for route_method, pattern, handler in self._routes():
            match = re.fullmatch(pattern, path)
            if match and route_method == method:
                return handler(match, data if data else raw)
        return 404, {"message": "404: Not Found", "code": 0}

    def _routes(self) -> list[tuple[str, str, Callable[[re.Match[str], Any], tuple[int, Any]]]]:
        return [
            (
                "GET",
                r"/api/v10/users/@me",
                lambda m, d: (200, user(BOT_ID, "collab-bot", bot=True)),
            ),
            ("GET", r"/api/v10/oauth2/applications/@me", lambda m, d: (200, application())),
            (
                "GET",
                r"/api/v10/applications/@me",
                lambda m, d: (200, {**application(), "flags": self.app_flags}),
            ),
            ("GET", r"/api/v10/guilds/(\d+)", lambda m, d: _found(self.guilds, m[1])),
            (
                "GET",
                r"/api/v10/guilds/(\d+)/members/(\d+)",
                lambda m, d: self._member(m[1], m[2]),
            ),
            ("GET", r"/api/v10/channels/(\d+)", lambda m, d: _found(self.channels, m[1])),
            ("PUT", r"/api/v10/applications/\d+(/guilds/\d+)?/commands", self._commands),
            ("POST", r"/api/v10/interactions/(\d+)/[^/]+/callback", self._callback),
            ("POST", r"/api/v10/webhooks/\d+/[^/]+", self._followup),
            ("PATCH", r"/api/v10/webhooks/\d+/[^/]+/messages/(@original|\d+)", self._edit),
            ("POST", r"/api/v10/channels/(\d+)/messages", self._message),
            ("GET", r"/api/v10/channels/(\d+)/messages", self._history),
            ("POST", r"/api/v10/channels/(\d+)/messages/(\d+)/threads", self._thread),
            ("PATCH", r"/api/v10/channels/(\d+)/messages/(\d+)", self._message_edit),
            ("POST", r"/api/v10/users/@me/channels", self._dm),
            ("POST", r"/api/v10/guilds/(\d+)/scheduled-events", self._event_create),
            ("PATCH", r"/api/v10/guilds/(\d+)/scheduled-events/(\d+)", self._event_edit),
            ("DELETE", r"/api/v10/guilds/(\d+)/scheduled-events/(\d+)", self._event_delete),
        ]

    def _commands(self, match: re.Match[str], data: Any) -> tuple[int, Any]:
        if problems := rules.commands(data):
            return _invalid(problems)
        guild = match.group(1)
        out = []
        for command in data or []:
            out.append(
                {
                    # The command object always has both (docs: description is the empty
                    # string for USER and MESSAGE commands; type defaults to 1).
                    "type": 1,
                    "description": "",
                    **command,
                    "id": str(self.new_id()),
                    "application_id": str(APP_ID),
                    "version": "1",
                    **({"guild_id": guild.rsplit("/", 1)[-1]} if guild else {}),
                }
            )
        return 200, out

    def _callback(self, match: re.Match[str], data: Any) -> tuple[int, Any]:
        if problems := rules.callback(data):
            return _invalid(problems)
        if match.group(1) in self._acknowledged:
            return 400, {"message": "Interaction has already been acknowledged.", "code": 40060}
        self._acknowledged.add(match.group(1))
        interaction = {"id": match.group(1), "type": 2}
        if data.get("type") in (4, 5):
            interaction["response_message_id"] = str(self.new_id())
            interaction["response_message_loading"] = data.get("type") == 5
            flags = (data.get("data") or {}).get("flags", 0)
            interaction["response_message_ephemeral"] = bool(flags & 64)
        return 200, {"interaction": interaction}

    def _followup(self, match: re.Match[str], data: Any) -> tuple[int, Any]:
        if refusal := _refuse_message(data, new=True):
            return refusal
        return 200, message(self.new_id(), 0, data)

    def _edit(self, match: re.Match[str], data: Any) -> tuple[int, Any]:
        if refusal := _refuse_message(data, new=False):
            return refusal
        return 200, message(self.new_id(), 0, data)

    def _thread(self, match: re.Match[str], data: Any) -> tuple[int, Any]:
        if problems := rules.thread(data):
            return _invalid(problems)
        parent, thread = match.group(1), match.group(2)
        if any(started == thread for _, started, _ in self.threads):
            return 400, {"message": "A thread has already been created for this message",
                         "code": 160004}  # fmt: skip
        self.threads.append((parent, thread, str(data.get("name", ""))))
        self.missing_channels.discard(thread)
        return 201, {
            "id": thread,
            "type": 11,
            "parent_id": parent,
            "guild_id": "1",
            "name": data.get("name", ""),
            "owner_id": str(BOT_ID),
            "message_count": 0,
            "member_count": 1,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": data.get("auto_archive_duration", 1440),
                "archive_timestamp": "2026-01-05T15:00:00+00:00",
                "locked": False,
            },
        }

    def _member(self, guild: str, user: str) -> tuple[int, Any]:
        """GET /guilds/{guild}/members/{user}: `members` holds them under "guild/user", or under
        the guild alone for the bot's own member (doctor); anyone else is Unknown Member."""
        if guild not in self.guilds:
            return _missing()
        found = self.members.get(f"{guild}/{user}") or self.members.get(guild)
        if found is None or str(found.get("user", {}).get("id", user)) != user:
            return 404, {"message": "Unknown Member", "code": 10007}
        return 200, found

    def _message(self, match: re.Match[str], data: Any) -> tuple[int, Any]:
        channel = match.group(1)
        if channel in self.missing_channels:
            return 404, {"message": "Unknown Channel", "code": 10003}
        if self._dm_recipients.get(channel) in self.blocks_dms:
            return 403, {"message": "Cannot send messages to this user", "code": 50007}
        if refusal := _refuse_message(data, new=True):
            return refusal
        nonce = data.get("nonce")
        if nonce and data.get("enforce_nonce"):
            at, seen = self._nonces.get((channel, nonce), (0.0, None))
            if seen is not None and time.monotonic() - at < self.nonce_window:
                return 200, seen
        sent = message(self.new_id(), int(channel), data)
        if nonce:
            self._nonces[(channel, nonce)] = (time.monotonic(), sent)
        self.channel_messages.setdefault(channel, []).append(sent)
        self.messages[sent["id"]] = sent
        return 200, sent

    def _history(self, match: re.Match[str], data: Any) -> tuple[int, Any]:
        """GET /channels/{id}/messages: newest first; fetched messages carry no nonce."""
        found = self.channel_messages.get(match.group(1), [])
        query = data if isinstance(data, dict) else {}
        after = int(query.get("after") or 0)
        limit = min(int(query.get("limit") or 50), 100)
        newer = [m for m in found if int(m["id"]) > after]
        page = newer[:limit] if after else newer[-limit:]
        return 200, [{**m, "nonce": None} for m in reversed(page)]

    def _message_edit(self, match: re.Match[str], data: Any) -> tuple[int, Any]:
        """PATCH a message: 404 10008 if there is none in that channel, 403 50005 if a
        person wrote it (a bot edits only its own messages' content, embeds, components)."""
        channel, message_id = match.group(1), match.group(2)
        found = self.messages.get(message_id)
        if found is None or found["channel_id"] != channel:
            return 404, {"message": "Unknown Message", "code": 10008}
        if found["author"]["id"] != str(BOT_ID):
            return 403, {"message": "Cannot edit a message authored by another user", "code": 50005}
        for name in ("content", "embeds", "components", "flags"):
            if name in data:
                found[name] = data[name] if data[name] is not None else found[name]
        found["edited_timestamp"] = "2026-01-05T15:01:00+00:00"
        return 200, found

    def add_message(self, channel: int, content: str, *, author: int = 42) -> str:
        """A message a person posted (the bot may not edit it); returns its id."""
        sent = message(self.new_id(), channel, {"content": content})
        sent["author"] = user(author, "member")
        self.messages[sent["id"]] = sent
        return str(sent["id"])

    def sent_messages(self) -> list[Call]:
        """Channel posts that created a new message (not answered from the nonce record)."""
        return [c for c in self.find("POST", r"/channels/\d+/messages$") if c.status == 200]

    def _dm(self, match: re.Match[str], data: Any) -> tuple[int, Any]:
        if not str(data.get("recipient_id", "")).isdigit():
            return _invalid([(("recipient_id",), rules.REQUIRED, "This field is required")])
        recipient = user(int(data["recipient_id"]), "member")
        channel = str(self.new_id())
        self._dm_recipients[channel] = str(data["recipient_id"])
        return 200, {"id": channel, "type": 1, "recipients": [recipient]}

    def _event_create(self, match: re.Match[str], data: Any) -> tuple[int, Any]:
        if problems := rules.scheduled_event(data, create=True):
            return _invalid(problems)
        event = {
            **data,
            "id": str(self.new_id()),
            "guild_id": match.group(1),
            "status": data.get("status", 1),
        }
        self.events[event["id"]] = event
        return 200, event

    def _event_edit(self, match: re.Match[str], data: Any) -> tuple[int, Any]:
        event = self.events.get(match.group(2))
        if event is None:
            return 404, {"message": "Unknown Guild Scheduled Event", "code": 10070}
        if problems := rules.scheduled_event(data, create=False):
            return _invalid(problems)
        if data.get("status") == rules.CANCELED and event["status"] != rules.SCHEDULED:
            return 400, {"message": "Cannot cancel an event that is not scheduled", "code": 180000}
        event.update(data)
        return 200, event

    def _event_delete(self, match: re.Match[str], data: Any) -> tuple[int, Any]:
        if self.events.pop(match.group(2), None) is None:
            return 404, {"message": "Unknown Guild Scheduled Event", "code": 10070}
        return 204, None

    # ---- gateway: who is Interested in a scheduled event -----------------------------------

    def interest(
        self, event_id: str, user_id: int, *, added: bool = True
    ) -> tuple[str, dict[str, Any]]:
        """The gateway dispatch Discord sends (with the GUILD_SCHEDULED_EVENTS intent) when a
        member marks a scheduled event Interested or takes it back: its name and data, which
        are exactly ``guild_scheduled_event_id``, ``user_id`` and ``guild_id`` (Gateway
        Events, Guild Scheduled Event User Add / Remove). Like Discord, only for an event
        that exists and is still scheduled, and a repeat of the same state sends nothing."""
        event = self.events.get(event_id)
        if event is None or event.get("status") != rules.SCHEDULED:
            raise AssertionError(f"Discord sends no interest for event {event_id}: not scheduled")
        interested = self.interested.setdefault(event_id, set())
        if (user_id in interested) == added:
            raise AssertionError(f"user {user_id} is already {'in' if added else 'out'}")
        (interested.add if added else interested.discard)(user_id)
        event["user_count"] = len(interested)
        name = "GUILD_SCHEDULED_EVENT_USER_" + ("ADD" if added else "REMOVE")
        data = {
            "guild_scheduled_event_id": event_id,
            "user_id": str(user_id),
            "guild_id": str(event["guild_id"]),
        }
        return name, data


def _invalid(problems: list[rules.Problem]) -> tuple[int, Any]:
    return 400, rules.error_body(problems)


def _refuse_message(data: Any, *, new: bool) -> tuple[int, Any] | None:
    """A message body Discord would refuse: invalid (50035) or, when new, empty (50006)."""
    body = data if isinstance(data, dict) else {}
    if problems := rules.message(body):
        return _invalid(problems)
    if new and rules.empty(body, len(body.get("_files", []))):
        return 400, {"message": "Cannot send an empty message", "code": 50006}
    return None


def _error(status: int, retry_after: float) -> tuple[int, Any, dict[str, str]]:
    if status == 429:
        # discord.py treats a 429 without Via as a Cloudflare ban, so answer like Discord does
        body = {
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": False,
        }
        return 429, body, {"Via": "1.1 google", "Retry-After": str(retry_after)}
    return status, {"message": f"{status}: fake failure", "code": 0}, {}


async def _body(request: web.Request) -> Any:
    if request.content_type == "multipart/form-data":
        form = await request.post()
        payload = form.get("payload_json")
        data = json.loads(str(payload)) if payload is not None else {}
        data["_files"] = [k for k in form if k != "payload_json"]
        # Base64, so that a recorded body stays JSON like every other body.
        data["_file_b64"] = {
            k: base64.b64encode(v.file.read()).decode()
            for k, v in form.items()
            if k != "payload_json" and hasattr(v, "file")
        }
        return data
    text = await request.text()
    return json.loads(text) if text else {}


def _found(objects: dict[str, dict[str, Any]], key: str) -> tuple[int, Any]:
    return (200, objects[key]) if key in objects else _missing()


def _missing() -> tuple[int, Any]:
    # What Discord answers for a guild or channel the bot cannot see.
    return 403, {"message": "Missing Access", "code": 50001}


def user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name.title(),
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
    }


def application() -> dict[str, Any]:
    return {
        "id": str(APP_ID),
        "name": "collab-bot",
        "description": "",
        "icon": None,
        "bot_public": False,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "owner": user(1, "owner"),
        "flags": 0,
        "interactions_endpoint_url": None,
    }


def message(message_id: int, channel_id: int, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": user(BOT_ID, "collab-bot", bot=True),
        "content": data.get("content") or "",
        "timestamp": "2026-01-05T15:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": data.get("embeds") or [],
        "components": data.get("components") or [],
        "pinned": False,
        "type": 0,
        "flags": data.get("flags", 0),
        "nonce": data.get("nonce"),
    }
