"""insight searches by person: a keyed hash per (words, person) replaces the salted sketch

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 15:40:00

The sketch's salt lived in the same database as `member_activity`, so its bits could be
tied back to members, and a member's words outlived their /privacy delete. Rows are now
one per person who searched the words, under an HMAC with COLLAB_BOT_INSIGHTS_KEY (from
the environment). The old counts cannot be converted (their searchers are unknown) and are
exactly what could be tied back, so they are dropped with the salt.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

_text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.drop_index("ix_insight_searches_week", table_name="insight_searches")
    op.drop_table("insight_searches")
    op.drop_table("insight_salt")
    op.create_table(
        "insight_searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", _text(length=10), nullable=False),
        sa.Column("words", _text(length=200), nullable=False),
        sa.Column("who", _text(length=32), nullable=False),
        sa.Column("searches", sa.Integer(), nullable=False),
        sa.Column("empty", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("week", "words", "who", name="uq_insight_searches_week_words_who"),
    )
    op.create_index("ix_insight_searches_week", "insight_searches", ["week"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_insight_searches_week", table_name="insight_searches")
    op.drop_table("insight_searches")
    op.create_table(
        "insight_salt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("salt", _text(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "insight_searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", _text(length=10), nullable=False),
        sa.Column("words", _text(length=200), nullable=False),
        sa.Column("searches", sa.Integer(), nullable=False),
        sa.Column("empty", sa.Integer(), nullable=False),
        sa.Column("member_bits", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("week", "words", name="uq_insight_searches_week_words"),
    )
    op.create_index("ix_insight_searches_week", "insight_searches", ["week"], unique=False)
