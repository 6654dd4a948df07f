"""Change notices inside one process: "the calendar changed", for whoever wants to react at once.

The core says what changed by topic; adapters subscribe (the Discord scheduled-event mirror
syncs right away instead of at its next periodic run). Listeners must be quick and must not
fail: they only wake their own work up. Other processes learn of a change from the data
itself (the Discord mirror watches the calendar's version).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)
EVENTS = "events"  # an event was published, edited or cancelled


@dataclass
class Changes:
    listeners: dict[str, list[Callable[[], None]]] = field(default_factory=dict)

    def subscribe(self, topic: str, listener: Callable[[], None]) -> None:
        self.listeners.setdefault(topic, []).append(listener)

    def unsubscribe(self, topic: str, listener: Callable[[], None]) -> None:
        if listener in self.listeners.get(topic, []):
            self.listeners[topic].remove(listener)

    def notify(self, topic: str) -> None:
        for listener in list(self.listeners.get(topic, [])):
            try:
                listener()
            except Exception:  # a listener's bug must not undo the change that was made
                log.exception("a listener for %r changes failed", topic)
