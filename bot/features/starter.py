"""The starter pack: real content from the collaborative, so a newcomer's first look is real.

Each feature loads its own part, and only into an empty table, so a restart or a second
process never loads it twice and an organizer's own content is never touched.
"""

from __future__ import annotations

import logging

from bot.deps import Deps
from bot.features.events import starter as events
from bot.features.journey import starter as journey
from bot.features.resources import starter as resources
from bot.features.topics import starter as topics

log = logging.getLogger(__name__)


async def load_starter_pack(deps: Deps) -> dict[str, int]:
    loaded = {}
    for name, part in (
        ("resources", resources),
        ("events", events),
        ("topics", topics),
        ("journey", journey),
    ):
        loaded[name] = await part.load(deps)
    if any(loaded.values()):
        log.info("starter pack loaded: %s", ", ".join(f"{v} {k}" for k, v in loaded.items()))
    return loaded
