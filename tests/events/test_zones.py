"""/timezone reads where people live: a table of what members type, and the buttons it asks with."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.config import ConfigError
from bot.errors import BadInput
from bot.features import parse_settings
from bot.features.events import when, zones
from tests.harness import TestBot, all_buttons, reply_text

# What members type -> the zone it must give.
ONE_ZONE = {
    "Minneapolis": "America/Chicago",
    "Washington DC": "America/New_York",
    "Washington, D.C.": "America/New_York",
    "DC": "America/New_York",
    "NYC": "America/New_York",
    "Philly": "America/New_York",
    "NOLA": "America/Chicago",
    "New York": "America/New_York",
    "Boston": "America/New_York",
    "Houston": "America/Chicago",
    "Dallas": "America/Chicago",
    "Seattle": "America/Los_Angeles",
    "San Francisco": "America/Los_Angeles",
    "Oakland": "America/Los_Angeles",
    "Atlanta": "America/New_York",
    "New Orleans": "America/Chicago",
    "Nashville": "America/Chicago",
    "Albuquerque": "America/Denver",
    "Baltimore": "America/New_York",
    "St. Louis": "America/Chicago",
    "Saint Paul": "America/Chicago",
    "Phoenix": "America/Phoenix",
    "El Paso": "America/Denver",
    "Honolulu": "Pacific/Honolulu",
    "Anchorage": "America/Anchorage",
    "Portland, OR": "America/Los_Angeles",
    "Portland Maine": "America/New_York",
    "Springfield MO": "America/Chicago",
    "San Juan, Puerto Rico": "America/Puerto_Rico",
    "Columbus Ohio": "America/New_York",
    "Texas": "America/Chicago",
    "Arizona": "America/Phoenix",
    "minnesota": "America/Chicago",
    "Eastern": "America/New_York",
    "Central time": "America/Chicago",
    "Mountain Time": "America/Denver",
    "pacific standard time": "America/Los_Angeles",
    "Alaska": "America/Anchorage",
    "Hawaii time": "Pacific/Honolulu",
    "CST": "America/Chicago",
    "cdt": "America/Chicago",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "PT": "America/Los_Angeles",
    "PST": "America/Los_Angeles",
    "MT": "America/Denver",
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "AKST": "America/Anchorage",
    "HST": "Pacific/Honolulu",
    "america/new york": "America/New_York",
    "AMERICA/CHICAGO": "America/Chicago",
    "London": "Europe/London",
    "Paris": "Europe/Paris",
    "Lagos": "Africa/Lagos",
    "Nairobi": "Africa/Nairobi",
    "Kenya": "Africa/Nairobi",
    "Mexico City": "America/Mexico_City",
    "Toronto": "America/Toronto",
    "Sao Paulo": "America/Sao_Paulo",
    "UTC": "UTC",
}
# Names shared by places on different clocks -> the zones offered, in order (US first).
ASKS = {
    "Portland": ["America/Los_Angeles", "America/New_York"],
    "Springfield": ["America/Chicago", "America/New_York", "America/Los_Angeles"],
    "San Juan": ["America/Puerto_Rico", "America/Chicago"],
    "Columbus": ["America/New_York", "America/Chicago"],
    "Washington": ["America/Los_Angeles", "America/New_York", "America/Denver"],
    "Tennessee": ["America/Chicago", "America/New_York"],
    "Aurora": ["America/Denver", "America/Chicago"],
    "Birmingham": ["America/Chicago", "Europe/London"],
}
# Look-alikes that must never turn into another place's zone.
UNKNOWN = ["Minneapols", "Springfeld", "Mars/Olympus", "Nowhereville", "Oakl"]


def test_table_has_enough_rows() -> None:
    assert len(ONE_ZONE) + len(ASKS) >= 40


@pytest.mark.parametrize(("typed", "zone"), sorted(ONE_ZONE.items()))
def test_place_gives_its_zone(typed: str, zone: str) -> None:
    assert zones.find(typed).zone == zone


@pytest.mark.parametrize(("typed", "offered"), sorted(ASKS.items()))
def test_ambiguous_names_ask_us_first(typed: str, offered: list[str]) -> None:
    found = zones.find(typed)
    assert found.zone is None
    assert [p.zone for p in found.choices] == offered
    with pytest.raises(BadInput, match="could be"):
        zones.resolve(typed)


@pytest.mark.parametrize("typed", UNKNOWN)
def test_look_alikes_are_never_suggested(typed: str) -> None:
    with pytest.raises(BadInput) as error:
        zones.find(typed)
    message = error.value.message
    for wrong in ("Indianapolis", "Auckland", "Argentina", "Louisville"):
        assert wrong not in message


def test_a_typo_in_a_tz_name_is_still_offered() -> None:
    with pytest.raises(BadInput, match="America/Chicago"):
        zones.find("Amercia/Chicago")


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("March 19 1pm Central time", "America/Chicago"),
        ("March 19 1pm Pacific", "America/Los_Angeles"),
        ("March 19 1pm AKST", "America/Anchorage"),
        ("March 19 1pm america/new_york", "America/New_York"),
    ],
)
def test_event_times_use_the_same_zone_words(text: str, local: str) -> None:
    start, zone = when.parse_when(text, "UTC", datetime(2026, 1, 5, 15, tzinfo=UTC))
    assert zone == local
    assert start.astimezone(zones.zone(zone)).hour == 13


def test_config_takes_zone_words_and_refuses_ambiguous_places() -> None:
    assert parse_settings({"bot": {"timezone": "Central"}}).bot.timezone == "America/Chicago"
    assert parse_settings({"bot": {"timezone": "Minneapolis"}}).bot.timezone == "America/Chicago"
    with pytest.raises(ConfigError, match=r"bot\.timezone"):
        parse_settings({"bot": {"timezone": "Portland"}})


async def test_timezone_command_asks_with_buttons_and_tells_the_time(bot: TestBot) -> None:
    bot.clock.set(datetime(2026, 1, 5, 21, 12, tzinfo=UTC))
    told = reply_text(await bot.command("/timezone Minneapolis", "ana"))
    assert "America/Chicago" in told and "it is 3:12 PM there now" in told
    asked = await bot.command("/timezone San Juan", "ana")
    labels = [b.label for b in all_buttons(asked)]
    assert labels[0].startswith("San Juan, Puerto Rico"), labels
    chosen = reply_text(await bot.press(asked, labels[0], "ana"))
    assert "America/Puerto_Rico" in chosen and "5:12 PM" in chosen
    assert "America/Puerto_Rico" in reply_text(await bot.command("/timezone", "ana"))


@pytest.mark.parametrize("typed", ['"Portland, OR"', "\u201cPortland, OR\u201d", "Portland, OR"])
async def test_timezone_takes_a_quoted_city_with_its_state(bot: TestBot, typed: str) -> None:
    # README and the bot's own hint suggest the quotes.
    told = reply_text(await bot.command(f"/timezone {typed}", "ana"))
    assert "America/Los_Angeles" in told, told
    by_option = await bot.command("/timezone", "bo", platform="discord", options={"zone": typed})
    assert "America/Los_Angeles" in reply_text(by_option)
