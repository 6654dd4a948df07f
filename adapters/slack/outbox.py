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

The default connection-error retry handler is deliberately left out: it repeats a POST that
may already have gone through.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import defaultdict
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
from bot.model import DirectMessage, PostedMessage, Reply, Target
from bot.outbox import Failed, PostResult, RetryLater, Sent

log = logging.getLogger(__name__)
METADATA_EVENT = "collab_bot_delivery"
MAX_INLINE_WAIT = 10.0  # longer Retry-After waits go back to the delivery queue
RETRYABLE_ERRORS = frozenset({"ratelimited", "request_timeout", "service_unavailable"})
HISTORY_LOOKBACK = 50


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
        self._dm_channels: dict[str, str] = {}
        # Slack allows about one message per second per channel: posts to one channel go
        # one at a time, so a burst waits its turn instead of drawing a storm of 429s.
        self._channel_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

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
            if thread:
                response = await self.client.conversations_replies(
                    channel=channel, ts=thread, limit=HISTORY_LOOKBACK, include_all_metadata=True
                )
            else:
                response = await self.client.conversations_history(
                    channel=channel, limit=HISTORY_LOOKBACK, include_all_metadata=True
                )
        except Exception as error:
            return Failed(
                "the connection dropped after sending and the channel history could not be "
                f"checked ({type(error).__name__}); not retried so nobody gets it twice"
            )
        for message in response.get("messages") or []:
            payload = (message.get("metadata") or {}).get("event_payload") or {}
            if payload.get("key") == key:
                return Sent(external_id=str(message.get("ts") or ""))
        return RetryLater("the connection dropped before Slack took the message")


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
