"""Settings of the Quarterly Learning Journey ([journey] in config)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class JourneySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    catch_up: str = "3d"
