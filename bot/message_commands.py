"""Commands run on a chat message (Slack message shortcuts, Discord message context menus).

A message command is a form handler whose values are the message: `TEXT` (its text, links
as bare URLs) and `PREVIEWS` (one ``url<TAB>title`` line per link preview the platform
showed). The adapters build that `FormSubmit`, so the core's checks (organizer-only,
errors made human) apply as to any form, and nothing platform-shaped reaches a feature.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.actions import Action
from bot.model import Actor, FormSubmit, Place

TEXT = "text"
PREVIEWS = "previews"
MESSAGE_ID = "message_id"
MAX_NAME = 24  # Slack's shortcut name limit (Discord's command names take 32)
MAX_DESCRIPTION = 100


@dataclass(frozen=True)
class MessageCommandSpec:
    """`name` shows in the message's menu; `form` names the handler; `description` is
    Slack's (Discord's message commands have none)."""

    name: str
    form: str
    description: str

    def __post_init__(self) -> None:
        if not 1 <= len(self.name) <= MAX_NAME:
            raise ValueError(f"message command {self.name!r}: name of 1-{MAX_NAME} characters")
        if not 1 <= len(self.description) <= MAX_DESCRIPTION:
            raise ValueError(f"message command {self.name!r}: description too long")


def message_submit(
    spec: MessageCommandSpec,
    actor: Actor,
    place: Place,
    text: str,
    previews: Iterable[tuple[str, str]] = (),
    message_id: str = "",
) -> FormSubmit:
    """The neutral interaction for a message command run on one message."""
    lines = "\n".join(
        f"{' '.join(url.split())}\t{' '.join(title.split())}" for url, title in previews if url
    )
    values = {TEXT: text, PREVIEWS: lines, MESSAGE_ID: message_id}
    return FormSubmit(Action(spec.form), values, actor, place)


def previews_of(values: Mapping[str, str]) -> list[tuple[str, str]]:
    """(url, title) of each preview a message command's values carry."""
    raw = values.get(PREVIEWS, "")
    out = []
    for line in str(raw).splitlines():
        url, _, title = line.partition("\t")
        if url.strip():
            out.append((url.strip(), title.strip()))
    return out
