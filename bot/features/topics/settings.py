"""Settings of topic suggestions ([topics] in config)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot import crontab

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
        return crontab.checked(value, example="0 9 * * 1", off="no digest")
