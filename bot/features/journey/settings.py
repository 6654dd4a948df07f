"""Settings of the Quarterly Learning Journey ([journey] in config).

The content file is read and checked when the settings load, so a bad theme, placeholder,
time or offset stops the bot at start with the key named, never at post time.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict, PrivateAttr, field_validator, model_validator
from pydantic_core import PydanticCustomError

from bot.durations import parse_duration
from bot.features.journey.content import Content, ContentError, load_content, parse_time

MIN_CATCH_UP = timedelta(minutes=1)


class JourneySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    content_file: str = ""
    post_time: str = "10:00"
    catch_up: str = "3d"
    # The personal journey: a DM at each kick-off asking each member's goal, and one near
    # the quarter's end asking whether they got there (`check_in` before the quarter ends).
    kickoff_dm: bool = True
    check_in: str = "1w"
    _content: Content | None = PrivateAttr(default=None)

    @field_validator("post_time")
    @classmethod
    def _time(cls, value: str) -> str:
        parse_time(value)
        return value.strip()

    @field_validator("catch_up")
    @classmethod
    def _window(cls, value: str) -> str:
        if parse_duration(value) < MIN_CATCH_UP:
            raise ValueError("the catch-up window must be at least 1m")
        return value

    @field_validator("check_in")
    @classmethod
    def _check_in(cls, value: str) -> str:
        if not timedelta(days=1) <= parse_duration(value) <= timedelta(weeks=6):
            raise ValueError("check_in is how long before the quarter ends, from 1d to 6w")
        return value

    @model_validator(mode="after")
    def _load(self) -> JourneySettings:
        try:
            self._content = load_content(self.content_file)
        except ContentError as error:
            # A custom error keeps pydantic's "Value error," prefix out of the message.
            where = self.content_file or "the shipped starter set"
            problem = f"{error} (content file: {where})"
            raise PydanticCustomError(
                "journey_content", "{problem}", {"problem": problem}
            ) from None
        return self

    @property
    def catch_up_window(self) -> timedelta:
        return parse_duration(self.catch_up)

    @property
    def check_in_before_end(self) -> timedelta:
        return parse_duration(self.check_in)

    @property
    def post_hour_minute(self) -> tuple[int, int]:
        return parse_time(self.post_time)

    def content(self) -> Content:
        """The checked content; loaded once, when these settings were validated."""
        if self._content is None:
            self._content = load_content(self.content_file)
        return self._content
