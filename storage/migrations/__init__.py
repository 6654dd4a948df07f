"""Alembic migrations for every table; `storage.migrate` runs them."""
