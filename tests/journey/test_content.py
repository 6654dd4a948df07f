"""Content and settings: the starter set is complete, and every mistake is refused at start
with the key that holds it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError
from bot.features import AppSettings as Settings
from bot.features.journey.content import PLACEHOLDERS, load_content, placeholders_in
from tests.harness import TestBot
from tests.journey.support import journey_settings

GOOD_QUARTER = """
[quarters."2026-Q2"]
theme = "Partnerships"
[quarters."2026-Q2".kickoff]
text = "Welcome to {quarter}"
"""


def test_the_starter_set_has_four_complete_quarters() -> None:
    content = load_content("")
    assert [q.key for q in content.quarters] == ["Q1", "Q2", "Q3", "Q4"]
    themes = {q.theme for q in content.quarters}
    assert {"Political Engagement for Health Equity", "Partnerships and Coalitions"} <= themes
    for quarter in content.quarters:
        assert [p.id for p in quarter.prompts] == ["kickoff", "after-4w", "after-8w"]
        assert quarter.introduction and all(p.questions for p in quarter.prompts)
        texts = [quarter.introduction, *(p.text for p in quarter.prompts)]
        assert all(set(placeholders_in(t)) <= set(PLACEHOLDERS) for t in texts)


def test_a_year_specific_quarter_wins_over_the_yearly_one(tmp_path: Path) -> None:
    path = tmp_path / "content.toml"
    path.write_text(GOOD_QUARTER + '\n[quarters.Q2]\ntheme = "Every year"\nkickoff.text = "Hi"\n')
    content = load_content(str(path))
    assert content.for_quarter(2026, 2).theme == "Partnerships"  # type: ignore[union-attr]
    assert content.for_quarter(2027, 2).theme == "Every year"  # type: ignore[union-attr]
    assert content.for_quarter(2026, 3) is None


BAD = [
    (
        GOOD_QUARTER.replace("Welcome to {quarter}", "Hi {name}"),
        r"journey\.quarters\.2026-Q2\.kickoff\.text: unknown placeholder \{name\}",
    ),
    (
        GOOD_QUARTER.replace('theme = "Partnerships"', ""),
        r"journey\.quarters\.2026-Q2\.theme: is missing",
    ),
    (
        GOOD_QUARTER + '[[quarters."2026-Q2".followups]]\noffset = "soon"\ntext = "Later"\n',
        r"journey\.quarters\.2026-Q2\.followups\[0\]\.offset: 'soon' is not a duration",
    ),
    (
        GOOD_QUARTER + '[[quarters."2026-Q2".followups]]\noffset = "20w"\ntext = "Later"\n',
        r"journey\.quarters\.2026-Q2\.followups\[0\]\.offset: must be .* under 13w",
    ),
    (
        GOOD_QUARTER + '[[quarters."2026-Q2".followups]]\noffset = "4w"\ntext = "Later"\n'
        'time = "25:61"\n',
        r"journey\.quarters\.2026-Q2\.followups\[0\]\.time: '25:61' is not a time",
    ),
    (
        GOOD_QUARTER
        + '[[quarters."2026-Q2".followups]]\noffset = "4w"\ntext = "{theme.__class__}"\n',
        r"followups\[0\]\.text: unknown placeholder",
    ),
    (
        GOOD_QUARTER.replace('"2026-Q2"', '"2026-Q5"'),
        r"journey\.quarters\.2026-Q5: name quarters like Q1",
    ),
    (
        GOOD_QUARTER.replace(
            'theme = "Partnerships"',
            'theme = "Partnerships"\nlinks = [{ title = "Guide", url = "javascript:alert(1)" }]',
        ),
        r"journey\.quarters\.2026-Q2\.links\[0\]\.url: must start with https://",
    ),
    ('[quarters."2026-Q2"]\ntheme = "No kick-off"\n', r"2026-Q2\.kickoff: must be a table"),
    ("quarters = 3", r"journey\.quarters: add at least one quarter"),
    ("not toml [", r"journey\.content_file: .* is not valid TOML"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_content_is_refused_with_its_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "content.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        journey_settings({"journey": {"content_file": str(path)}})


def test_a_missing_content_file_is_named() -> None:
    with pytest.raises(ConfigError, match=r"journey\.content_file: no such file"):
        journey_settings({"journey": {"content_file": "nowhere/journey.toml"}})


def test_a_relative_content_file_is_read_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "journey.toml").write_text(GOOD_QUARTER)
    monkeypatch.chdir(tmp_path)
    settings = journey_settings({"journey": {"content_file": "journey.toml"}})
    assert settings.journey.content().quarters[0].theme == "Partnerships"


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"post_time": "9 o'clock"}, r"journey\.post_time"),
        ({"post_time": "24:00"}, r"journey\.post_time"),
        ({"catch_up": "3 days"}, r"journey\.catch_up"),
        ({"catch_up": "0m"}, r"journey\.catch_up"),
        ({"post_hour": 10}, r"journey\.post_hour: unknown setting"),
    ],
)
def test_bad_settings_are_named(values: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError, match=key):
        journey_settings({"journey": values})


async def test_a_bad_config_is_refused_before_the_bot_starts(
    database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "content.toml"
    path.write_text(GOOD_QUARTER.replace("{quarter}", "{speaker}"))
    with pytest.raises(ConfigError, match=r"journey\.quarters\.2026-Q2\.kickoff\.text"):
        await TestBot.open(
            database_url, settings=journey_settings({"journey": {"content_file": str(path)}})
        )


def test_defaults_use_the_starter_set() -> None:
    journey = Settings().journey
    assert journey.enabled and journey.post_time == "10:00" and journey.catch_up == "3d"
    assert len(journey.content().quarters) == 4
