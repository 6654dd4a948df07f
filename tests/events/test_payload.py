"""An event delivery's payload: one encoding, the one rows already queued carry."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.features.events.payload import EventPayload

START = datetime(2026, 1, 20, 19, 0, tzinfo=UTC)


def test_the_encoding_is_the_one_queued_rows_have() -> None:
    reminder = EventPayload(4, 2, START, offset="1h")
    channel = EventPayload(4, 2, START, what="reminder", offset="30m")
    news = EventPayload(4, 3, what="changed")
    assert reminder.encode() == '{"e": 4, "r": 2, "o": "2026-01-20T19:00:00+00:00", "off": "1h"}'
    assert channel.encode() == (
        '{"e": 4, "r": 2, "o": "2026-01-20T19:00:00+00:00", "what": "reminder", "off": "30m"}'
    )
    assert news.encode() == '{"e": 4, "r": 3, "what": "changed"}'
    for payload in (reminder, channel, news):
        assert EventPayload.decode(payload.encode()) == payload


@pytest.mark.parametrize(
    "text", ['{"s": 12}', '{"e": "4", "r": 1}', '{"e": 4, "r": 1, "off": 5}', "[1]", "nope"]
)
def test_anything_else_is_not_an_event_payload(text: str) -> None:
    with pytest.raises(ValueError):
        EventPayload.decode(text)
    assert EventPayload.read(text) is None
