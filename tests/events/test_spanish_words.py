"""The events' own wording in Spanish: repeats, durations with plurals, all-day dates, the
clock of es-ES and es-419; English stays as it always read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.features.events import recurrence
from bot.features.events.render import days, offsets_phrase, until_words, when
from bot.i18n import Speaking, speak

START = datetime(2026, 3, 18, 18, tzinfo=UTC)  # Wednesday, 1:00 PM Central
RULE = "FREQ=WEEKLY;COUNT=6;BYDAY=WE"
ZONE = "America/Chicago"
ES = Speaking("es", locale="es")
ES_419 = Speaking("es", locale="es_419")


def _repeats() -> str:
    return recurrence.describe(RULE, START.astimezone(ZoneInfo(ZONE)))


def test_spanish_repeats_durations_and_dates() -> None:
    with speak(ES):
        assert _repeats() == "cada miércoles a las 13:00, 6 sesiones, hasta el 22 abr"
        assert offsets_phrase(["1d", "1h"]) == "1 día y 1 hora"
        assert until_words(timedelta(minutes=90)) == "90 minutos"
        assert when(START, START + timedelta(hours=1), ZONE) == (
            "mié, 18 mar 2026, 13:00 – 14:00 CDT (America/Chicago)"
        )
        assert (
            days(START, START + timedelta(days=2), ZONE)
            == "mié, 18 mar – vie, 20 mar (todo el día)"
        )
    with speak(ES_419):
        assert "1:00 p.m. – 2:00 p.m. CDT" in when(START, START + timedelta(hours=1), ZONE)


def test_english_reads_as_before() -> None:
    assert _repeats() == "every Wednesday at 1:00 PM, 6 sessions, until Apr 22"
    assert offsets_phrase(["1d", "1h"]) == "1 day and 1 hour"
    assert when(START, START + timedelta(hours=1), ZONE) == (
        "Wed, Mar 18 2026, 1:00 PM – 2:00 PM CDT (America/Chicago)"
    )
