"""resources: a language and Spanish stemming; events: a Spanish title and description

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07 23:50:00

Each resource gets a language (guessed here for the items already stored). A Spanish item
is also indexed by its Spanish stems: on PostgreSQL two generated tsvectors with the
`spanish` configuration (accents folded first, as searches fold them); on SQLite the stems
are columns the code writes (storage/resources/stems.py) and the FTS5 table indexes them
as two more columns, so the table and its triggers are made again.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from storage.resources.language import guess
from storage.resources.stems import columns as stem_columns

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

OLD_COLUMNS = "title, topics, description, organization, authors, type, published"
OLD_WEIGHTS = "10.0, 5.0, 1.0, 2.0, 2.0, 0.0, 0.0"
# Spanish stems weigh as their words do: title and topics as a title, the rest as text.
NEW_COLUMNS = f"{OLD_COLUMNS}, title_stems, text_stems"
NEW_WEIGHTS = f"{OLD_WEIGHTS}, 0.0, 0.0"
# PostgreSQL folds accents the way search folds typed words (translate is immutable).
_ACCENTS = "'áéíóúüñÁÉÍÓÚÜÑ', 'aeiouunAEIOUUN'"


def _es(column: str) -> str:
    return f"to_tsvector('spanish', translate(coalesce({column}, ''), {_ACCENTS}))"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name != "postgresql"
    if sqlite:
        _drop_fts5()
    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "language",
                sqlmodel.sql.sqltypes.AutoString(length=8),
                nullable=False,
                server_default="en",
            )
        )
        batch_op.add_column(sa.Column("title_stems", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("text_stems", sa.Text(), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_resources_language"), ["language"], unique=False)
    _guess_languages()
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "title_es",
                sqlmodel.sql.sqltypes.AutoString(length=200),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column("description_es", sa.Text(), nullable=False, server_default="")
        )
    if sqlite:
        _create_fts5(NEW_COLUMNS, NEW_WEIGHTS)
    else:
        _create_spanish_vectors()


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name != "postgresql"
    if sqlite:
        _drop_fts5()
    else:
        for name in ("spanish_vector", "spanish_strong"):
            op.execute(f"DROP INDEX IF EXISTS ix_resources_{name}")
            op.execute(f"ALTER TABLE resources DROP COLUMN IF EXISTS {name}")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("description_es")
        batch_op.drop_column("title_es")
    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resources_language"))
        batch_op.drop_column("text_stems")
        batch_op.drop_column("title_stems")
        batch_op.drop_column("language")
    if sqlite:
        _create_fts5(OLD_COLUMNS, OLD_WEIGHTS)


def _guess_languages() -> None:
    """The items stored so far get the language their text reads as; Spanish ones their
    stems (read in pages of ids so a large library is never all in memory)."""
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, title, topics, description FROM resources "
                "WHERE id > :last ORDER BY id LIMIT 2000"
            ),
            {"last": last},
        ).all()
        if not rows:
            return
        last = rows[-1].id
        for row in rows:
            language = guess(row.title, row.description)
            if language == "en":
                continue
            values = {"id": row.id, "language": language}
            values.update(stem_columns(language, row.title, row.topics, row.description))
            bind.execute(
                sa.text(
                    "UPDATE resources SET language = :language, title_stems = :title_stems, "
                    "text_stems = :text_stems WHERE id = :id"
                ),
                values,
            )


def _drop_fts5() -> None:
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS resources_fts_{trigger}")
    op.execute("DROP TABLE IF EXISTS resources_fts")


def _create_fts5(columns: str, weights: str) -> None:
    """As migration 0002, with `columns`; then indexed from the rows already stored."""
    op.execute(
        f"CREATE VIRTUAL TABLE resources_fts USING fts5({columns}, "
        "content='resources', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    op.execute(f"INSERT INTO resources_fts(resources_fts, rank) VALUES ('rank', 'bm25({weights})')")
    new = ", ".join(f"new.{c}" for c in ["id", *columns.split(", ")])
    old = ", ".join(f"old.{c}" for c in ["id", *columns.split(", ")])
    insert = f"INSERT INTO resources_fts(rowid, {columns}) VALUES ({new});"
    delete = f"INSERT INTO resources_fts(resources_fts, rowid, {columns}) VALUES ('delete', {old});"
    op.execute(f"CREATE TRIGGER resources_fts_insert AFTER INSERT ON resources BEGIN {insert} END")
    op.execute(f"CREATE TRIGGER resources_fts_delete AFTER DELETE ON resources BEGIN {delete} END")
    op.execute(
        f"CREATE TRIGGER resources_fts_update AFTER UPDATE OF {columns} ON resources "
        f"BEGIN {delete} {insert} END"
    )
    op.execute("INSERT INTO resources_fts(resources_fts) VALUES ('rebuild')")


def _create_spanish_vectors() -> None:
    """Empty for every item but a Spanish one, so an English item matches as before."""
    people = _es("organization || ' ' || authors")
    strong = _es("title || ' ' || topics")
    op.execute(
        "ALTER TABLE resources ADD COLUMN spanish_vector tsvector GENERATED ALWAYS AS ("
        "CASE WHEN language = 'es' THEN "
        f"setweight({_es('title')}, 'A') || setweight({_es('topics')}, 'B') || "
        f"setweight({people}, 'C') || setweight({_es('description')}, 'D') "
        "ELSE ''::tsvector END) STORED"
    )
    op.execute(
        "ALTER TABLE resources ADD COLUMN spanish_strong tsvector GENERATED ALWAYS AS ("
        f"CASE WHEN language = 'es' THEN {strong} ELSE ''::tsvector END) STORED"
    )
    for name in ("spanish_vector", "spanish_strong"):
        op.execute(f"CREATE INDEX ix_resources_{name} ON resources USING gin ({name})")
