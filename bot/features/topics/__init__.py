"""The topics feature: its router, settings, storage queries and renderers."""
