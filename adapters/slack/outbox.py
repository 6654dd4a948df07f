"""The Slack outbox: the bot's own posts (reminders, prompts, notices, DMs) via chat.postMessage.

Retries, and why each is safe:

    429 with Retry-After   the rate-limit handler waits and tries again (Slack did not post)
    500 / 503              the server-error handler tries again with backoff
    connection refused     nothing was sent: RetryLater
    connection dropped     the post may have landed: every post carries our delivery key in
                           its message metadata, so we look for it in the channel (or thread)
                           history. Found: Sent with its ts. Not found: RetryLater. Cannot
                           tell: Failed, never a blind repeat.
    anything else          Failed with Slack's error code (no such channel, not allowed, ...)

`find` answers the delivery worker when it takes over a row whose earlier post may have gone
out (the process died mid-post): it reads the target's history since that attempt
(conversations.history, or conversations.replies in a thread; a DM is opened first with
conversations.open) with `include_all_metadata` and looks for the delivery key in the
message metadata. Slack dedupes nothing itself; this lookup is what prevents a repeat.

The default connection-error retry handler is deliberately left out: it repeats a POST that
may already have gone through.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import defaultdict
from datetime import datetime
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.jitter import Jitter
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.files import upload
from adapters.slack.render import messages
from adapters.slack.zones import ProfileZones
from bot.model import DirectMessage, PostedMessage, Reply, Target
from bot.outbox import CannotTell, Failed, PostResult, RetryLater, Sent

log = logging.getLogger(__name__)
METADATA_EVENT = "collab_bot_delivery"
MAX_INLINE_WAIT = 10.0  # longer Retry-After waits go back to the delivery queue
RETRYABLE_ERRORS = frozenset({"ratelimited", "request_timeout", "service_unavailable"})
HISTORY_LOOKBACK = 50
HISTORY_PAGE = 200  # messages per history call when looking back since an attempt
HISTORY_PAGES = 5  # a busier channel than 1,000 messages since then: cannot tell


class BoundedRateLimitRetryHandler(AsyncRateLimitErrorRetryHandler):
    """Wait out a 429 here only when Slack asks for a short pause; longer ones are requeued."""

    def __init__(self, max_wait: float = MAX_INLINE_WAIT, max_retry_count: int = 2) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        return retry_after(response.headers) <= self.max_wait


class ProportionalJitter(Jitter):
    """Spread retries over [d, 2d]: a fixed extra second would dwarf short backoffs."""

    def recalculate(self, duration: float) -> float:
        return duration * (1.0 + random.random())


def retry_after(headers: Any) -> float:
    for name, value in dict(headers or {}).items():
        if str(name).lower() == "retry-after":
            raw = value[0] if isinstance(value, list | tuple) else value
            try:
                return float(raw)
            except (TypeError, ValueError):
                return 1.0
    return 1.0


def retry_handlers(
    backoff_factor: float = 0.5, max_wait: float = MAX_INLINE_WAIT
) -> list[AsyncRetryHandler]:
    return [
        BoundedRateLimitRetryHandler(max_wait=max_wait),
        AsyncServerErrorRetryHandler(
            max_retry_count=2,
            interval_calculator=BackoffRetryIntervalCalculator(
                backoff_factor=backoff_factor, jitter=ProportionalJitter()
            ),
        ),
    ]


def web_client(
    token: str, api_url: str, *, backoff_factor: float = 0.5, max_wait: float = MAX_INLINE_WAIT
) -> AsyncWebClient:
    """The one AsyncWebClient config: our base URL (GovSlack, tests) and safe retries only."""
    return AsyncWebClient(
        token=token,
        base_url=api_url,
        retry_handlers=retry_handlers(backoff_factor, max_wait),
    )


class Uncertain(Exception):
    """The connection broke after the request may have reached Slack."""


class SlackOutbox:
    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        # Set once the bridge exists (it needs the runtime): DMs then read the reader's
        # Slack profile zone first when it is due, so a reminder shows their own time.
        self.zones: ProfileZones | None = None
        self._dm_channels: dict[str, str] = {}
        # Slack allows about one message per second per channel: posts to one channel go
        # one at a time, so a burst waits its turn instead of drawing a storm of 429s.
        self._channel_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def prepare(self, target: Target) -> None:
        if isinstance(target, DirectMessage) and self.zones is not None:
            await self.zones.refresh(target.user_id)

    async def post(self, target: Target, reply: Reply, *, key: str) -> PostResult:
        try:
            channel = await self._channel(target)
        except SlackApiError as error:
            return classify(error)
        except (aiohttp.ClientError, OSError, TimeoutError) as error:
            # conversations.open is idempotent, so trying again later is harmless.
            return RetryLater(f"could not open the DM: {type(error).__name__}")
        async with self._channel_locks[channel]:
            return await self._post_pages(channel, target, reply, key)

    async def edit(self, message: PostedMessage, reply: Reply, *, key: str) -> PostResult:
        """chat.update the message with the reply's first page (an edit never adds pages).

        An edit is safe to repeat, so a dropped connection is simply tried again later.
        """
        payload = messages(reply)[0]
        async with self._channel_locks[message.channel_id]:
            try:
                response = await self.client.chat_update(
                    channel=message.channel_id, ts=message.message_id, **payload
                )
            except SlackApiError as error:
                return classify(error)
            except (aiohttp.ClientError, OSError, TimeoutError) as error:
                return RetryLater(f"could not reach Slack: {type(error).__name__}")
        return Sent(external_id=str(response.get("ts") or message.message_id))

    async def _post_pages(self, channel: str, target: Target, reply: Reply, key: str) -> PostResult:
        thread = None if isinstance(target, DirectMessage) else target.thread_id
        first: str | None = None
        for number, payload in enumerate(messages(reply)):
            result = await self._post_one(channel, thread, payload, f"{key}#{number}")
            if isinstance(result, Sent):
                first = first or result.external_id
                continue
            if first is None:
                return result
            # Page one is out; repeating the whole reply would duplicate it.
            log.warning("delivery %s: a continuation page was not sent: %s", key, result)
            break
        if reply.attachments:
            await upload(self.client, channel, reply.attachments, thread_ts=thread)
        return Sent(external_id=first, thread_id=thread or first)

    async def _channel(self, target: Target) -> str:
        if not isinstance(target, DirectMessage):
            return target.channel_id
        if target.user_id not in self._dm_channels:
            response = await self.client.conversations_open(users=target.user_id)
            self._dm_channels[target.user_id] = str(response["channel"]["id"])
        return self._dm_channels[target.user_id]

    async def _post_one(
        self, channel: str, thread: str | None, payload: dict[str, Any], key: str
    ) -> PostResult:
        metadata = {"event_type": METADATA_EVENT, "event_payload": {"key": key}}
        try:
            response = await self.client.chat_postMessage(
                channel=channel,
                thread_ts=thread,
                unfurl_links=False,
                unfurl_media=False,
                metadata=metadata,
                **payload,
            )
        except SlackApiError as error:
            return classify(error)
        except aiohttp.ClientConnectorError as error:
            return RetryLater(f"could not reach Slack: {error.__class__.__name__}")
        except (aiohttp.ClientError, OSError, TimeoutError) as error:
            log.warning("post %s: connection broke (%s); checking history", key, error)
            return await self._find_landed(channel, thread, key)
        return Sent(external_id=str(response.get("ts") or ""))

    async def _find_landed(self, channel: str, thread: str | None, key: str) -> PostResult:
        try:
            found = await self._lookup(channel, thread, key, oldest=None, pages=1)
        except CannotTell as error:
            return Failed(
                "the connection dropped after sending and the channel history could not be "
                f"checked ({error}); not retried so nobody gets it twice"
            )
        return found or RetryLater("the connection dropped before Slack took the message")

    async def find(self, target: Target, key: str, *, since: datetime) -> Sent | None:
        """The first page of delivery `key` if Slack has it in the target's history since."""
        try:
            channel = await self._channel(target)
        except (SlackApiError, aiohttp.ClientError, OSError, TimeoutError) as error:
            raise CannotTell(f"could not open the DM: {type(error).__name__}") from error
        thread = None if isinstance(target, DirectMessage) else target.thread_id
        found = await self._lookup(
            channel, thread, f"{key}#0", oldest=f"{since.timestamp():.6f}", pages=HISTORY_PAGES
        )
        if found is not None and thread is None:
            return Sent(external_id=found.external_id, thread_id=found.external_id)
        return found

    async def _lookup(
        self, channel: str, thread: str | None, key: str, *, oldest: str | None, pages: int
    ) -> Sent | None:
        """Look for `key` in message metadata; CannotTell if the history cannot be read."""
        arguments: dict[str, Any] = {"channel": channel, "include_all_metadata": True}
        arguments["limit"] = HISTORY_PAGE if oldest else HISTORY_LOOKBACK
        if oldest:
            arguments["oldest"] = oldest
        cursor = None
        for _ in range(pages):
            try:
                if thread:
                    response = await self.client.conversations_replies(
                        ts=thread, cursor=cursor, **arguments
                    )
                else:
                    response = await self.client.conversations_history(cursor=cursor, **arguments)
            except Exception as error:
                raise CannotTell(f"history unreadable: {type(error).__name__}") from error
            for message in response.get("messages") or []:
                payload = (message.get("metadata") or {}).get("event_payload") or {}
                if payload.get("key") == key:
                    return Sent(external_id=str(message.get("ts") or ""))
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return None
        if oldest is None:
            return None  # the quick check after a dropped connection looks at one page only
        raise CannotTell(f"more than {pages * HISTORY_PAGE} messages since the attempt")


def classify(error: SlackApiError) -> PostResult:
    """A Slack error as the delivery worker needs it: worth another try, or not."""
    response = error.response
    status = int(getattr(response, "status_code", 0) or 0)
    code = str((response.data or {}).get("error", "") if isinstance(response.data, dict) else "")
    if status == 429 or code == "ratelimited":
        return RetryLater("rate limited by Slack", retry_after(response.headers), rate_limited=True)
    if status >= 500 or code in RETRYABLE_ERRORS:
        return RetryLater(f"Slack server error ({status} {code})".strip())
    return Failed(f"Slack refused the post: {code or status}")
