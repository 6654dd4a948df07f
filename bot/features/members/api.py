"""What other features may use of members: where a person gets DMs, and who an account is."""

from bot.features.members.people import dm_target, dm_targets, resolve_actor

__all__ = ["dm_target", "dm_targets", "resolve_actor"]
