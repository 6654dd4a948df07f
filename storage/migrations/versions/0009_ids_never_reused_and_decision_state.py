"""ids never reused; decisions are proposed, applied or undone

AUTOINCREMENT on SQLite for tables whose ids people see or keys carry, and a `state` on
topic_status_changes.

Revision ID: 0009
Revises: 0011
Create Date: 2026-11-29 23:40:00

SQLite gives a deleted newest row's id to the next row unless the table says AUTOINCREMENT,
while buttons, delivery keys and people's memories still carry the old number. Each table
is rebuilt (batch mode, every row copied with its id, indexes and triggers kept), and its
sequence starts past the highest id it has, any row elsewhere still points at, or a queued
message names. PostgreSQL sequences never go back, so nothing changes there.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op
from sqlalchemy.engine import Connection

revision = "0009"
down_revision = "0011"
branch_labels = None
depends_on = None

# table -> the (table, column) pairs elsewhere that hold one of its ids.
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "events": (("events", "draft_of"), ("event_reminders", "event_id")),
    "event_reminders": (),
    "resources": (("resource_topics", "resource_id"),),
    "topic_suggestions": (
        ("topic_suggestions", "merged_into_id"),
        ("topic_votes", "suggestion_id"),
        ("topic_follows", "suggestion_id"),
        ("topic_status_changes", "suggestion_id"),
    ),
    "topic_status_changes": (),
    "topic_drafts": (),
}
# Queued and sent messages name ids in their refs even after the row is gone.
DELIVERY_REFS = {
    "topic_suggestions": re.compile(r"topic:(\d+)$"),
    "events": re.compile(r"(?:notice:)?event:(\d+)(?::|$)"),
}
# Decisions link suggestions to events and resources by number ("covered by resource #119").
LINK_KINDS = {"events": "event", "resources": "resource"}


def upgrade() -> None:
    bind = op.get_bind()
    # Decisions are proposed, applied or undone (every earlier one was applied).
    with op.batch_alter_table("topic_status_changes") as batch:
        batch.add_column(
            sa.Column(
                "state",
                sqlmodel.sql.sqltypes.AutoString(length=10),
                nullable=False,
                server_default="applied",
            )
        )
    if bind.dialect.name != "sqlite":
        return
    for table, pointers in TABLES.items():
        _rebuild(bind, table, autoincrement=True)
        _start_sequence_after(bind, table, _highest(bind, table, pointers))


def downgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("topic_status_changes") as batch:
        batch.drop_column("state")
    if bind.dialect.name != "sqlite":
        return
    for table in TABLES:
        _rebuild(bind, table, autoincrement=False)


def _rebuild(bind: Connection, table: str, *, autoincrement: bool) -> None:
    # Dropping the old table drops its triggers (the resources FTS5 sync): keep and re-create.
    triggers = [
        str(sql)
        for (sql,) in bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
        )
    ]
    with op.batch_alter_table(
        table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
    ):
        pass
    for sql in triggers:
        bind.exec_driver_sql(sql)


def _highest(bind: Connection, table: str, pointers: tuple[tuple[str, str], ...]) -> int:
    found = [bind.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar()]
    for other, column in pointers:
        found.append(bind.exec_driver_sql(f"SELECT max({column}) FROM {other}").scalar())
    kind = LINK_KINDS.get(table)
    for other in ("topic_suggestions", "topic_status_changes") if kind else ():
        found.append(
            bind.exec_driver_sql(
                f"SELECT max(CAST(link_ref AS INTEGER)) FROM {other} "
                "WHERE link_kind = ? AND link_ref GLOB '[0-9]*' AND length(link_ref) < 10",
                (kind,),
            ).scalar()
        )
    pattern = DELIVERY_REFS.get(table)
    if pattern is not None:
        for (ref,) in bind.exec_driver_sql("SELECT DISTINCT ref FROM deliveries"):
            match = pattern.match(str(ref))
            if match:
                found.append(int(match.group(1)))
    return max((int(n) for n in found if n is not None), default=0)


def _start_sequence_after(bind: Connection, table: str, highest: int) -> None:
    bind.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
    bind.exec_driver_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, highest))
