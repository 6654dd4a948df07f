"""/insights' card of the personal journey: this quarter's goals and outcomes, no names."""

from __future__ import annotations

from bot.deps import Deps
from bot.features.journey import api as journey
from bot.model import Reply


async def with_personal_journey(reply: Reply, deps: Deps) -> Reply:
    """`reply` with the personal-journey card added (unless the journey is off)."""
    section = await journey.personal_section(deps)
    if section is None:
        return reply
    return Reply(
        text=reply.text,
        sections=(*reply.sections, section),
        private=reply.private,
        attachments=reply.attachments,
    )
