"""The resources feature: its router, settings, storage queries and renderers."""
