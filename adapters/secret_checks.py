"""Secrets that are set but unusable: refused when the bot starts, and failed by doctor.

A calendar secret the feed would ignore, or take for an event number, and an insights key
short enough to guess, are mistakes an operator should hear about before members do.
"""

from __future__ import annotations

from bot.config import Secrets
from bot.features.events.feed import secret_problems
from bot.features.insights.links import key_problem


def problems(secrets: Secrets) -> list[str]:
    found = secret_problems(secrets.calendar_secret)
    key = key_problem(secrets.insights_key)
    return found + ([key] if key else [])
