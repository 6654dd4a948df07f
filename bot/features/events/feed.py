"""Where the calendar feed lives: a secret in its path keeps join links off the open web.

The HTTP server must be reachable from the internet for Slack's HTTP mode, so anything it
serves at a guessable address is public. With COLLAB_BOT_CALENDAR_SECRET set, the full feed
(join links included) is served only under /calendar/<secret>/; the plain /calendar.ics
and /calendar/<n>.ics leave join links out. The variable may hold several secrets separated
by commas: links use the first, all are accepted, so a secret can be rotated without
breaking subscriptions at once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

ENV = "COLLAB_BOT_CALENDAR_SECRET"
MIN_LENGTH = 16
_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


def secrets(env: Mapping[str, str] | None = None) -> list[str]:
    """The accepted feed secrets, newest first; too short or odd characters: ignored."""
    raw = (os.environ if env is None else env).get(ENV, "")
    return [part.strip() for part in raw.split(",") if _SHAPE.match(part.strip())]


def secret_problems(raw: str) -> list[str]:
    """Why each part of COLLAB_BOT_CALENDAR_SECRET cannot be used ([] when all can)."""
    if not raw.strip():
        return []
    problems = []
    for n, part in enumerate((p.strip() for p in raw.split(",")), start=1):
        which = f"{ENV} (secret {n})" if "," in raw else ENV
        if not _SHAPE.match(part):
            problems.append(
                f"{which} must be 16 to 128 letters, digits, '-' or '_' (it is "
                f"{len(part)} characters, and the feed would ignore it); "
                'make one with: python -c "import secrets; print(secrets.token_urlsafe(24))"'
            )
        elif part.isdigit():
            problems.append(
                f"{which} is all digits, so /calendar/<secret>.ics would be taken for an "
                "event number and answer 404; use letters too"
            )
    return problems


def base_url(public_url: str, env: Mapping[str, str] | None = None) -> str:
    """The prefix of event links members are given ('' when the server has no public address)."""
    if not public_url:
        return ""
    found = secrets(env)
    root = public_url.rstrip("/") + "/calendar"
    return f"{root}/{found[0]}" if found else root


def event_url(base: str, event_id: int) -> str:
    return f"{base}/{event_id}.ics"
