"""Settings of organizer insights ([insights] in config)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot import crontab


class InsightsSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    # Search words are shown only when at least this many different members searched them.
    min_members: int = Field(default=3, ge=2, le=50)
    digest_cron: str = "0 9 1 * *"
    link_hours: float = Field(default=24.0, gt=0, le=24 * 7)

    @field_validator("digest_cron")
    @classmethod
    def _crontab(cls, value: str) -> str:
        return crontab.checked(value, example="0 9 1 * *", off="no monthly digest")
