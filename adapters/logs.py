"""Logging for the bot process: text or JSON lines on stderr, with secrets redacted."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from typing import TextIO

REDACTED = "[redacted]"


class RedactSecrets(logging.Filter):
    """Replaces every known secret value in a record's message (and traceback) by [redacted]."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if len(s) >= 6]

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            record.msg = self._clean(record.getMessage())
            record.args = None
            if record.exc_info and not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:
                record.exc_text = self._clean(record.exc_text)
        return True


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info or record.exc_text:
            entry["error"] = record.exc_text or self.formatException(record.exc_info)  # type: ignore[arg-type]
        return json.dumps(entry)


def configure(
    level: int, *, json_lines: bool, secrets: Iterable[str], stream: TextIO | None = None
) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RedactSecrets(secrets))
    handler.setFormatter(
        JsonLines()
        if json_lines
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # Third-party debug logs can echo request headers; keep them at INFO or above.
    for noisy in ("aiosqlite", "asyncio", "discord.http", "slack_sdk", "slack_bolt", "websockets"):
        logging.getLogger(noisy).setLevel(max(level, logging.INFO))
    # APScheduler logs two INFO lines per job run (the delivery poll runs every second):
    # those are DEBUG detail; at INFO the bot logs what happened instead.
    # Alembic says which dialect it assumes on every start.
    for chatty in ("apscheduler", "alembic"):
        logging.getLogger(chatty).setLevel(
            logging.DEBUG if level <= logging.DEBUG else max(level, logging.WARNING)
        )
