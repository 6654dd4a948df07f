"""Posts the bot makes on its own (reminders, prompts, notices), through discord.py's HTTP client.

discord.py waits out 429s and retries 5xx itself; what is left is sorted for the delivery
worker: safe to retry, or no use retrying. Each page of a delivery carries a nonce derived
from the delivery key (with enforce_nonce), so when a retry repeats a post that did go
through within Discord's window ("the past few minutes"), Discord answers with the first
message instead of posting it again.

Past that window, `find` reads the channel's history since the attempt
(GET /channels/{id}/messages). Discord documents the nonce for the create answer and the
MESSAGE_CREATE event, not for fetched messages, so the first page is also marked where a
fetch returns it: its last embed's footer ends with "ref <nonce>". A first page without
embeds (a plain-text notice) carries no such mark: past the nonce window a takeover cannot
find it and posts it again.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from typing import Literal

import aiohttp
import discord

from adapters.discord import limits as dl
from adapters.discord.render import Rendered, render
from bot.model import DirectMessage, Place, PostedMessage, Reply, Target
from bot.outbox import CannotTell, Failed, PostResult, RetryLater, Sent

log = logging.getLogger(__name__)
NONCE_LENGTH = dl.NONCE
NOT_READY_SECONDS = 5.0
THREAD_NAME = dl.THREAD_NAME
THREAD_EXISTS = 160004  # "A thread has already been created for this message"
THREAD_ARCHIVE_MINUTES: Literal[10080] = 10080  # a week: journey threads stay open for replies
HISTORY_LIMIT = 500  # messages read back since an attempt; more than that: cannot tell


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
        if reply.thread and isinstance(target, Place) and not target.thread_id:
            await self._thread_on(first, reply.thread)
        return Sent(external_id=str(first.id), thread_id=_thread_of(target, first))

    async def _thread_on(self, message: discord.Message, name: str) -> None:
        """Open the thread replies gather in, on the post itself (its id is the post's id).

        Best effort: the post is out either way, and members can still open it themselves.
        """
        try:
            await self.client.http.start_thread_with_message(
                message.channel.id,
                message.id,
                name=name.strip()[:THREAD_NAME] or "Replies",
                auto_archive_duration=THREAD_ARCHIVE_MINUTES,
            )
        except discord.HTTPException as error:
            if error.code != THREAD_EXISTS:  # a retried post whose thread is already open
                log.warning("could not open a thread on message %s: %s", message.id, error)

    async def find(self, target: Target, key: str, *, since: datetime) -> Sent | None:
        """Our first page of delivery `key` in the target's history since `since`, if any."""
        if self.client.user is None:
            raise CannotTell("the Discord client has not logged in yet")
        nonce = nonce_for(key, 0)
        try:
            channel = await self._channel(target)
            if channel is None:
                raise CannotTell(f"not a Discord id: {target}")
            after = discord.Object(discord.utils.time_snowflake(since))
            count = 0
            async for message in channel.history(limit=HISTORY_LIMIT, after=after):
                count += 1
                if message.author.id == self.client.user.id and _carries(message, nonce):
                    return Sent(external_id=str(message.id), thread_id=_thread_of(target, message))
        except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as error:
            raise CannotTell(f"history unreadable: {type(error).__name__}") from error
        if count >= HISTORY_LIMIT:
            raise CannotTell(f"more than {HISTORY_LIMIT} messages since the attempt")
        return None

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
        nonce = nonce_for(key, page)
        if page == 0:
            _mark(message, nonce)
        sent = await message.send_to(channel, nonce=nonce)
        first = first or sent
    assert first is not None  # render() always gives at least one message
    return first


def _thread_of(target: Target, message: discord.Message) -> str:
    """A thread started on a message has that message's id, so replies can be matched."""
    if isinstance(target, Place) and target.thread_id:
        return target.thread_id
    return str(message.id)


def _ref(nonce: str) -> str:
    return f"ref {nonce}"


def _mark(message: Rendered, nonce: str) -> None:
    """End the last embed's footer with the nonce: fetched messages carry footers."""
    if not message.embeds or sum(len(e) for e in message.embeds) + 40 > dl.EMBED_TOTAL:
        return
    embed = message.embeds[-1]
    text = embed.footer.text or ""
    room = dl.FOOTER - len(_ref(nonce)) - 3
    embed.set_footer(text=f"{text[:room]} · {_ref(nonce)}" if text else _ref(nonce))


def _carries(message: discord.Message, nonce: str) -> bool:
    if str(message.nonce or "") == nonce:
        return True
    footer = message.embeds[-1].footer.text if message.embeds else None
    return bool(footer and footer.endswith(_ref(nonce)))
