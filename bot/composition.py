"""What the kernel is handed at start: the features, each with its router and settings model.

The list itself lives in `bot/features/__init__.py`; the kernel only knows this shape, so
`bot/` outside `bot/features/` never names a feature. `adapters/runtime.py` hands the
composition to the config (its sections), the app (its router and middleware) and the
runtime (the starter pack).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from pydantic import BaseModel

from bot.config import Schema, Settings, ZoneResolver, compose_settings
from bot.router import Router

if TYPE_CHECKING:
    from bot.deps import Deps

log = logging.getLogger(__name__)
StarterPart = Callable[["Deps"], Awaitable[int]]


@dataclass(frozen=True)
class Feature:
    """One feature: its router, its config section (``[name]`` in config.toml), its part
    of the starter pack."""

    name: str
    router: Router
    settings: type[BaseModel] | None = None
    starter: StarterPart | None = None


@dataclass(frozen=True)
class Composition:
    """Every feature in order: routers are merged and middleware runs in this order."""

    features: tuple[Feature, ...]
    # How a time zone people type in config (``bot.timezone = "Central"``) is read.
    resolve_zone: ZoneResolver | None = None

    @cached_property
    def schema(self) -> Schema:
        sections = {f.name: f.settings for f in self.features if f.settings is not None}
        return Schema(compose_settings(sections), self.resolve_zone)

    @property
    def settings_model(self) -> type[Settings]:
        return self.schema.model

    def settings(self, given: Settings) -> Settings:
        """`given` as the composed model (every feature's section present)."""
        if isinstance(given, self.settings_model):
            return given
        return self.schema.parse(given.model_dump(), "<settings>")

    def router(self, extra: Sequence[Router] = ()) -> Router:
        """Every feature's tables in one router; a duplicate name fails here, at start."""
        router = Router("app")
        for feature in self.features:
            router.include(feature.router)
        for other in extra:
            router.include(other)
        return router

    async def load_starter_pack(self, deps: Deps) -> dict[str, int]:
        """Each feature's part of the starter pack, each only into its own empty tables."""
        loaded = {}
        for feature in self.features:
            if feature.starter is not None:
                loaded[feature.name] = await feature.starter(deps)
        if any(loaded.values()):
            log.info("starter pack loaded: %s", ", ".join(f"{v} {k}" for k, v in loaded.items()))
        return loaded
