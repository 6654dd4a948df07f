"""Settings of topic suggestions ([topics] in config)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.crontab import trigger

# The longest a decision's notices may wait for Undo; what a merge moved is kept this long.
UNDO_SECONDS_MAX = 3600


class TopicsSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    daily_limit: int = Field(default=5, ge=1)
    post_to_channel: bool = True
    digest_cron: str = "0 9 * * 1"
    digest_size: int = Field(default=5, ge=1, le=9)
    undo_seconds: int = Field(default=120, ge=0, le=UNDO_SECONDS_MAX)

    @field_validator("digest_cron")
    @classmethod
    def _crontab(cls, value: str) -> str:
        if value.strip():
            try:
                trigger(value, ZoneInfo("UTC"))
            except ValueError as error:
                raise ValueError(
                    f"not a crontab expression ({error}); use five fields like '0 9 * * 1', "
                    "or an empty string for no digest"
                ) from error
        return value.strip()
