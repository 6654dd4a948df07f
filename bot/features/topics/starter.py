"""Starter suggestions, so the first /topics is not empty: themes the collaborative's own
reading on community engagement raises, written here in our own words.

They come from a clearly named "collab-bot starter pack" member and load only into an
empty table; that member is on no platform, so nobody is messaged on their behalf.
"""

from __future__ import annotations

from bot.deps import Deps
from storage import topics as store
from storage.models.topics import Suggestion

AUTHOR_KEY = "starter:pack"
AUTHOR_NAME = "collab-bot starter pack"
IDEAS = (
    (
        "Closing the loop with community members",
        "How do teams report back on what they did with people's input, including what they "
        "decided not to do, and why?",
    ),
    (
        "Paying community members for their time",
        "Stipends, gift cards, budgets for community advisors: what works, and what do "
        "funders allow?",
    ),
    (
        "Measuring whether community engagement works",
        "Which measures show real influence on decisions, beyond counting meetings held?",
    ),
    (
        "Hiring from the communities we serve",
        "Recruiting and supporting staff with lived experience, such as community health workers.",
    ),
    (
        "Member advisory councils in Medicaid",
        "What state agencies have learned from running member advisory councils.",
    ),
)


async def load(deps: Deps) -> int:
    """Load the starter suggestions if there are none yet; returns how many were added."""
    now = deps.clock.now()
    async with deps.db.session() as session:
        if not await store.is_empty(session):
            return 0
        for title, details in IDEAS:
            await store.add(
                session,
                Suggestion(
                    title=title,
                    details=details,
                    author_key=AUTHOR_KEY,
                    author_platform="starter",
                    author_user_id="pack",
                    author_name=AUTHOR_NAME,
                    created_at=now,
                    updated_at=now,
                ),
            )
    return len(IDEAS)
