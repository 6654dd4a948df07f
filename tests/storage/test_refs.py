"""Delivery keys and refs: each shape built once, and the prefixes match what they should."""

from __future__ import annotations

from storage import refs
from storage.identity import Account


def test_shapes_stay_what_queued_rows_carry() -> None:
    assert refs.topic(12) == "topic:12"
    assert refs.topic_notice(7, "slack:U1") == "topics.notice:7:slack:U1"
    assert refs.topic_post(12, "slack", "C1") == "topics.posted:12:slack:C1"
    assert refs.topic_edit(40, 3) == "topics.edit:40:3"
    assert refs.event_channel(5) == "event:5:channel"
    assert refs.event_member(5, Account("discord", "42")) == "event:5:dm:discord:42"
    assert refs.event_notice(5) == "notice:event:5"
    assert refs.event_mirrored(5) == "event:5"
    assert refs.event_key(5, 2, "s9", 0, "20260120T1900Z", "1h") == "ev5.2.s9.0.20260120T1900Z.1h"
    assert refs.periodic("topics.digest", "2026-01-19", "slack", "C1") == (
        "topics.digest:2026-01-19:slack:C1"
    )
    assert refs.periodic_ref("topics.digest") == "topics:digest"
    assert refs.journey_post("2026-Q1", "kickoff", "slack", "C1") == (
        "journey:2026-Q1:kickoff:slack:C1"
    )
    assert refs.member_digest("slack:U1") == "digest:slack:U1"
    assert refs.member_digest_key("slack:U1", "2026-01-12T15:00:00+00:00") == (
        "digest:slack:U1:2026-01-12T15:00:00+00:00"
    )


def test_prefixes_match_their_own_and_nothing_else() -> None:
    member = refs.event_member(5, Account("slack", "U1"))
    assert member.startswith(refs.event_all(5)) and refs.event_channel(5).startswith(
        refs.event_all(5)
    )
    assert not refs.event_channel(51).startswith(refs.event_all(5))
    assert not refs.event_notice(5).startswith(refs.event_all(5))  # a cancellation is told
    notice = refs.topic_notice(7, "slack:U1")
    assert notice.startswith(refs.topic_notices(7)) and notice.startswith(refs.TOPIC_NOTICES)
    assert not refs.topic_notice(70, "slack:U1").startswith(refs.topic_notices(7))
    assert refs.topic_post(12, "slack", "C1").startswith(refs.topic_posts(12))
    assert not refs.topic_post(120, "slack", "C1").startswith(refs.topic_posts(12))
