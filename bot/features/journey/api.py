"""What other features may ask of the Quarterly Learning Journey (kept small and stable)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.deps import Deps
from bot.features.journey import outcomes
from bot.features.journey.content import fill
from bot.features.journey.posting import content_of, current_quarter, plan
from bot.features.journey.render import placeholder_values
from bot.features.journey.settings import JourneySettings
from bot.i18n import language
from bot.model import Section


@dataclass(frozen=True)
class QuarterTheme:
    quarter: str
    theme: str
    prompt: str


async def current_theme(deps: Deps) -> QuarterTheme | None:
    """This quarter's theme and kick-off prompt in the reader's language (the Spanish text
    when the content gives one), if the journey has content for it."""
    if not deps.settings.section(JourneySettings).enabled:
        return None
    quarter = current_quarter(deps)
    content = content_of(deps).for_quarter(quarter.year, quarter.number)
    if content is None:
        return None
    values = await placeholder_values(deps, quarter, content)
    lang = language()
    text = fill(content.prompts[0].text_in(lang), values)
    return QuarterTheme(str(quarter), content.theme_in(lang), text)


async def personal_section(deps: Deps) -> Section | None:
    """This quarter's personal-journey counts as a card for organizers (None when the
    journey is switched off)."""
    if not deps.settings.section(JourneySettings).enabled:
        return None
    quarter = current_quarter(deps)
    return outcomes.section(quarter, await outcomes.figures(deps, quarter))


async def prompt_between(deps: Deps, since: datetime, until: datetime) -> QuarterTheme | None:
    """The latest journey prompt due in (since, until], its placeholders filled (for a
    member's digest: "this week's journey prompt"), in the reader's language when the
    content gives it; None when there is none."""
    if not deps.settings.section(JourneySettings).enabled:
        return None
    due = [slot for slot in plan(deps, until) if since < slot.due <= until]
    if not due:
        return None
    slot = due[-1]
    values = await placeholder_values(deps, slot.quarter, slot.content)
    lang = language()
    text = fill(slot.prompt.text_in(lang), values)
    return QuarterTheme(str(slot.quarter), slot.content.theme_in(lang), text)
