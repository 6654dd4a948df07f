"""collab-bot's platform-neutral core: interactions in, replies out."""

__version__ = "0.1.0"
