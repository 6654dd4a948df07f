"""Settings of the resource library ([resources] in config)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ResourcesSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    page_size: int = Field(default=5, ge=1, le=5)
    # A word used by more than this share of the library is skipped when the query has
    # other words (it matches nearly everything and costs the most to rank).
    common_word_share: float = Field(default=0.3, gt=0, le=1)
    # How close (0-100, rapidfuzz ratio) a library word must be to correct a typo.
    typo_score: float = Field(default=75.0, ge=50, le=100)
    # A search matching more items than this ranks title/topic matches first, then the rest,
    # each within its newest this-many matches (ranking costs time per matching item).
    rank_window: int = Field(default=3000, ge=5)
    # Items /resources new shows.
    new_count: int = Field(default=5, ge=1, le=5)
