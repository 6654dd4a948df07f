"""Members share into the library, and the library back to them: proposals and their review,
saved items and usefulness marks, message commands and link previews, in one router."""

from __future__ import annotations

from bot.features.resources import from_messages, proposal_posts, proposals, review, saves
from bot.router import Router

router = Router("resources.sharing")
PARTS = (proposals, review, saves, from_messages, proposal_posts)
for part in (p.router for p in PARTS):
    router.include(part)
