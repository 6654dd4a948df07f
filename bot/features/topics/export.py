"""Suggestions as CSV for planning meetings (organizers' eyes: names are included)."""

from __future__ import annotations

import csv
import io

from storage.models.topics import Suggestion

COLUMNS = (
    "id",
    "title",
    "details",
    "status",
    "votes",
    "suggested_by",
    "anonymous",
    "platform",
    "created_at",
    "updated_at",
    "link_type",
    "link",
    "reason",
    "merged_into",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """Text a spreadsheet shows as text: a leading = + - @ would start a formula."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(rows: list[tuple[Suggestion, int]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for s, votes in rows:
        writer.writerow(
            cell(v)
            for v in (
                s.id,
                s.title,
                s.details,
                s.status,
                votes,
                s.author_name,
                "yes" if s.anonymous else "no",
                s.author_platform,
                s.created_at.isoformat(),
                s.updated_at.isoformat(),
                s.link_kind,
                s.link_ref,
                s.reason,
                s.merged_into_id or "",
            )
        )
    return out.getvalue()
