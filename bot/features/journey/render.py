"""A prompt as people read it: placeholders filled at post time, one neutral Reply."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.deps import Deps
from bot.features.events import api as events
from bot.features.journey.content import Prompt, Quarter, fill
from bot.features.journey.schedule import QuarterId
from bot.features.topics import api as topics
from bot.i18n import N_, Speaking, _, language, ngettext, speak
from bot.limits import cut, fit
from bot.model import Reply, Section, Span, Text, link, plain

log = logging.getLogger(__name__)
NO_SUGGESTIONS = N_("no open suggestions yet")
HOW_TO_TAKE_PART = N_(
    "Reply in this thread to take part. Replies are kept for the organizers' quarterly "
    "summary; type /journey optout if you would rather yours were not."
)


def _spanish() -> Speaking:
    """A fresh box for Spanish (boxes are changed in place, so never shared)."""
    return Speaking(language="es", locale="es")


def quarter_label(quarter: QuarterId) -> str:
    return _("Q{number} {year}").format(number=quarter.number, year=quarter.year)


async def placeholder_values(deps: Deps, quarter: QuarterId, content: Quarter) -> dict[str, str]:
    """Values for every placeholder; a feature that fails or has nothing gives a kind phrase."""
    return {
        "quarter": quarter_label(quarter),
        "theme": content.theme_in(language()),
        "upcoming_events": await _upcoming_events(deps),
        "top_suggestion": await _top_suggestion(deps),
    }


async def _upcoming_events(deps: Deps) -> str:
    try:
        count = await events.upcoming_count(deps)
    except Exception:
        log.exception("events.upcoming_count failed; the prompt says 'upcoming events'")
        return _("upcoming events")
    return events_phrase(count)


def events_phrase(count: int) -> str:
    if count <= 0:
        return _("no upcoming events yet")
    return ngettext("{n} upcoming event", "{n} upcoming events", count).format(n=count)


async def _top_suggestion(deps: Deps) -> str:
    try:
        top = await topics.top_open(deps, limit=1)
    except Exception:
        log.exception("topics.top_open failed; the prompt says there are none")
        return _(NO_SUGGESTIONS)
    return suggestion_phrase(top[0] if top else None)


def suggestion_phrase(top: topics.TopicHit | None) -> str:
    if top is None:
        return _(NO_SUGGESTIONS)
    votes = ngettext("{n} vote", "{n} votes", top.votes).format(n=top.votes)
    return f"“{cut(top.title, 150)}” ({votes})"


def _links(content: Quarter) -> Text:
    spans: list[Span] = []
    for item in content.links:
        spans += [*plain("• "), link(item.title, item.url), *plain("\n")]
    if content.resource_search:
        spans += plain(
            _("• In this workspace: /resources {search} and /events").format(
                search=content.resource_search
            )
        )
    return tuple(spans)


async def spanish_values(deps: Deps, quarter: QuarterId, content: Quarter) -> dict[str, str]:
    """The placeholders in Spanish, for the Spanish half of a channel post in both."""
    with speak(_spanish()):
        return await placeholder_values(deps, quarter, content)


def has_spanish(content: Quarter, prompt: Prompt) -> bool:
    return bool(prompt.text_es or (prompt.is_kickoff and content.introduction_es))


def _texts(
    quarter: QuarterId, content: Quarter, prompt: Prompt, values: dict[str, str]
) -> tuple[str, str, list[Section]]:
    """The title, body and sections of the prompt in the language being spoken."""
    lang = language()
    title = _("Learning Journey {quarter}: {theme}").format(
        quarter=quarter_label(quarter), theme=content.theme_in(lang)
    )
    body = fill(prompt.text_in(lang), values)
    sections = []
    introduction = content.introduction_in(lang)
    if prompt.is_kickoff and introduction:
        sections.append(Section(title=title, text=plain(fill(introduction, values))))
        sections.append(Section(title=_("This quarter's prompt"), text=plain(body)))
    else:
        sections.append(Section(title=title, text=plain(body)))
    asked = prompt.questions_in(lang)
    if asked:
        questions = "\n".join(f"• {fill(q, values)}" for q in asked)
        sections.append(Section(title=_("Questions for reflection"), text=plain(questions)))
    return title, body, sections


def prompt_reply(
    quarter: QuarterId,
    content: Quarter,
    prompt: Prompt,
    values: dict[str, str],
    spanish: dict[str, str] | None = None,
) -> Reply:
    """The post itself, exactly as every platform receives it. With `spanish` (a channel
    post: the placeholders in Spanish) and Spanish text in the content, an English post
    shows the Spanish after the English, so either reader finds theirs."""
    title, body, sections = _texts(quarter, content, prompt, values)
    both = spanish is not None and language() != "es" and has_spanish(content, prompt)
    if both and spanish is not None:
        with speak(_spanish()):
            sections += _texts(quarter, content, prompt, spanish)[2]
    links = _links(content)
    if links:
        sections.append(Section(title=_("Resources and events"), text=links))
    footer = _(HOW_TO_TAKE_PART)
    if both:
        with speak(_spanish()):
            footer = f"{footer}\n{_(HOW_TO_TAKE_PART)}"
    sections[-1] = replace(sections[-1], footer=footer)
    post = Reply(text=f"{title}\n{body}", sections=tuple(sections), private=False, thread=title)
    return fit(post)
