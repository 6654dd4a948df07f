"""What a queued event reminder or announcement carries, and its one encoding.

Rows already queued keep this JSON (short keys, in this order), so the encoding must not
change: ``{"e": 4, "r": 2, "o": "2026-01-20T19:00:00+00:00", "what": "reminder",
"off": "1h"}``, the optional keys left out when unset.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class EventPayload:
    event_id: int  # "e"
    revision: int  # "r": an older revision renders as nothing (the event changed)
    occurrence: datetime | None = None  # "o": which session of a series
    what: str | None = None  # "what": an announcement's "new", "changed" or "reminder"
    offset: str | None = None  # "off": how long before the session, e.g. "1h"

    def encode(self) -> str:
        data: dict[str, Any] = {"e": self.event_id, "r": self.revision}
        if self.occurrence is not None:
            data["o"] = self.occurrence.isoformat()
        if self.what is not None:
            data["what"] = self.what
        if self.offset is not None:
            data["off"] = self.offset
        return json.dumps(data)

    @classmethod
    def decode(cls, text: str) -> EventPayload:
        """The payload `encode` wrote; ValueError if `text` is not one."""
        try:
            data = json.loads(text)
            occurrence = data.get("o")
            return cls(
                event_id=_int(data["e"]),
                revision=_int(data["r"]),
                occurrence=None if occurrence is None else datetime.fromisoformat(occurrence),
                what=_text(data.get("what")),
                offset=_text(data.get("off")),
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"not an event payload: {text[:100]!r}") from error

    @classmethod
    def read(cls, text: str) -> EventPayload | None:
        """The payload, or None when `text` is some other kind's (or unreadable)."""
        try:
            return cls.decode(text)
        except ValueError:
            return None


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    return value


def _text(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"expected text, got {value!r}")
    return value
