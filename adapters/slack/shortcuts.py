"""Message shortcuts (the router's message commands): a `message_action` payload becomes the
core's message command, and its answer goes back like a button's (a modal, or the
shortcut's response_url).

The message's text keeps Slack's link markup (`<https://x|label>`), which the core reads;
each link Slack unfurled in the message is an attachment with its `from_url` (or
`original_url`) and `title`, passed on as the message's previews.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck

from adapters.runtime import Runtime
from adapters.slack.answer import Answerer, Where
from adapters.slack.forms import Origin
from adapters.slack.roles import SlackOrganizers
from bot.message_commands import MessageCommandSpec, message_submit
from bot.model import Place


def previews(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(link, title) of each link preview Slack attached to the message."""
    out = []
    for attachment in message.get("attachments") or []:
        if not isinstance(attachment, dict):
            continue
        url = attachment.get("from_url") or attachment.get("original_url") or ""
        title = attachment.get("title") or ""
        if url and title:
            out.append((str(url), str(title)))
    return out


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class Shortcuts:
    """The listener for every message command, by its callback_id (the spec's form name)."""

    def __init__(self, runtime: Runtime, answerer: Answerer, organizers: SlackOrganizers) -> None:
        self.runtime = runtime
        self.answerer = answerer
        self.organizers = organizers
        self.specs: dict[str, MessageCommandSpec] = {
            spec.form: spec for spec in runtime.deps.router.message_commands.values()
        }

    async def on_shortcut(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        spec = self.specs.get(str(body.get("callback_id") or ""))
        if spec is None or body.get("type") != "message_action":
            return
        user = body.get("user") or {}
        name = str(user.get("name") or user.get("username") or user.get("id") or "")
        actor = await self.organizers.actor(str(user.get("id")), name)
        channel = str((body.get("channel") or {}).get("id") or "")
        message = body.get("message") or {}
        thread = message.get("thread_ts")
        place = Place("slack", channel, thread)
        text = _unescape(str(message.get("text") or ""))
        submit = message_submit(
            spec, actor, place, text, previews(message), str(message.get("ts") or "")
        )
        reply = await self.runtime.app.handle(submit)
        origin = Origin(channel, thread, body.get("response_url"))
        await self.answerer.answer(reply, Where(actor.user_id, origin, body.get("trigger_id")))
