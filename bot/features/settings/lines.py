"""The commands /settings buttons run for the person: typed words, the same in every language."""

from __future__ import annotations

TIMEZONE_AUTO = "timezone auto"
EVENTS, REMINDERS = "events", "reminders"
JOURNEY_OPTOUT, JOURNEY_OPTIN = "journey optout", "journey optin"
LANGUAGE_ES, LANGUAGE_EN, LANGUAGE_AUTO = "language es", "language en", "language auto"
