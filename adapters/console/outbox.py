"""The console's outbox: posts the bot makes on its own print as [#channel] or [DM name]."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from adapters.console.render import render
from bot.model import DirectMessage, Place, PostedMessage, Reply, Target
from bot.outbox import Failed, PostResult, Sent
from bot.serialize import reply_to_dict

# console-<this process>-<n>: a post's id never repeats in another process on the same
# database, so an edit never lands on (or fails for) another process's post.
_POST_ID = re.compile(r"console-[0-9a-f]{8}-[1-9][0-9]*")


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
    process: str = field(default_factory=lambda: secrets.token_hex(4))

    def post_id(self, number: int) -> str:
        """The id of this process's `number`-th post (from 1)."""
        return f"console-{self.process}-{number}"

    async def post(self, target: Target, reply: Reply, *, key: str) -> PostResult:
        self.posts.append((target, reply, key))
        external_id = self.post_id(len(self.posts))
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
                return Sent(external_id=self.post_id(number))
        return None

    async def edit(self, message: PostedMessage, reply: Reply, *, key: str) -> PostResult:
        if not self._printed(message.message_id):
            return Failed(f"no console post {message.message_id}")
        self.edits.append((message, reply, key))
        if self.as_json:
            where = {"platform": message.platform, "message": message.message_id}
            self.write(json.dumps({"edit": where, "key": key, "reply": reply_to_dict(reply)}))
        else:
            self.write(f"[edited {message.message_id}] {render(reply).text}")
        return Sent(external_id=message.message_id, thread_id=message.thread_id)

    def _printed(self, message_id: str) -> bool:
        """Whether a post with this id was printed: by this process (one of its numbers) or by
        an earlier console run, whose lines are above in the same terminal."""
        if not _POST_ID.fullmatch(message_id):
            return False
        process, number = message_id.removeprefix("console-").split("-")
        return process != self.process or int(number) <= len(self.posts)
