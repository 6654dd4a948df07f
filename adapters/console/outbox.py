"""The console's outbox: posts the bot makes on its own print as [#channel] or [DM name]."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from adapters.console.render import render
from bot.model import DirectMessage, Place, PostedMessage, Reply, Target
from bot.outbox import Failed, PostResult, Sent
from bot.serialize import reply_to_dict


def label(target: Target) -> str:
    if isinstance(target, DirectMessage):
        return f"[DM {target.user_id}]"
    thread = f" (thread {target.thread_id})" if target.thread_id else ""
    return f"[#{target.channel_id}{thread}]"


@dataclass
class ConsoleOutbox:
    """Prints each post (or its JSON with `as_json`) and keeps a record of it."""

    write: Callable[[str], None] = print
    as_json: bool = False
    posts: list[tuple[Target, Reply, str]] = field(default_factory=list)
    edits: list[tuple[PostedMessage, Reply, str]] = field(default_factory=list)

    async def post(self, target: Target, reply: Reply, *, key: str) -> PostResult:
        self.posts.append((target, reply, key))
        external_id = f"console-{len(self.posts)}"
        if self.as_json:
            where = {"platform": target.platform}
            if isinstance(target, Place):
                where.update(channel=target.channel_id, thread=target.thread_id or "")
            else:
                where.update(dm=target.user_id)
            self.write(json.dumps({"post": where, "key": key, "reply": reply_to_dict(reply)}))
        else:
            attached = "".join(f"\n(attached: {a.filename})" for a in reply.attachments)
            self.write(f"{label(target)} {render(reply).text}{attached}")
        thread = target.thread_id if isinstance(target, Place) else None
        return Sent(external_id=external_id, thread_id=thread or external_id)

    async def find(self, target: Target, key: str, *, since: datetime) -> Sent | None:
        """The console remembers what it printed in this process."""
        for number, (where, _reply, posted_key) in enumerate(self.posts, start=1):
            if where == target and posted_key == key:
                return Sent(external_id=f"console-{number}")
        return None

    async def edit(self, message: PostedMessage, reply: Reply, *, key: str) -> PostResult:
        known = {f"console-{n}" for n in range(1, len(self.posts) + 1)}
        if message.message_id not in known:
            return Failed(f"no console post {message.message_id}")
        self.edits.append((message, reply, key))
        if self.as_json:
            where = {"platform": message.platform, "message": message.message_id}
            self.write(json.dumps({"edit": where, "key": key, "reply": reply_to_dict(reply)}))
        else:
            self.write(f"[edited {message.message_id}] {render(reply).text}")
        return Sent(external_id=message.message_id, thread_id=message.thread_id)
