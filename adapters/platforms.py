"""The platform adapters `collab-bot run` can start, chosen by config."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from bot.config import Secrets, Settings
from bot.outbox import Outbox

if TYPE_CHECKING:
    from adapters.runtime import Runtime


class PlatformAdapter(Protocol):
    """Made before the runtime (its outbox is needed there), started after it."""

    name: str
    outbox: Outbox

    async def start(self, runtime: Runtime) -> None: ...

    async def stop(self) -> None: ...


def enabled_adapters(settings: Settings, secrets: Secrets) -> list[PlatformAdapter]:
    """The adapters enabled in config; ValueError names a missing secret."""
    adapters: list[PlatformAdapter] = []
    return adapters
