"""The topics feature's commands, buttons and forms, gathered from its parts."""

from __future__ import annotations

from bot.features.topics import (
    confirming,
    decide,
    digest,
    listing,
    own,
    posts,
    suggest,
    votes,
)
from bot.router import Router

router = Router("topics")
PARTS = (suggest, listing, votes, decide, confirming, digest, posts, own)
for part in (p.router for p in PARTS):
    router.include(part)
