"""What a process holds in memory between interactions, typed.

The kernel's own facts (`Status`: the scheduler's heartbeat, the HTTP port) and each
feature's state, kept in a registry keyed by the feature's own state class: a feature asks
for ``deps.state.get(SearchTally)`` and gets the one instance of this process, made on
first use. The kernel never knows what the classes are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

T = TypeVar("T")


@dataclass
class Status:
    """The kernel's own facts, read by /healthz and the CLI."""

    scheduler_heartbeat: datetime | None = None
    http_port: int | None = None


@dataclass
class FeatureState:
    """One instance per state class, made by calling the class with no arguments."""

    held: dict[type, object] = field(default_factory=dict)

    def get(self, kind: type[T]) -> T:
        found = self.held.get(kind)
        if found is None:
            found = self.held[kind] = kind()
        assert isinstance(found, kind)
        return found
