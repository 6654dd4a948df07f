"""The outbox port: how the core posts without a command (reminders, prompts, notices).

Each adapter provides one; `Outboxes` sends each post to its platform's. A post says how
it went, so the delivery worker can retry, give up, or record where the message landed.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.model import PostedMessage, Reply, Target

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sent:
    """Delivered; `external_id` is the platform's message id (Slack ts, Discord id)."""

    external_id: str | None = None
    thread_id: str | None = None


@dataclass(frozen=True)
class RetryLater:
    """Not delivered, safe to try again (rate limit, server error, not sent at all).

    `after_seconds` is the least wait the platform asked for. A `rate_limited` answer does
    not count as a failed attempt: the platform is fine, only busy.
    """

    reason: str
    after_seconds: float = 0.0
    rate_limited: bool = False


@dataclass(frozen=True)
class Failed:
    """Not delivered and trying again will not help (no such channel, not allowed)."""

    reason: str


PostResult = Sent | RetryLater | Failed


class CannotTell(Exception):
    """The platform could not be asked whether a post landed (history unreadable, down)."""


class Outbox(Protocol):
    async def post(self, target: Target, reply: Reply, *, key: str) -> PostResult:
        """Post `reply`; `key` is stable per delivery and travels with the message where
        the platform keeps it (Slack metadata, Discord nonce), so `find` can look for it."""
        ...

    async def find(self, target: Target, key: str, *, since: datetime) -> Sent | None:
        """The message posted for `key` at or after `since`, if the platform has it.

        Asked before posting a delivery again whose earlier attempt may have gone out.
        Raises CannotTell when the platform cannot be asked.
        """
        ...

    async def edit(self, message: PostedMessage, reply: Reply, *, key: str) -> PostResult:
        """Replace what an earlier post of ours shows with `reply` (its first page)."""
        ...


class Outboxes:
    """Routes each post to the outbox of its target's platform."""

    def __init__(self, by_platform: Mapping[str, Outbox]) -> None:
        self.by_platform = dict(by_platform)

    @property
    def platforms(self) -> tuple[str, ...]:
        return tuple(self.by_platform)

    def add(self, platform: str, outbox: Outbox) -> None:
        self.by_platform[platform] = outbox

    async def prepare(self, target: Target) -> None:
        """Before a post to `target` is rendered: the platform may refresh what it knows of
        the reader (Slack: their profile's time zone). Optional; never fails the post."""
        prepare = getattr(self.by_platform.get(target.platform), "prepare", None)
        if prepare is None:
            return
        try:
            await prepare(target)
        except Exception as error:
            log.warning("preparing a %s post failed: %s", target.platform, error)

    async def post(self, target: Target, reply: Reply, *, key: str) -> PostResult:
        outbox = self.by_platform.get(target.platform)
        if outbox is None:
            return Failed(f"the {target.platform} adapter is not enabled")
        return await outbox.post(target, reply, key=key)

    async def find(self, target: Target, key: str, *, since: datetime) -> Sent | None:
        outbox = self.by_platform.get(target.platform)
        if outbox is None:
            raise CannotTell(f"the {target.platform} adapter is not enabled")
        return await outbox.find(target, key, since=since)

    async def edit(self, message: PostedMessage, reply: Reply, *, key: str) -> PostResult:
        outbox = self.by_platform.get(message.platform)
        if outbox is None:
            return Failed(f"the {message.platform} adapter is not enabled")
        return await outbox.edit(message, reply, key=key)
