"""The console's outbox: posts the bot makes on its own print as [#channel] or [DM name].

With a (demo) clock each post says when it went out, so the posts a /clock jump delivers
read in their order in time. A DM to the person typing is handed to their session, which
shows it with numbered buttons they can press.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from adapters.console.render import render
from bot.clock import Clock
from bot.model import DirectMessage, Place, PostedMessage, Reply, Target
from bot.outbox import Failed, PostResult, Sent
from bot.serialize import reply_to_dict

# console-<this process>-<n>: a post's id never repeats in another process on the same
# database, so an edit never lands on (or fails for) another process's post.
_POST_ID = re.compile(r"console-[0-9a-f]{8}-[1-9][0-9]*")


def label(target: Target, sent: str = "") -> str:
    when = f" · {sent}" if sent else ""
    if isinstance(target, DirectMessage):
        return f"[DM {target.user_id}{when}]"
    thread = f" (thread {target.thread_id})" if target.thread_id else ""
    return f"[#{target.channel_id}{thread}{when}]"


def sent_words(moment: datetime, zone: tzinfo) -> str:
    """When a post went out, as the demo shows it: ``Tue Jan 20 3:00 PM CST``."""
    local = moment.astimezone(zone)
    return f"{local:%a %b} {local.day} {local:%I:%M %p %Z}".replace(" 0", " ")


# A session that shows a DM to its person itself: (target, reply, its label, its JSON) ->
# whether it did.
ShowDm = Callable[[DirectMessage, Reply, str, dict[str, object]], bool]


@dataclass
class ConsoleOutbox:
    """Prints each post (or its JSON with `as_json`) and keeps a record of it."""

    write: Callable[[str], None] = print
    as_json: bool = False
    posts: list[tuple[Target, Reply, str]] = field(default_factory=list)
    edits: list[tuple[PostedMessage, Reply, str]] = field(default_factory=list)
    process: str = field(default_factory=lambda: secrets.token_hex(4))
    clock: Clock | None = None
    zone: tzinfo = UTC
    show_dm: ShowDm | None = None

    def post_id(self, number: int) -> str:
        """The id of this process's `number`-th post (from 1)."""
        return f"console-{self.process}-{number}"

    async def post(self, target: Target, reply: Reply, *, key: str) -> PostResult:
        self.posts.append((target, reply, key))
        external_id = self.post_id(len(self.posts))
        now = self.clock.now() if self.clock is not None else None
        sent = sent_words(now, self.zone) if now is not None else ""
        printed = self.as_dict(target, reply, key, now)
        if (
            isinstance(target, DirectMessage)
            and self.show_dm is not None
            and self.show_dm(target, reply, label(target, sent), printed)
        ):
            # The person typing saw it in their session, its buttons numbered to press.
            return Sent(external_id=external_id, thread_id=external_id)
        if self.as_json:
            self.write(json.dumps(printed))
        else:
            attached = "".join(f"\n(attached: {a.filename})" for a in reply.attachments)
            self.write(f"{label(target, sent)} {render(reply).text}{attached}")
        thread = target.thread_id if isinstance(target, Place) else None
        return Sent(external_id=external_id, thread_id=thread or external_id)

    def as_dict(
        self, target: Target, reply: Reply, key: str, now: datetime | None
    ) -> dict[str, object]:
        """One post as --json prints it (with `sent_at` when the outbox has a clock)."""
        where = {"platform": target.platform}
        if isinstance(target, Place):
            where.update(channel=target.channel_id, thread=target.thread_id or "")
        else:
            where.update(dm=target.user_id)
        out: dict[str, object] = {"post": where, "key": key, "reply": reply_to_dict(reply)}
        if now is not None:
            out["sent_at"] = now.isoformat()
        return out

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
