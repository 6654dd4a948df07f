"""Make mention syntax harmless when member-written text is shown.

Slack pings on `<!channel>`, `<!here>`, `<!everyone>`, `<@U123>`, `<!subteam^S1>`, and
Discord on `@everyone`, `@here`, `<@123>`, `<@!123>`, `<@&123>`; `<#C123>` renders as a
channel link. Replacing the angle brackets (and putting a zero-width space after a bare @)
keeps the text readable while no platform recognises it as a mention any more.
"""

from __future__ import annotations

import re

ZWSP = "\u200b"
_BRACKETED = re.compile(r"<([@#!][^<>]*)>")
_OPENING = re.compile(r"<(?=[@#!])")
_BARE = re.compile(r"@(?=(?:everyone|here|channel|all)\b)", re.IGNORECASE)


def neutralize(text: str) -> str:
    """The same text with every mention defused; applying it twice changes nothing more."""
    text = _BRACKETED.sub(lambda m: f"‹{m.group(1)}›", text)
    text = _OPENING.sub("‹", text)
    return _BARE.sub("@" + ZWSP, text)
