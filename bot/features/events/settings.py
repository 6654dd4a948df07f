"""Settings of events and reminders ([events] in config)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class EventsSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reminder_offsets: list[str] = ["1d", "1h"]
    channel_offsets: list[str] = ["1d"]
