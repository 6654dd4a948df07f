"""PostgreSQL: a title-and-topics tsvector with its own GIN index.

A broad search ranks title/topic matches first. Asked of the weighted `search_vector`
(`health:AB`), GIN cannot check weights, so PostgreSQL re-reads every matching row's whole
vector; a small unweighted vector of the title and topics answers from the index. SQLite
needs nothing (FTS5 column filters do this).

Revision ID: 0014
Revises: 0010
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "ALTER TABLE resources ADD COLUMN strong_vector tsvector GENERATED ALWAYS AS ("
        "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(topics, ''))) STORED"
    )
    op.execute("CREATE INDEX ix_resources_strong_vector ON resources USING gin (strong_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_resources_strong_vector")
    op.execute("ALTER TABLE resources DROP COLUMN IF EXISTS strong_vector")
