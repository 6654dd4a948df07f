"""Settings of events and reminders ([events] in config)."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict, field_validator

from bot.durations import parse_duration


class EventsSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reminder_offsets: list[str] = ["1d", "1h"]
    channel_offsets: list[str] = ["1d"]
    # After a session: whether members who said Going are asked how it was, and when.
    ask_feedback: bool = True
    feedback_delay: str = "1h"

    @field_validator("reminder_offsets", "channel_offsets")
    @classmethod
    def _durations(cls, value: list[str]) -> list[str]:
        if len(value) > 5:
            raise ValueError("at most 5 reminder times")
        for item in value:
            if not timedelta(minutes=1) <= parse_duration(item) <= timedelta(days=30):
                raise ValueError(f"{item!r}: reminders go between 1m and 30d before")
        return value

    @field_validator("feedback_delay")
    @classmethod
    def _delay(cls, value: str) -> str:
        if not timedelta(0) <= parse_duration(value) <= timedelta(days=7):
            raise ValueError(f"{value!r}: feedback is asked between 0m and 7d after a session")
        return value
