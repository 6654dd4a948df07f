"""Reply attachments (e.g. an event's .ics file) uploaded with files_upload_v2.

Slack cannot attach files to a response_url answer, so interactive replies send them to
the member's DM (or the channel, for public replies); the outbox puts them next to its post.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.model import Attachment

log = logging.getLogger(__name__)
ALT_TEXT = 1000  # files.completeUploadExternal: alt_txt is at most 1000 characters


async def upload(
    client: AsyncWebClient,
    channel: str,
    attachments: tuple[Attachment, ...],
    *,
    thread_ts: str | None = None,
) -> int:
    """Upload each attachment to `channel`; returns how many made it (failures are logged)."""
    done = 0
    for attachment in attachments:
        try:
            await client.files_upload_v2(
                channel=channel,
                content=attachment.content,
                filename=attachment.filename,
                title=attachment.filename,
                alt_txt=attachment.description[:ALT_TEXT] or None,
                thread_ts=thread_ts,
            )
            done += 1
        except (SlackApiError, SlackClientError, OSError) as error:
            log.warning("could not upload %s to %s: %s", attachment.filename, channel, error)
    return done
