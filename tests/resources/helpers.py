"""Shared by the resource tests: the het library in our import format, loaded through import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.features.resources.files import read_text
from bot.features.resources.importer import ImportReport, import_parsed
from tests.harness import TestBot

DATA = Path(__file__).resolve().parents[1] / "data"


def het_rows() -> list[dict[str, Any]]:
    """het_resources.json as our columns: tags become topics, the type guessed from the link."""
    source = json.loads((DATA / "het_resources.json").read_text())["resources"]
    rows = []
    for item in source:
        url = item["url"]
        kind = "video" if "youtube.com" in url else "organization" if url.count("/") <= 3 else ""
        rows.append(
            {
                "title": item["title"],
                "url": url,
                "description": item["description"] or "",
                "type": kind,
                "topics": item["tags"],
            }
        )
    return rows


async def load_rows(bot: TestBot, rows: list[dict[str, Any]]) -> ImportReport:
    parsed = read_text(json.dumps(rows), "json")
    return await import_parsed(bot.db, parsed, now=bot.clock.now())


async def load_het(bot: TestBot) -> ImportReport:
    return await load_rows(bot, het_rows())
