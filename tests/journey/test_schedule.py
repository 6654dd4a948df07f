"""Due times: the first weekday of each quarter at the post time, follow-ups after their
offset, in the collaborative's zone whatever daylight saving does."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.features.journey.content import load_content
from bot.features.journey.schedule import (
    QuarterId,
    due_times,
    first_weekday_at,
    horizon,
    slots,
)
from tests.journey.support import CHICAGO, local


@pytest.mark.parametrize(
    ("quarter", "kickoff"),
    [
        ("2026-Q1", "2026-01-01 10:00"),  # Thursday
        ("2026-Q2", "2026-04-01 10:00"),
        ("2026-Q3", "2026-07-01 10:00"),
        ("2026-Q4", "2026-10-01 10:00"),
        ("2028-Q4", "2028-10-02 10:00"),  # October 1 is a Sunday
        ("2027-Q2", "2027-04-01 10:00"),
        ("2025-Q2", "2025-04-01 10:00"),
        ("2022-Q1", "2022-01-03 10:00"),  # January 1 is a Saturday
        ("2000-Q2", "2000-04-03 00:15"),  # a weekend with a daylight-saving change
    ],
)
def test_kickoff_is_the_first_weekday_of_the_quarter(quarter: str, kickoff: str) -> None:
    q = QuarterId.parse(quarter)
    at = local(kickoff)
    assert first_weekday_at(q.first_day, (at.hour, at.minute), CHICAGO) == at


def test_follow_ups_keep_local_time_across_daylight_saving() -> None:
    planned = slots(
        load_content(""),
        [QuarterId(2026, 1), QuarterId(2026, 4)],
        post_time="10:00",
        catch_up=timedelta(days=3),
        zone=CHICAGO,
    )
    refs = [(s.ref, s.due) for s in planned]
    assert refs == [
        ("journey:2026-Q1:kickoff", local("2026-01-01 10:00")),
        ("journey:2026-Q1:after-4w", local("2026-01-29 10:00")),
        ("journey:2026-Q1:after-8w", local("2026-02-26 10:00")),
        ("journey:2026-Q4:kickoff", local("2026-10-01 10:00")),
        ("journey:2026-Q4:after-4w", local("2026-10-29 10:00")),
        ("journey:2026-Q4:after-8w", local("2026-11-26 10:00")),  # after DST ended
    ]
    assert all(s.expires - s.due == timedelta(days=3) for s in planned)


def test_quarter_ids_roll_over_the_year() -> None:
    assert str(QuarterId(2026, 4).next()) == "2027-Q1"
    assert [str(q) for q in horizon(local("2026-01-05 09:00"), CHICAGO)] == [
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
    ]
    with pytest.raises(ValueError):
        QuarterId.parse("2026-Q5")


@given(year=st.integers(2000, 2100), number=st.integers(1, 4), hour=st.integers(0, 23))
@settings(max_examples=150)
def test_every_quarter_kicks_off_on_a_weekday_in_its_first_days(
    year: int, number: int, hour: int
) -> None:
    quarter = QuarterId(year, number)
    content = load_content("").for_quarter(year, number)
    assert content is not None
    planned = due_times(quarter, content, f"{hour}:30", CHICAGO)
    kickoff = planned[0][1]
    assert kickoff.weekday() < 5 and (kickoff.hour, kickoff.minute) == (hour, 30)
    assert 0 <= (kickoff.date() - quarter.first_day).days <= 2
    for prompt, due in planned[1:]:
        delay = due.date() - kickoff.date()
        assert due.weekday() < 5 and (due.hour, due.minute) == (hour, 30)
        assert prompt.offset <= delay <= prompt.offset + timedelta(days=2)


def test_a_kickoff_can_move_past_a_holiday(tmp_path: Path) -> None:
    path = tmp_path / "content.toml"
    path.write_text(
        '[quarters.Q1]\ntheme = "New year"\n'
        '[quarters.Q1.kickoff]\ntext = "Hello"\noffset = "3d"\ntime = "09:30"\n'
        '[[quarters.Q1.followups]]\noffset = "1w"\ntext = "Later"\n'
    )
    planned = slots(
        load_content(str(path)),
        [QuarterId(2027, 1)],
        post_time="10:00",
        catch_up=timedelta(days=3),
        zone=CHICAGO,
    )
    assert [s.due for s in planned] == [local("2027-01-04 09:30"), local("2027-01-11 10:00")]
