"""The reasons the bot itself gives a decision: stored in English, like every reason, and
shown to each reader in their own language (an organizer's typed reason stays as typed)."""

from __future__ import annotations

import re

from bot.i18n import N_, _

BACK_TO_REVIEW = N_("Its event, {title}, was cancelled; organizers will look at it again.")
STAYS_PLANNED = N_("Its event, {title}, was cancelled; it stays planned for a later event.")
_OWN = tuple(
    (template, re.compile(re.escape(template).replace(re.escape("{title}"), "(?P<title>.+)")))
    for template in (BACK_TO_REVIEW, STAYS_PLANNED)
)


def written(template: str, title: str) -> str:
    """The reason as stored: the English template with the event's title."""
    return template.format(title=title)


def shown(reason: str) -> str:
    """A reason in the reader's language when the bot wrote it; anyone else's as written."""
    for template, pattern in _OWN:
        found = pattern.fullmatch(reason)
        if found:
            return _(template).format(title=found["title"])
    return reason
