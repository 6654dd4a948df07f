"""A prompt as people read it: placeholders filled at post time, one neutral Reply."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.deps import Deps
from bot.features.events import api as events
from bot.features.journey.content import Prompt, Quarter, fill
from bot.features.journey.schedule import QuarterId
from bot.features.topics import api as topics
from bot.limits import cut, fit
from bot.model import Reply, Section, Span, Text, link, plain

log = logging.getLogger(__name__)
NO_SUGGESTIONS = "no open suggestions yet"
HOW_TO_TAKE_PART = (
    "Reply in this thread to take part. Replies are kept for the organizers' quarterly "
    "summary; type /journey optout if you would rather yours were not."
)


def quarter_label(quarter: QuarterId) -> str:
    return f"Q{quarter.number} {quarter.year}"


async def placeholder_values(deps: Deps, quarter: QuarterId, content: Quarter) -> dict[str, str]:
    """Values for every placeholder; a feature that fails or has nothing gives a kind phrase."""
    return {
        "quarter": quarter_label(quarter),
        "theme": content.theme,
        "upcoming_events": await _upcoming_events(deps),
        "top_suggestion": await _top_suggestion(deps),
    }


async def _upcoming_events(deps: Deps) -> str:
    try:
        count = await events.upcoming_count(deps)
    except Exception:
        log.exception("events.upcoming_count failed; the prompt says 'upcoming events'")
        return "upcoming events"
    return events_phrase(count)


def events_phrase(count: int) -> str:
    if count <= 0:
        return "no upcoming events yet"
    return f"{count} upcoming event{'' if count == 1 else 's'}"


async def _top_suggestion(deps: Deps) -> str:
    try:
        top = await topics.top_open(deps, limit=1)
    except Exception:
        log.exception("topics.top_open failed; the prompt says there are none")
        return NO_SUGGESTIONS
    return suggestion_phrase(top[0] if top else None)


def suggestion_phrase(top: topics.TopicHit | None) -> str:
    if top is None:
        return NO_SUGGESTIONS
    votes = top.votes
    return f"“{cut(top.title, 150)}” ({votes} vote{'' if votes == 1 else 's'})"


def _links(content: Quarter) -> Text:
    spans: list[Span] = []
    for item in content.links:
        spans += [*plain("• "), link(item.title, item.url), *plain("\n")]
    if content.resource_search:
        spans += plain(f"• In this workspace: /resources {content.resource_search} and /events")
    return tuple(spans)


def prompt_reply(
    quarter: QuarterId, content: Quarter, prompt: Prompt, values: dict[str, str]
) -> Reply:
    """The post itself, exactly as every platform receives it."""
    title = f"Learning Journey {quarter_label(quarter)}: {content.theme}"
    body = fill(prompt.text, values)
    sections = []
    if prompt.is_kickoff and content.introduction:
        sections.append(Section(title=title, text=plain(fill(content.introduction, values))))
        sections.append(Section(title="This quarter's prompt", text=plain(body)))
    else:
        sections.append(Section(title=title, text=plain(body)))
    if prompt.questions:
        questions = "\n".join(f"• {fill(q, values)}" for q in prompt.questions)
        sections.append(Section(title="Questions for reflection", text=plain(questions)))
    links = _links(content)
    if links:
        sections.append(Section(title="Resources and events", text=links))
    sections[-1] = replace(sections[-1], footer=HOW_TO_TAKE_PART)
    post = Reply(text=f"{title}\n{body}", sections=tuple(sections), private=False, thread=title)
    return fit(post)
