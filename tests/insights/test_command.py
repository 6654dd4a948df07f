"""/insights for organizers: a summary, a PNG chart, a signed dashboard link; members refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from adapters.console.render import render
from bot.config import Secrets
from bot.errors import ORGANIZERS_ONLY
from bot.features.insights import links
from bot.model import Place
from tests.harness import TestBot, all_buttons, reply_text, settings_for_tests
from tests.insights.support import WEBINAR, local, png_size, seed

KEY = "a-long-random-insights-key-for-tests"


@pytest.fixture
async def insights_bot(database_url: str) -> AsyncIterator[TestBot]:
    settings = settings_for_tests(
        {
            "http": {"public_url": "https://bot.example.org/"},
            "insights": {"digest_cron": "0 9 1 * *"},
        }
    )
    bot = await TestBot.open(database_url, settings=settings)
    bot.deps.secrets = Secrets(insights_key=KEY)
    yield bot
    await bot.close()


async def test_members_are_refused(insights_bot: TestBot) -> None:
    reply = await insights_bot.command("/insights", "ana", platform="slack")
    assert reply.text == ORGANIZERS_ONLY
    assert reply.attachments == ()


async def test_organizers_get_a_summary_a_chart_and_their_own_link(insights_bot: TestBot) -> None:
    bot = insights_bot
    await seed(bot)
    reply = await bot.command("/insights", "org", platform="slack", organizer=True)
    text = reply_text(reply)
    assert "Library: 9 searches in the last 4 full weeks, 5 found nothing" in text
    assert "most searched: maternal health, transit deserts" in text
    assert "close the loop: 100% of notices delivered" in text
    assert "Members: 4 met, 4 used the bot this month" in text
    assert reply.private

    [chart] = reply.attachments
    assert chart.mime_type == "image/png" and chart.filename == "insights-2026-01.png"
    assert png_size(chart.content) == (1200, 900)
    assert 20_000 < len(chart.content) < 1_000_000

    [dashboard] = [b for b in all_buttons(reply) if b.url]
    url = urlparse(dashboard.url or "")
    assert (url.scheme, url.netloc, url.path) == ("https", "bot.example.org", "/insights")
    grant = links.verify(KEY, parse_qs(url.query)["token"][0], bot.clock.now())
    assert grant.organizer == "slack:org"
    assert grant.expires_at == bot.clock.now() + timedelta(hours=24)

    missing = [s for s in reply.sections if (s.title or "").startswith("Found nothing")]
    assert [s.title for s in missing] == ["Found nothing: transit deserts"]
    form = await bot.press(reply, "Add a resource", "org", platform="slack", organizer=True)
    assert form.form is not None
    assert {i.name: i.initial for i in form.form.inputs}["title"] == "transit deserts"
    refused = await bot.press(reply, "Add a resource", "ana", platform="slack")
    assert refused.text == ORGANIZERS_ONLY
    suggested = await bot.press(reply, "Suggest as a topic", "ana", platform="slack")
    assert suggested.form is not None
    assert {i.name: i.initial for i in suggested.form.inputs}["title"] == "transit deserts"


async def test_without_a_key_the_reply_says_how_to_get_the_dashboard(database_url: str) -> None:
    bot = await TestBot.open(database_url)
    try:
        reply = await bot.command("/insights", "org", organizer=True)
        assert "COLLAB_BOT_INSIGHTS_KEY" in reply_text(reply)
        assert not [b for b in all_buttons(reply) if b.url]
        assert len(reply.attachments) == 1
    finally:
        await bot.close()


async def test_the_monthly_digest_goes_to_each_organizers_channel_once(
    insights_bot: TestBot,
) -> None:
    bot = insights_bot
    await seed(bot)
    bot.clear_posts()
    await bot.runtime.advance_to(local("2026-02-01T09:05:00-06:00"))  # the default digest time
    digests = [
        (target, reply) for target, reply, key in bot.posts() if key.startswith("insights.digest:")
    ]
    assert sorted((t.platform, t.channel_id) for t, _ in digests if isinstance(t, Place)) == [
        ("console", "organizers"),
        ("discord", "444"),
        ("slack", "C-ORG"),
    ]
    for _, reply in digests:
        assert not reply.private
        assert "Monthly insights" in reply.text
        [chart] = reply.attachments
        assert png_size(chart.content) == (1200, 900)
    await bot.advance("1d")
    again = [key for _, _, key in bot.posts() if key.startswith("insights.digest:")]
    assert len(again) == 3


def test_links_expire_and_refuse_forgeries() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 1, 5, 15, tzinfo=UTC)
    token = links.issue(KEY, "discord:42", now, timedelta(hours=24))
    assert links.verify(KEY, token, now + timedelta(hours=23)).organizer == "discord:42"
    with pytest.raises(links.BadLink, match="expired"):
        links.verify(KEY, token, now + timedelta(hours=24))
    with pytest.raises(links.BadLink, match="not valid"):
        links.verify("another-key", token, now)
    _, _, signature = token.partition(".")
    forged = links.issue("guess", "discord:42", now, timedelta(days=365)).split(".")[0]
    with pytest.raises(links.BadLink, match="not valid"):
        links.verify(KEY, f"{forged}.{signature}", now)
    for junk in ("", ".", "abc", "a.b.c", "%%%.%%%", token + "x", "x" * 5000):
        with pytest.raises(links.BadLink):
            links.verify(KEY, junk, now)
    with pytest.raises(links.BadLink, match="not set up"):
        links.verify("", token, now)


async def test_the_chart_is_readable(insights_bot: TestBot, tmp_path: object) -> None:
    """The chart a platform receives, written where a person can look at it."""
    from pathlib import Path

    await seed(insights_bot)
    reply = await insights_bot.command("/insights", "org", organizer=True)
    out = Path(str(tmp_path)) / reply.attachments[0].filename
    out.write_bytes(reply.attachments[0].content)
    assert png_size(out.read_bytes()) == (1200, 900)


async def test_an_empty_most_searched_says_why(insights_bot: TestBot) -> None:
    reply = await insights_bot.command("/insights", "org", platform="slack", organizer=True)
    text = reply_text(reply)
    assert "none shown yet" not in text
    assert "none yet; words are shown once 3 different members searched them (setting " in text
    assert "))" not in text, "no parentheses inside parentheses"


async def test_upcoming_events_count_even_before_anyone_asks_for_a_reminder(
    insights_bot: TestBot,
) -> None:
    bot = insights_bot
    preview = await bot.command(WEBINAR, "org", platform="slack", organizer=True)
    await bot.press(preview, "Confirm", "org", platform="slack", organizer=True)
    reply = await bot.command("/insights", "org", platform="slack", organizer=True)
    assert "Events: 0 reminders asked for 1 upcoming event;" in reply_text(reply)


async def test_the_console_shows_the_summary_once(insights_bot: TestBot) -> None:
    reply = await insights_bot.command("/insights", "org", platform="slack", organizer=True)
    assert render(reply).text.count("Library:") == 1
