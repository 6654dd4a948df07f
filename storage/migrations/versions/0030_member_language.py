"""each member's language

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07 23:45:00.000000

A person chooses the bot's language with /language (es, en, or auto: their platform's);
their Slack profile's locale is kept with the zone, and a platform language the bot does
not have is noted once it was mentioned to them.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True)
        )
        batch_op.add_column(
            sa.Column("profile_locale", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True)
        )
        batch_op.add_column(
            sa.Column("language_noted", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("language_noted")
        batch_op.drop_column("profile_locale")
        batch_op.drop_column("language")
