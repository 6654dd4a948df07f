"""What a decision points at, named for the person reading it: a planned suggestion's event
by its title and next session in the reader's zone (with **Going**), a covered one's
resource by its title and link, instead of "event #15 (see /events)"."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.deps import Deps
from bot.features.events import api as events
from bot.features.resources.api import RECORDING
from bot.features.topics.text import is_url
from bot.i18n import _
from bot.model import Button, Span, Text, link
from storage import resources as resource_store
from storage.models.topics import MERGED, Suggestion


@dataclass(frozen=True)
class Pointed:
    text: Text
    words: str  # the same without links, for a message's one-line text
    buttons: tuple[Button, ...] = ()


async def pointed(
    session: AsyncSession, deps: Deps, s: Suggestion, platform: str, user_id: str
) -> Pointed | None:
    """The event or resource the suggestion's decision names, for member (platform, user_id);
    None for a link given as a URL (shown as it is), a merge, or a number no longer there."""
    ref = s.link_ref
    if not ref or s.link_kind == MERGED or is_url(ref) or not ref.isdigit():
        return None
    if s.link_kind == "event":
        brief = await events.brief(session, deps, int(ref), platform, user_id)
        if brief is None:
            return None
        title = brief.title
        words = f"{title}, {brief.when}"
        named = link(title, brief.url) if brief.url else Span(title, strong=True)
        remind = events.going_button(brief.id)
        return Pointed((named, Span(f", {brief.when}")), words, (remind,) if brief.upcoming else ())
    resource = await resource_store.get(session, int(ref))
    if resource is None:
        return None
    title = resource.title
    if not resource.url:
        return Pointed((Span(title, strong=True),), title)
    # An event's recording (events' /events recording) is named as one: the reader came for it.
    label = _("Watch the recording") if resource.type == RECORDING else _("See the resource")
    see = Button(label, url=resource.url)
    return Pointed((link(title, resource.url),), f"{title} ({resource.url})", (see,))
