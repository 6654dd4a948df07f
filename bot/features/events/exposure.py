"""What the public calendar feed shows of an event, said to the organizer before and after
Confirm: the feed leaves out only the structured join link (join:), so a link or passcode
typed into the description is public to anyone who finds /calendar.ics."""

from __future__ import annotations

import re

from bot.config import Settings
from storage.models.events import Event

_LINK = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b[\w.-]+\.(?:zoom|webex|teams)\.\w+/\S*")
_PASSCODE = re.compile(
    r"(?i)\b(?:pass\s?code|password|passwd|pwd|pin|meeting\s+id|access\s+code)\b\s*[:=#]?\s*\S+"
    r"|[?&](?:pwd|passcode|p)=\S+"
)


def public_feed(settings: Settings) -> bool:
    """Whether this deployment serves the public feed (every published event, no join links)."""
    return settings.http.enabled


def warning(event: Event, settings: Settings) -> str | None:
    """The sentence to show the organizer, or None when the description gives nothing away."""
    if not public_feed(settings):
        return None
    text = event.description or ""
    found = [
        what
        for what, pattern in (
            ("a link", _LINK),
            ("something that looks like a passcode", _PASSCODE),
        )
        if pattern.search(text)
    ]
    if not found:
        return None
    return (
        f"The description holds {' and '.join(found)}, and descriptions are public in the "
        "calendar feed (/calendar.ics) that anyone can open. Put the meeting link in join: "
        "(the public feed leaves it out) and keep passcodes out of the description."
    )
