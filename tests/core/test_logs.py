"""Secrets never reach the logs, whatever a message or a traceback holds."""

import io
import json
import logging

from adapters.logs import JsonLines, RedactSecrets

TOKEN = "xoxb-1234-5678-abcdefSECRET"


def capture(formatter: logging.Formatter) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets([TOKEN, "short"]))
    handler.setFormatter(formatter)
    logger = logging.getLogger(f"test.redact.{id(stream)}")
    logger.addHandler(handler)
    logger.propagate = False
    return logger, stream


def test_secrets_are_redacted_from_messages_and_tracebacks() -> None:
    logger, stream = capture(logging.Formatter("%(message)s"))
    logger.warning("calling with token=%s", TOKEN)
    try:
        raise RuntimeError(f"bad auth {TOKEN}")
    except RuntimeError:
        logger.exception("failed")
    out = stream.getvalue()
    assert TOKEN not in out
    assert out.count("[redacted]") == 2 and "RuntimeError" in out


def test_json_lines_are_one_object_each() -> None:
    logger, stream = capture(JsonLines())
    logger.error("delivery %s failed", 7)
    entry = json.loads(stream.getvalue())
    assert entry["message"] == "delivery 7 failed" and entry["level"] == "ERROR"
