"""The composition: feature sections in the config, typed feature state, platform records."""

from __future__ import annotations

import pytest

from bot import platforms
from bot.config import ConfigError, Schema, Settings
from bot.features import COMPOSITION, AppSettings, parse_settings
from bot.features.events.settings import EventsSettings
from bot.features.insights.tally import SearchTally
from bot.state import FeatureState


def test_every_feature_section_is_read_and_reached_by_its_type() -> None:
    settings = parse_settings({"events": {"reminder_offsets": ["1h"]}}, "config.toml")
    assert settings.section(EventsSettings).reminder_offsets == ["1h"]
    with pytest.raises(ConfigError, match=r"config\.toml: events\.nonsense: unknown setting"):
        parse_settings({"events": {"nonsense": 1}}, "config.toml")


def test_the_kernel_alone_knows_no_feature_section() -> None:
    with pytest.raises(ConfigError, match=r"events: unknown setting"):
        Schema().parse({"events": {}})
    with pytest.raises(LookupError, match="EventsSettings"):
        Settings().section(EventsSettings)


def test_the_time_zone_is_read_the_way_the_composition_says() -> None:
    assert parse_settings({"bot": {"timezone": "Central"}}).bot.timezone == "America/Chicago"
    with pytest.raises(ConfigError, match=r"bot\.timezone"):
        Schema().parse({"bot": {"timezone": "Central"}})  # the kernel knows tz names only
    assert Schema().parse({"bot": {"timezone": "Europe/Paris"}}).bot.timezone == "Europe/Paris"


def test_kernel_settings_are_composed_on_the_way_in() -> None:
    given = Settings.model_validate({"bot": {"name": "ours"}})
    composed = COMPOSITION.settings(given)
    assert isinstance(composed, AppSettings) and composed.bot.name == "ours"
    assert composed.section(EventsSettings) == EventsSettings()
    assert COMPOSITION.settings(composed) is composed


def test_feature_state_is_one_instance_per_class() -> None:
    state = FeatureState()
    tally = state.get(SearchTally)
    assert state.get(SearchTally) is tally and len(tally) == 0  # empty, still the same one
    assert FeatureState().get(SearchTally) is not tally


def test_a_platform_record_is_registered_once() -> None:
    record = platforms.PlatformInfo("probe-chat", "Probe Chat", "#123456")
    assert platforms.register(record) is record and platforms.register(record) is record
    assert platforms.info("probe-chat").display_name == "Probe Chat"
    with pytest.raises(ValueError, match="registered twice"):
        platforms.register(platforms.PlatformInfo("probe-chat", "Other", "#000000"))
    unknown = platforms.info("nowhere")
    assert (unknown.display_name, unknown.viewer_local_times) == ("nowhere", False)
