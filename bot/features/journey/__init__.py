"""The journey feature: its router, settings, storage queries and renderers."""
