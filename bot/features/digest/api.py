"""What other features may ask of the member digest: a person's choice in words, with the
buttons that change it (for /settings, the App Home and /privacy)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.deps import Deps
from bot.features.digest.commands import buttons, status
from bot.features.digest.settings import DigestSettings
from bot.model import Actor, Button

__all__ = ["DigestChoice", "DigestSettings", "choice"]


@dataclass(frozen=True)
class DigestChoice:
    text: str
    buttons: tuple[Button, ...]


async def choice(deps: Deps, actor: Actor) -> DigestChoice:
    """The person's digest in one sentence and the buttons that change it."""
    text, frequency = await status(deps, actor)
    return DigestChoice(text, buttons(frequency))
