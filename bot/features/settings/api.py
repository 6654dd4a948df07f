"""What other parts may ask of /settings: a person's choices as sections (the App Home)."""

from bot.features.settings.commands import sections

__all__ = ["sections"]
