"""What other features may ask of the Quarterly Learning Journey (kept small and stable)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.deps import Deps


@dataclass(frozen=True)
class QuarterTheme:
    quarter: str
    theme: str
    prompt: str


async def current_theme(deps: Deps) -> QuarterTheme | None:
    """This quarter's theme and kick-off prompt, if the journey has content for it."""
    return None
