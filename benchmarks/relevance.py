"""Search quality on hand-labelled sets: success@5 of the Spanish search set.

A search succeeds when one of the items labelled relevant is among its first five results.
The set (benchmarks/data/spanish_searches.toml) runs over the starter library and the
shared real library, loaded as a first start loads them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime
from importlib import resources as package_files
from pathlib import Path

from bot.features.resources import starter
from bot.features.resources.files import read_text
from bot.features.resources.importer import import_parsed
from bot.features.resources.query import find
from bot.features.resources.settings import ResourcesSettings
from storage.engine import Database
from storage.resources import Filters

SPANISH_SET = Path(__file__).parent / "data" / "spanish_searches.toml"
TOP = 5


@dataclass(frozen=True)
class Labelled:
    query: str
    relevant: frozenset[str]  # titles


@dataclass(frozen=True)
class Score:
    searches: int
    found: int
    misses: tuple[tuple[str, tuple[str, ...]], ...]  # query, the titles it showed instead

    @property
    def success(self) -> float:
        return self.found / self.searches if self.searches else 0.0


def load_set(path: Path = SPANISH_SET) -> list[Labelled]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [Labelled(item["query"], frozenset(item["relevant"])) for item in data["search"]]


async def load_library(db: Database, now: datetime) -> int:
    """The starter files, through the import a first start uses; returns how many items."""
    added = 0
    for name in starter.FILES:
        content = package_files.files(starter.__package__).joinpath(name).read_text("utf-8")
        report = await import_parsed(db, read_text(content, "json"), now=now, added_by="starter")
        added += report.added
    return added


async def success_at_top(
    db: Database,
    searches: list[Labelled],
    *,
    language: str = "es",
    settings: ResourcesSettings | None = None,
) -> Score:
    """Run each search as a member whose language is `language` would; count successes."""
    settings = settings or ResourcesSettings()
    found, misses = 0, []
    for labelled in searches:
        outcome = await find(db, labelled.query, Filters(), settings, limit=TOP, language=language)
        titles = tuple(hit.title for hit in outcome.page.hits)
        if labelled.relevant & set(titles):
            found += 1
        else:
            misses.append((labelled.query, titles))
    return Score(len(searches), found, tuple(misses))
