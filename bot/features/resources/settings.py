"""Settings of the resource library ([resources] in config)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ResourcesSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    page_size: int = Field(default=5, ge=1, le=10)
