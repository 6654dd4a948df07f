"""The console's outbox: posts the bot makes on its own print as [#channel] or [DM name]."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from adapters.console.render import render
from bot.model import DirectMessage, Place, Reply, Target
from bot.outbox import PostResult, Sent
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
