"""Queued replies keep their moments (Span.at/until) and their thread name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.console.render import render
from adapters.slack.render import mrkdwn
from bot.model import Field, Reply, Section, Span
from bot.serialize import reply_from_dict, reply_to_dict


def test_moments_and_thread_survive_the_round_trip() -> None:
    start = datetime(2026, 3, 17, 18, 0, tzinfo=UTC)
    when = Span("Tue, Mar 17 2026, 1:00 PM CDT", at=start, until=start + timedelta(hours=1))
    reply = Reply(
        text="Prompt", sections=(Section(fields=(Field("When", (when,)),)),), thread="Q1 prompt"
    )
    assert reply_from_dict(reply_to_dict(reply)) == reply


def test_platforms_without_timestamps_show_the_formatted_text() -> None:
    start = datetime(2026, 3, 17, 18, 0, tzinfo=UTC)
    text = (Span("Tue, Mar 17 2026, 1:00 PM CDT (America/Chicago)", at=start),)
    console = render(Reply(text="x", sections=(Section(text=text),))).text
    slack = mrkdwn(text, 3000)
    for shown in (console, slack):
        assert "1:00 PM CDT (America/Chicago)" in shown and "<t:" not in shown
