"""What other features may use of members: where a person gets DMs, who an account is, and
the language they read (for /settings)."""

from bot.features.members.language_command import language_summary
from bot.features.members.people import dm_target, dm_targets, resolve_actor

__all__ = ["dm_target", "dm_targets", "language_summary", "resolve_actor"]
