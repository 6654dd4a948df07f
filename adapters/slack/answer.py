"""Sending an interaction's Reply back to Slack: a modal, the response_url, or a DM.

- A reply with a form opens it with views.open and the interaction's trigger_id.
- With a response_url, the reply is POSTed there: ephemeral when private, in_channel when
  not. replace_original edits the message whose button was pressed; a public answer to an
  ephemeral message deletes the original and posts anew ("Share in channel").
- Attachments go to the member's DM (public replies: the channel), as Slack cannot attach
  files to a response_url answer.
- Without one (App Home buttons), a private reply goes to the member's DM and a public one
  to the channel.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.files import upload
from adapters.slack.forms import Origin, modal
from adapters.slack.render import messages
from bot.model import Reply

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Where:
    """What Slack told us about an interaction that matters for answering it."""

    user_id: str
    origin: Origin
    trigger_id: str | None = None
    ephemeral_original: bool = False
    # Only a button on a message has an original that replace_original can edit.
    can_replace: bool = False


def response_bodies(reply: Reply, where: Where) -> list[dict[str, Any]]:
    """The response_url payloads for a reply (one per page)."""
    bodies = []
    for number, payload in enumerate(messages(reply)):
        body: dict[str, Any] = {
            **payload,
            "response_type": "ephemeral" if reply.private else "in_channel",
            "replace_original": False,
        }
        if number == 0 and reply.replace_original and where.can_replace:
            if not reply.private and where.ephemeral_original:
                body["delete_original"] = True
            else:
                body["replace_original"] = True
        bodies.append(body)
    return bodies


class Answerer:
    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def answer(self, reply: Reply, where: Where) -> None:
        if reply.form is not None and where.trigger_id:
            if await self._open(reply, where):
                return
            reply = Reply(text=f"{reply.text}\nThe form could not open; please try again.")
        if where.origin.response_url:
            await self._respond(reply, where)
        else:
            await self._post(reply, where)
        if reply.attachments:
            await self._attach(reply, where)

    async def _attach(self, reply: Reply, where: Where) -> None:
        channel, thread = where.origin.channel_id, where.origin.thread_id
        try:
            if reply.private or not channel:
                channel, thread = await self._dm(where.user_id), None
        except SlackApiError as error:
            log.warning(
                "could not open a DM with %s: %s", where.user_id, error.response.get("error")
            )
            return
        await upload(self.client, channel, reply.attachments, thread_ts=thread)

    async def _dm(self, user_id: str) -> str:
        opened = await self.client.conversations_open(users=user_id)
        return str(opened["channel"]["id"])

    async def _open(self, reply: Reply, where: Where) -> bool:
        assert reply.form is not None
        try:
            await self.client.views_open(
                trigger_id=where.trigger_id, view=modal(reply.form, where.origin)
            )
        except SlackApiError as error:
            # trigger_ids live 3 seconds; a slow handler can outlive one.
            log.warning("views.open failed: %s", error.response.get("error"))
            return False
        return True

    async def _respond(self, reply: Reply, where: Where) -> None:
        assert where.origin.response_url
        # The Web API client's connections when it shares them (adapter.share_connections).
        webhook = AsyncWebhookClient(where.origin.response_url, session=self.client.session)
        for body in response_bodies(reply, where):
            response = await webhook.send_dict(body)
            if response.status_code != 200:
                log.warning("response_url answered %s: %s", response.status_code, response.body)
                return

    async def _post(self, reply: Reply, where: Where) -> None:
        channel, thread = where.origin.channel_id, where.origin.thread_id
        try:
            if reply.private or not channel:
                channel, thread = await self._dm(where.user_id), None
            for payload in messages(reply):
                await self.client.chat_postMessage(channel=channel, thread_ts=thread, **payload)
        except SlackApiError as error:
            log.warning("could not answer %s: %s", where.user_id, error.response.get("error"))
