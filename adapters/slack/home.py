"""The App Home tab: the member's next events, this quarter's theme, the top open topics and
their settings (the same choices and buttons as /settings).

Built as a neutral Reply from the features' small APIs, so it renders like any other card;
a feature that fails only loses its own card, never the whole tab.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from adapters.slack.commands import slack_name
from adapters.slack.render import MAX_HOME_BLOCKS, intro_block, reply_blocks
from bot.deps import Deps
from bot.features.events import api as events_api
from bot.features.journey import api as journey_api
from bot.features.settings import api as settings_api
from bot.features.topics import api as topics_api
from bot.i18n import _, ngettext, speak
from bot.i18n.reader import reader_speaking
from bot.model import Actor, Reply, Section, plain

log = logging.getLogger(__name__)
SHOWN = 5
ANSWERABLE = 3  # event cards with buttons: the tab stays within Slack's block limit


def _hint(deps: Deps, root: str, what: str) -> str:
    known = {spec.root for spec in deps.router.specs()}
    return (
        _("Try /{command} to {what}.").format(command=slack_name(root), what=what)
        if root in known
        else ""
    )


async def _events(deps: Deps, actor: Actor) -> tuple[Section, ...]:
    """The next events, each with Going, Maybe and Can't make it and the member's answer."""
    cards = await events_api.answer_cards(deps, actor, ANSWERABLE)
    if cards:
        hint = _hint(deps, "events", _("see them all"))
        return (Section(title=_("Your upcoming events"), text=plain(hint)), *cards)
    text = " ".join([_("Nothing coming up yet."), _hint(deps, "events", _("see the calendar"))])
    return (Section(title=_("Your upcoming events"), text=plain(text.strip())),)


async def _theme(deps: Deps, actor: Actor) -> Section:
    theme = await journey_api.current_theme(deps)
    if theme is None:
        return Section(
            title=_("This quarter"), text=plain(_("The next learning journey is coming."))
        )
    return Section(
        title=_("This quarter ({quarter}): {theme}").format(
            quarter=theme.quarter, theme=theme.theme
        ),
        text=plain(theme.prompt),
    )


async def _topics(deps: Deps, actor: Actor) -> Section:
    hits = await topics_api.top_open(deps, SHOWN)
    lines = []
    for n, hit in enumerate(hits, 1):
        votes = ngettext("{n} vote", "{n} votes", hit.votes).format(n=hit.votes)
        lines.append(f"{n}. {hit.title} ({votes})")
    hint = _hint(deps, "topics", _("suggest one or vote"))
    text = "\n".join(lines) if lines else " ".join([_("No open topics yet."), hint]).strip()
    return Section(title=_("Top open topics"), text=plain(text))


CARDS: tuple[Callable[[Deps, Actor], Awaitable[Section | tuple[Section, ...]]], ...] = (
    _events,
    _theme,
    _topics,
)


async def home_reply(deps: Deps, actor: Actor) -> Reply:
    sections: list[Section] = []
    for card in CARDS:
        try:
            found = await card(deps, actor)
            sections.extend(found if isinstance(found, tuple) else (found,))
        except Exception:
            log.exception("App Home card %s failed for %s", card.__name__, actor.key)
    try:
        sections += await _settings(deps, actor)
    except Exception:
        log.exception("App Home settings failed for %s", actor.key)
    name = deps.settings.bot.name
    welcome = _("Welcome to {bot}, {member}.").format(bot=name, member=actor.display_name)
    return Reply(text=welcome, sections=tuple(sections))


async def _settings(deps: Deps, actor: Actor) -> list[Section]:
    """The person's choices, each with the buttons that change it (as /settings shows)."""
    choices = await settings_api.sections(deps, actor)
    note = _("Change them with these buttons, or with /{command}.").format(
        command=slack_name("settings")
    )
    head = Section(title=_("Your settings"), text=plain(note))
    return [head, *choices] if choices else []


async def home_view(deps: Deps, actor: Actor) -> dict[str, Any]:
    # Not a command, so no call has chosen the language: the member's own, as for a DM.
    with speak(await reader_speaking(deps.db, actor.account, deps.settings.bot)):
        reply = await home_reply(deps, actor)
    blocks = next(iter(reply_blocks(reply, MAX_HOME_BLOCKS)), [intro_block(reply.text)])
    return {"type": "home", "blocks": blocks}
