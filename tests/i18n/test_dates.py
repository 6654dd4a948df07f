"""Dates and times as each reader's locale writes them (bot/i18n/dates.py, Babel's CLDR),
which language is spoken, and which languages config may offer."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from bot.config import BotSettings
from bot.i18n import speak
from bot.i18n.choice import choose
from bot.i18n.dates import day, moment, weekday_date

WEBINAR = datetime(2027, 1, 19, 19, 0, tzinfo=UTC)  # 1 PM in Chicago
OFFERED = ("en", "es")


def test_a_moment_in_spain_latin_america_and_english() -> None:
    seen = {}
    for locale in ("es-ES", "es-419", "en-US"):
        with speak(choose(None, locale, "en", OFFERED)):
            seen[locale] = moment(WEBINAR, "America/Chicago")
    assert seen == {
        "es-ES": "mar, 19 ene 2027, 13:00 CST",
        "es-419": "mar, 19 ene 2027, 1:00 p.m. CST",
        "en-US": "Tue, Jan 19, 2027, 1:00 PM CST",
    }


def test_dates_without_a_clock() -> None:
    with speak(choose("es", None, "en", OFFERED)):
        assert (day(date(2027, 1, 19)), weekday_date(date(2027, 1, 19))) == (
            "19 ene 2027",
            "mar, 19 ene",
        )
    with speak(choose("en", "es-ES", "en", OFFERED)):  # the person's choice beats the locale
        assert day(date(2027, 1, 19)) == "Jan 19, 2027"


def test_which_language_is_spoken() -> None:
    assert choose(None, "pt-BR", "es", OFFERED).language == "en"  # no catalog: English
    assert choose(None, "pt-BR", "es", OFFERED).missing == "pt-BR"
    assert choose(None, None, "es", OFFERED).language == "es"  # nothing known: config's
    assert choose("auto", "es_419", "en", OFFERED).locale == "es_419"
    assert choose("fr", None, "en", OFFERED).language == "en"  # a choice no longer offered


def test_config_offers_only_languages_with_a_catalog() -> None:
    with pytest.raises(ValidationError, match="no catalog for fr"):
        BotSettings(languages=("en", "es", "fr"))
    with pytest.raises(ValidationError, match="not in languages"):
        BotSettings(language="es", languages=("en",))
    assert BotSettings(languages=("es",)).languages == ("en", "es")  # English is the source
