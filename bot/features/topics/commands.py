"""The topics feature's commands, buttons and forms, gathered from its parts."""

from __future__ import annotations

from bot.features.topics import decide, digest, listing, posts, suggest, votes
from bot.router import Router

router = Router("topics")
for part in (
    suggest.router,
    listing.router,
    votes.router,
    decide.router,
    digest.router,
    posts.router,
):
    router.include(part)
