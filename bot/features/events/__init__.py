"""The events feature: its router, settings, storage queries and renderers."""
