"""Posts the bot makes on its own (reminders, prompts, notices), through discord.py's HTTP client.

discord.py waits out 429s and retries 5xx itself; what is left is sorted for the delivery
worker: safe to retry, or no use retrying. Each page of a delivery carries a nonce derived
from the delivery key (with enforce_nonce), so when a retry repeats a post that did go
through, Discord answers with the first message instead of posting it again.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Literal

import aiohttp
import discord

from adapters.discord.render import render
from bot.model import DirectMessage, Place, PostedMessage, Reply, Target
from bot.outbox import Failed, PostResult, RetryLater, Sent

log = logging.getLogger(__name__)
NONCE_LENGTH = 25  # Discord's limit for a message nonce
NOT_READY_SECONDS = 5.0
THREAD_NAME = 100
THREAD_ARCHIVE_MINUTES: Literal[10080] = 10080  # a week: journey threads stay open for replies


def nonce_for(key: str, page: int = 0) -> str:
    """A stable nonce per delivery page: the same key always gives the same nonce."""
    digest = hashlib.blake2b(f"{key}\x00{page}".encode(), digest_size=12).hexdigest()
    return digest[:NONCE_LENGTH]


def _snowflake(value: str) -> int | None:
    return int(value) if value.isdigit() else None


class DiscordOutbox:
    """The outbox port for Discord: channel posts, thread posts, DMs via create_dm."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def post(self, target: Target, reply: Reply, *, key: str) -> PostResult:
        if self.client.user is None:
            return RetryLater("the Discord client has not logged in yet", NOT_READY_SECONDS)
        try:
            channel = await self._channel(target)
            if channel is None:
                return Failed(f"not a Discord id: {target}")
            try:
                first = await _send_pages(channel, reply, key)
            except discord.NotFound:
                if not isinstance(target, Place) or not await self._open_thread(target, reply):
                    raise
                first = await _send_pages(channel, reply, key)
        except discord.RateLimited as error:
            return RetryLater("rate limited by Discord", error.retry_after, rate_limited=True)
        except discord.DiscordServerError as error:
            return RetryLater(f"Discord server error {error.status}")
        except (discord.Forbidden, discord.NotFound) as error:
            return Failed(f"Discord refused the post ({error.status}): {error.text[:200]}")
        except discord.HTTPException as error:
            if error.status == 429 or error.status >= 500:
                return RetryLater(f"Discord answered {error.status}")
            return Failed(f"Discord rejected the post ({error.status}): {error.text[:200]}")
        except (aiohttp.ClientError, OSError, TimeoutError) as error:
            # The nonce makes a repeat harmless, so a network failure is worth a retry.
            return RetryLater(f"could not reach Discord: {type(error).__name__}")
        return Sent(external_id=str(first.id), thread_id=_thread_of(target, first))

    async def edit(self, message: PostedMessage, reply: Reply, *, key: str) -> PostResult:
        """PATCH the message with the reply's first page; an edit is safe to repeat."""
        if self.client.user is None:
            return RetryLater("the Discord client has not logged in yet", NOT_READY_SECONDS)
        channel_id = _snowflake(message.thread_id or message.channel_id)
        message_id = _snowflake(message.message_id)
        if channel_id is None or message_id is None:
            return Failed(f"not a Discord message: {message}")
        page = render(reply)[0]
        partial = self.client.get_partial_messageable(channel_id).get_partial_message(message_id)
        try:
            await page.edit(partial)
        except discord.RateLimited as error:
            return RetryLater("rate limited by Discord", error.retry_after, rate_limited=True)
        except discord.DiscordServerError as error:
            return RetryLater(f"Discord server error {error.status}")
        except discord.HTTPException as error:
            if error.status == 429:
                return RetryLater(f"Discord answered {error.status}")
            return Failed(f"Discord refused the edit ({error.status}): {error.text[:200]}")
        except (aiohttp.ClientError, OSError, TimeoutError) as error:
            return RetryLater(f"could not reach Discord: {type(error).__name__}")
        return Sent(external_id=message.message_id, thread_id=message.thread_id)

    async def _open_thread(self, target: Place, reply: Reply) -> bool:
        """Start the thread on the message it is named after (a thread id is its message's id).

        Features reply "in the thread of" a post they made; on Discord nobody may have
        opened that thread yet, so the first reply opens it.
        """
        parent, message = _snowflake(target.channel_id), _snowflake(target.thread_id or "")
        if parent is None or message is None or parent == message:
            return False
        name = (reply.text.split("\n", 1)[0].strip() or "Replies")[:THREAD_NAME]
        try:
            await self.client.http.start_thread_with_message(
                parent, message, name=name, auto_archive_duration=THREAD_ARCHIVE_MINUTES
            )
        except discord.HTTPException as error:
            log.warning("could not open thread %s in %s: %s", message, parent, error)
            return False
        return True

    async def _channel(self, target: Target) -> discord.abc.Messageable | None:
        if isinstance(target, DirectMessage):
            user_id = _snowflake(target.user_id)
            if user_id is None:
                return None
            return await self.client.create_dm(discord.Object(user_id))
        channel_id = _snowflake(target.thread_id or target.channel_id)
        if channel_id is None:
            return None
        return self.client.get_partial_messageable(channel_id)


async def _send_pages(channel: discord.abc.Messageable, reply: Reply, key: str) -> discord.Message:
    """Every page, each with its own stable nonce; the first page's message is returned."""
    first: discord.Message | None = None
    for page, message in enumerate(render(reply)):
        sent = await message.send_to(channel, nonce=nonce_for(key, page))
        first = first or sent
    assert first is not None  # render() always gives at least one message
    return first


def _thread_of(target: Target, message: discord.Message) -> str:
    """A thread started on a message has that message's id, so replies can be matched."""
    if isinstance(target, Place) and target.thread_id:
        return target.thread_id
    return str(message.id)
