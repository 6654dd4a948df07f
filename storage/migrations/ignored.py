"""Database objects that migrations create by hand and autogenerate must not compare.

Full-text machinery (FTS5 virtual tables and their shadow tables, tsvector columns and
their indexes) has no SQLModel counterpart, so `alembic check` would report it as drift.
"""

from __future__ import annotations

from typing import Any

# resources_fts, resources_fts_data, _idx, _docsize, _config (SQLite, migration 0002).
IGNORED_TABLE_PREFIXES: tuple[str, ...] = ("resources_fts",)
# The generated tsvector columns of resources and their GIN indexes (PostgreSQL, migrations
# 0002, 0014 and 0031).
IGNORED_NAMES: frozenset[str] = frozenset(
    {
        "search_vector",
        "ix_resources_search_vector",
        "strong_vector",
        "ix_resources_strong_vector",
        "spanish_vector",
        "ix_resources_spanish_vector",
        "spanish_strong",
        "ix_resources_spanish_strong",
    }
)


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    if name is None:
        return True
    if type_ == "table" and name.startswith(IGNORED_TABLE_PREFIXES):
        return False
    return name not in IGNORED_NAMES
