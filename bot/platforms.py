"""What the core may know of a platform: a small capability record each adapter registers.

The core never names a platform. Where a feature needs a platform fact (how to call it in
a sentence, its colour in a chart, whether its clients show a moment in each viewer's own
time zone) it asks `info(actor.platform)`; the adapters register their records at start
(adapters/capabilities.py).
"""

from __future__ import annotations

from dataclasses import dataclass

UNKNOWN_COLOUR = "#555555"


@dataclass(frozen=True)
class PlatformInfo:
    name: str  # as in Actor.platform and the config section: the adapter's own word
    display_name: str  # as in a sentence: "Link your {display_name} account"
    colour: str  # in charts, from a palette readable with colour-vision deficiencies
    viewer_local_times: bool = False  # clients show `Span.at` in each viewer's zone


_REGISTERED: dict[str, PlatformInfo] = {}


def register(platform: PlatformInfo) -> PlatformInfo:
    """Make a platform known; registering the same record again changes nothing."""
    known = _REGISTERED.setdefault(platform.name, platform)
    if known != platform:
        raise ValueError(f"platform {platform.name!r} is registered twice, differently")
    return platform


def info(name: str) -> PlatformInfo:
    """The record of `name`; a platform no adapter registered reads as its own name."""
    return _REGISTERED.get(name) or PlatformInfo(name, name, UNKNOWN_COLOUR)


def names() -> tuple[str, ...]:
    """Every registered platform, in the order they were registered."""
    return tuple(_REGISTERED)
