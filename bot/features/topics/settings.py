"""Settings of topic suggestions ([topics] in config)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class TopicsSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    daily_limit: int = Field(default=5, ge=1)
