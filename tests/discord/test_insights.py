"""/insights through discord.py: the chart is attached to the private answer; members are
refused."""

from __future__ import annotations

import base64

from tests.discord import payloads as p
from tests.discord.conftest import Harness
from tests.insights.support import png_size


async def test_discord_attaches_the_chart(harness: Harness) -> None:
    [body] = await harness.run(p.command("insights", roles=[p.ORGANIZER_ROLE]))
    assert body["type"] == 4
    assert body["data"]["flags"] & 64, "private to the organizer"
    assert body["data"]["content"].startswith("Insights, 2026-01")
    assert body["_files"] == ["files[0]"]
    [attached] = body["data"]["attachments"]
    assert attached["filename"] == "insights-2026-01.png"
    assert attached["description"].startswith("Four charts of insights for 2026-01.")
    assert "topic suggestions by status: open 0" in attached["description"]
    assert png_size(base64.b64decode(body["_file_b64"]["files[0]"])) == (1200, 900)


async def test_discord_refuses_members(harness: Harness) -> None:
    [body] = await harness.run(p.command("insights"))
    assert "organizers" in body["data"]["content"].lower()
    assert "_files" not in body
