"""A sample for tests/i18n/test_catalog.py: what the literal scan must and must not flag."""

import logging

from bot.i18n import N_, _
from bot.model import Button, Reply

log = logging.getLogger(__name__)
MARKED = N_("Marked for later")


def shown(n: int, action: object) -> list[object]:
    log.info("log lines stay English %s", n)
    if n == 0:
        raise ValueError("a programming error stays English")
    return [
        Reply(text="Not marked at all"),
        Reply(text=_("Marked here")),
        Button("Save", action=action),  # type: ignore[arg-type]
        f"Your {n} things",
        _(f"No {n}"),
        "topics.vote",
    ]
