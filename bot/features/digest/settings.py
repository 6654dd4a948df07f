"""Settings of the member digest ([digest] in config): the default for members who have not
chosen, and the day and time a digest goes out unless a member picks their own."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

from bot.errors import BadInput
from bot.features.digest.choice import read_day, read_time
from bot.features.digest.schedule import DAYS, FREQUENCIES


class DigestSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # What a member who never used /digest gets: "off" (the default), "weekly" or "monthly".
    default: str = "off"
    # The weekday (a monthly digest goes on the month's first one) and local time, in each
    # member's own zone.
    day: str = "monday"
    time: str = "09:00"
    # How many library items, sessions and decisions one digest lists at most.
    items: int = 6
    sessions: int = 3

    @field_validator("default")
    @classmethod
    def _default(cls, value: str) -> str:
        if value.strip().lower() not in FREQUENCIES:
            raise ValueError(f"default must be one of {', '.join(FREQUENCIES)}")
        return value.strip().lower()

    @field_validator("day")
    @classmethod
    def _day(cls, value: str) -> str:
        try:
            return DAYS[read_day(value)]
        except BadInput as error:
            raise ValueError(error.message) from None

    @field_validator("time")
    @classmethod
    def _time(cls, value: str) -> str:
        try:
            return read_time(value)
        except BadInput as error:
            raise ValueError(error.message) from None

    @field_validator("items", "sessions")
    @classmethod
    def _count(cls, value: int) -> int:
        if not 1 <= value <= 8:
            raise ValueError("must be between 1 and 8 (one message holds that many)")
        return value

    @property
    def weekday(self) -> int:
        return DAYS.index(self.day)
