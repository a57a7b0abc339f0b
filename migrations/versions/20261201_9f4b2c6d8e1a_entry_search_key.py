"""The organisers' search key of entries (title, entity, contacts without case or accents).

Revision ID: 9f4b2c6d8e1a
Revises: 069c35e03067
Create Date: 2026-12-01 22:00:00

Reviewed by hand. The column is filled for existing entries here, with a frozen copy of
``awards.screening.search_keys.fold`` (a migration must not change when the app code does);
from then on a ``before_flush`` listener keeps it. No B-tree index: the search is an infix
``LIKE '%…%'``, which a B-tree cannot serve, and a long key would overflow PostgreSQL's B-tree
row limit; a trigram index (pg_trgm) is the option if the list ever needs one.
"""

import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "9f4b2c6d8e1a"
down_revision = "069c35e03067"
branch_labels = None
depends_on = None


def _fold(text):
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    return unicodedata.normalize("NFC", bare.casefold().replace("ı", "i"))


def upgrade():
    op.add_column("entry", sa.Column("search_key", sa.Text(), server_default="", nullable=False))
    connection = op.get_bind()
    entry = sa.table(
        "entry",
        sa.column("id", sa.Integer),
        sa.column("title", sa.String),
        sa.column("entity_name", sa.String),
        sa.column("search_key", sa.Text),
    )
    contact = sa.table(
        "entry_contact",
        sa.column("entry_id", sa.Integer),
        sa.column("position", sa.Integer),
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("email", sa.String),
    )
    contacts = {}
    for row in connection.execute(
        sa.select(contact.c.entry_id, contact.c.name, contact.c.email).order_by(
            contact.c.entry_id, contact.c.position, contact.c.id
        )
    ):
        contacts.setdefault(row.entry_id, []).extend([row.name, row.email])
    for row in connection.execute(sa.select(entry.c.id, entry.c.title, entry.c.entity_name)):
        parts = [row.title, row.entity_name, *contacts.get(row.id, [])]
        key = "\n".join(_fold(part) for part in parts if part)
        connection.execute(entry.update().where(entry.c.id == row.id).values(search_key=key))


def downgrade():
    # A plain DROP COLUMN (SQLite 3.35+, PostgreSQL): a batch copy of the table on SQLite would
    # lose the expression indexes of the list (lower(title), lower(entity_name)).
    op.drop_column("entry", "search_key")
