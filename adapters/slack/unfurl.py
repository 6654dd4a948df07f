"""Slack link previews of library items: `link_shared` in, `chat.unfurl` out.

Slack sends `link_shared` for links to the manifest's unfurl domains ([resources]
unfurl_domains). Each link that is a library item gets the item's card; the others are
left to Slack. A message's links are unfurled by `channel` + `ts`; links still in the
composer by `unfurl_id` + `source`, as chat.unfurl documents.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.runtime import Runtime
from adapters.slack.render import messages
from bot.features.resources.api import link_previews

log = logging.getLogger(__name__)


class Unfurler:
    def __init__(self, runtime: Runtime, client: AsyncWebClient) -> None:
        self.runtime = runtime
        self.client = client

    async def on_link_shared(self, event: dict[str, Any]) -> None:
        links = [str(link.get("url")) for link in event.get("links") or [] if link.get("url")]
        if not links:
            return
        try:
            found = await link_previews(self.runtime.deps, links)
        except Exception:
            log.exception("could not look up shared links in the library")
            return
        if not found:
            return
        unfurls = {url: {"blocks": messages(reply)[0]["blocks"]} for url, reply in found.items()}
        try:
            if event.get("unfurl_id") and event.get("source"):
                await self.client.chat_unfurl(
                    unfurl_id=str(event["unfurl_id"]), source=str(event["source"]), unfurls=unfurls
                )
            else:
                await self.client.chat_unfurl(
                    channel=str(event.get("channel")),
                    ts=str(event.get("message_ts")),
                    unfurls=unfurls,
                )
        except SlackApiError as error:
            log.warning("chat.unfurl failed: %s", error.response.get("error"))
