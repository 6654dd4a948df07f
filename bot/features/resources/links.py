"""A link a member shares: found in their text, checked, and looked for in the library.

The library knows a link by its normalized URL (the importer's rule: tracking parameters,
fragment and trailing slash aside) and, like the importer, by its title (case aside).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import BadInput
from bot.features.resources.query import search_clauses
from bot.features.resources.records import clean, normalize_url
from bot.features.resources.thesaurus import Thesaurus
from bot.i18n import N_, _
from bot.limits import cut
from storage import resources as store
from storage.models.resources import Resource

# Discord's link buttons take URLs of at most 512 characters (Slack's take 3000): the
# added item's notice and card carry the link on a button on both platforms.
MAX_LINK = 512
SHARE_HINT = N_("/resources share https://… why it helps")
# Anything that looks like scheme://…, so that a non-web link is named, not ignored.
_ANY_LINK = re.compile(r"\b[a-z][a-z0-9+.\-]{1,15}://[^\s<>|\"']+", re.IGNORECASE)
_BARE_WEB = re.compile(r"(?<![\w/@.])www\.[^\s<>|\"']+", re.IGNORECASE)
_SLACK_LINK = re.compile(r"<([^<>|\s]+)(?:\|[^<>]*)?>")
_TRAILING = ".,;:!?)]}’”'\""


def unwrap(text: str) -> str:
    """Slack's `<https://x|label>` and `<https://x>` as the bare link."""
    return _SLACK_LINK.sub(lambda m: m.group(1), text)


def first_link(text: str) -> str | None:
    """The first link in a message (web or not, so a non-web one can be named)."""
    text = unwrap(text)
    found = [m for m in (_ANY_LINK.search(text), _BARE_WEB.search(text)) if m is not None]
    if not found:
        return None
    match = min(found, key=lambda m: m.start())
    return _trimmed(match.group(0))


def _trimmed(link: str) -> str:
    while link and link[-1] in _TRAILING:
        if link[-1] == ")" and link.count("(") >= link.count(")"):
            break  # a Wikipedia-style link ends in its own parenthesis
        link = link[:-1]
    return link


def checked_link(raw: str) -> str:
    """A web link fit for the library, or BadInput saying what to do instead."""
    link = clean(unwrap(raw)).strip().strip("<>")
    if not link:
        raise BadInput(_("Give the link first: {hint}").format(hint=_(SHARE_HINT)))
    if link.lower().startswith("www."):
        link = "https://" + link
    parts = urlsplit(link)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in link:
        raise BadInput(
            _(
                "Only web links (http:// or https://) can go in the library; “{link}” "
                "is not one. {hint}"
            ).format(link=cut(link, 60), hint=_(SHARE_HINT))
        )
    if len(link) > MAX_LINK:
        raise BadInput(
            _(
                "That link is {length} characters long; the library takes links of up to "
                "{limit} (Discord's limit for a link). Share a shorter link to the same page."
            ).format(length=len(link), limit=MAX_LINK)
        )
    return link


async def in_library(
    session: AsyncSession, link: str, title: str, thesaurus: Thesaurus
) -> Resource | None:
    """The library item with this link (tracking parameters aside) or this title."""
    row = await store.get_by_key(session, normalize_url(link))
    if row is not None or not clean(title):
        return row
    wanted = clean(title).lower()
    terms = search_clauses(wanted, thesaurus)
    if not terms:
        return None
    page = await store.search(session, terms, limit=25)
    for hit in page.hits:
        if clean(hit.title).lower() == wanted:
            return await store.get(session, hit.id)
    return None
