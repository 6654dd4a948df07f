"""Link previews: a library item's card for each posted link that is in the library.

A link outside the library gets no card (the platform shows its own preview).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.actions import Action
from bot.deps import Deps
from bot.features.resources.names import OPEN, SAVE
from bot.features.resources.records import normalize_url
from bot.i18n import _, speak
from bot.i18n.reader import default_speaking
from bot.limits import cut
from bot.model import Button, Field, Reply, Section
from storage import resources as library
from storage.models.resources import Resource

MAX_LINKS = 10  # a message's links looked up at most


def card(row: Resource) -> Reply:
    assert row.id is not None
    ident = (str(row.id),)
    fields = [Field.of(_("Type"), row.type.capitalize())]
    if row.topics:
        fields.append(Field.of(_("Topics"), cut(row.topics, 300)))
    section = Section(
        title=cut(row.title, 150),
        title_url=row.url,
        fields=tuple(fields),
        buttons=(
            Button(_("Open in the library"), Action(OPEN, ident), style="primary"),
            Button(_("Save"), Action(SAVE, ident)),
        ),
        footer=_("#{id} in the library · /resources {id}").format(id=row.id),
    )
    return Reply(text=cut(f"#{row.id} {row.title}", 300), sections=(section,), private=False)


async def previews(deps: Deps, urls: list[str]) -> dict[str, Reply]:
    """The card of each of `urls` that is a library item (tracking parameters aside)."""
    wanted = [u for u in dict.fromkeys(urls) if u.lower().startswith(("http://", "https://"))]
    out: dict[str, Reply] = {}
    # A preview shows in the channel, to everyone: in `[bot] language`.
    async with deps.db.read() as session, _channel_language(deps):
        for url in wanted[:MAX_LINKS]:
            row = await library.get_by_key(session, normalize_url(url))
            if row is not None:
                out[url] = card(row)
    return out


@asynccontextmanager
async def _channel_language(deps: Deps) -> AsyncIterator[None]:
    with speak(default_speaking(deps.settings.bot)):
        yield
