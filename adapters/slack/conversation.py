"""@collab-bot in a channel (app_mention) and a DM to the bot (message.im): answered in place.

The text goes to the core's `answer_text` (a command by name, else a library search). A
mention is answered in its thread; a private answer there (help, your own data, a refusal)
is ephemeral, so only the member who asked sees it. A DM is answered in the DM.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Protocol

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.runtime import Runtime
from adapters.slack.render import messages
from adapters.slack.roles import SlackOrganizers
from bot.conversation import answer_text, strip_address, strip_leading
from bot.model import Actor, Place, Reply

log = logging.getLogger(__name__)
# A Slack mention as the Events API sends it: <@U123> or <@U123|name>.
MENTION = re.compile(r"^\s*<@[A-Za-z0-9]+(?:\|[^>]*)?>[\s,:]*")
FORM_HINT = (
    "Slack opens forms only from a slash command or a button, so type it as a command: /{said}"
)


class SlackBridge(Protocol):
    """What a conversation needs of the bridge (adapters/slack/app.py), which makes one."""

    runtime: Runtime
    client: AsyncWebClient
    organizers: SlackOrganizers

    async def note_member(self, actor: Actor) -> Actor: ...

    def with_locale(self, actor: Actor) -> Actor: ...

    async def first_delivery(self, event_id: str | None) -> bool: ...


def unescape(text: str) -> str:
    """Text as typed: Slack escapes only these three in messages and command text."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def is_from_a_person(event: dict[str, Any]) -> bool:
    """A member's new message: not a bot (ourselves included), not an edit, join or deletion."""
    if event.get("bot_id") or event.get("bot_profile") or not event.get("user"):
        return False
    return event.get("subtype") in (None, "thread_broadcast")


def said(text: str) -> str:
    """What the member asked, without the mentions (Slack's or typed) before it."""
    return strip_leading(text, MENTION)


def without_form(reply: Reply, text: str) -> Reply:
    """A form cannot open without a trigger_id, which messages do not carry."""
    if reply.form is None:
        return reply
    asked = strip_address(said(text))[:80]
    return Reply(text=FORM_HINT.format(said=asked), private=True)


class Conversation:
    def __init__(self, bridge: SlackBridge) -> None:
        self.bridge = bridge

    async def _reply(self, event: dict[str, Any], place: Place) -> tuple[str, Reply]:
        user = str(event["user"])
        actor = self.bridge.with_locale(await self.bridge.organizers.actor(user))
        text = said(unescape(str(event.get("text") or "")))
        reply = await answer_text(text, actor, place, self.bridge.runtime.app)
        await self.bridge.note_member(actor)
        return user, without_form(reply, text)

    async def on_mention(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        if not is_from_a_person(event) or not await self.bridge.first_delivery(
            body.get("event_id")
        ):
            return
        channel = str(event.get("channel") or "")
        thread = str(event.get("thread_ts") or event.get("ts") or "") or None
        user, reply = await self._reply(event, Place("slack", channel, thread))
        client = self.bridge.client
        try:
            for payload in messages(reply):
                if reply.private:
                    await client.chat_postEphemeral(
                        channel=channel, user=user, thread_ts=thread, **payload
                    )
                else:
                    await client.chat_postMessage(channel=channel, thread_ts=thread, **payload)
        except SlackApiError as error:
            log.warning("could not answer a mention by %s: %s", user, error.response.get("error"))

    async def on_direct(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        if not is_from_a_person(event) or not await self.bridge.first_delivery(
            body.get("event_id")
        ):
            return
        channel = str(event.get("channel") or "")
        thread = event.get("thread_ts")
        user, reply = await self._reply(event, Place("slack", channel, thread))
        try:
            for payload in messages(reply):
                await self.bridge.client.chat_postMessage(
                    channel=channel, thread_ts=thread, **payload
                )
        except SlackApiError as error:
            log.warning("could not answer a DM from %s: %s", user, error.response.get("error"))
