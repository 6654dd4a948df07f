"""One resource as storage writes it, and the words it adds to the vocabulary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.models.resources import Resource
from storage.resources.language import ENGLISH
from storage.resources.stems import columns as stem_columns
from storage.resources.text import is_word, tokens


@dataclass(frozen=True)
class ResourceData:
    """One resource as written: multi-valued fields as tuples, `url_key` its identity."""

    url_key: str
    url: str
    title: str
    description: str = ""
    type: str = "other"
    topics: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    organization: str = ""
    published: str = ""
    year: int | None = None
    language: str = ENGLISH

    def columns(self) -> dict[str, Any]:
        topics = "; ".join(self.topics)
        return {
            "url_key": self.url_key,
            "url": self.url,
            "title": self.title,
            "description": self.description,
            "type": self.type,
            "topics": topics,
            "authors": "; ".join(self.authors),
            "audience": "; ".join(self.audience),
            "organization": self.organization,
            "published": self.published,
            "year": self.year,
            "language": self.language,
            **stem_columns(self.language, self.title, topics, self.description),
        }


def split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def as_data(row: Resource) -> ResourceData:
    return ResourceData(
        url_key=row.url_key,
        url=row.url,
        title=row.title,
        description=row.description,
        type=row.type,
        topics=split_list(row.topics),
        authors=split_list(row.authors),
        audience=split_list(row.audience),
        organization=row.organization,
        published=row.published,
        year=row.year,
        language=row.language,
    )


def searchable_words(columns: dict[str, Any]) -> set[str]:
    searchable = " ".join(
        str(columns[name]) for name in ("title", "topics", "description", "organization", "authors")
    )
    return {t for t in tokens(searchable) if is_word(t)}


def row_words(row: Resource) -> set[str]:
    return searchable_words(row.model_dump())
