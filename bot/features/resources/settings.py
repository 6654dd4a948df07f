"""Settings of the resource library ([resources] in config)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from bot.features.resources.thesaurus import Thesaurus, ThesaurusError, load


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
    rank_window: int = Field(default=1000, ge=5)
    # Items /resources new shows.
    new_count: int = Field(default=5, ge=1, le=5)
    # A TOML file of more acronym and synonym groups (the shape of the shipped
    # bot/features/resources/thesaurus.toml); "" uses the shipped thesaurus alone.
    thesaurus_file: str = ""
    # Proposals (/resources share) one member may have waiting for organizers at once.
    pending_proposals: int = Field(default=5, ge=1, le=50)
    # Hosts whose links Slack previews with the library's card (the manifest's
    # unfurl_domains; Slack takes at most 5). Empty: no previews.
    unfurl_domains: list[str] = Field(default_factory=list, max_length=5)

    @model_validator(mode="after")
    def _thesaurus_loads(self) -> ResourcesSettings:
        try:
            load(self.thesaurus_file)
        except ThesaurusError as error:
            problem = f"{error} ([resources] thesaurus_file)"
            raise PydanticCustomError("thesaurus", "{problem}", {"problem": problem}) from None
        return self

    def thesaurus(self) -> Thesaurus:
        """The shipped thesaurus joined with the organizer's file (loaded once, cached)."""
        return load(self.thesaurus_file)
