"""Stored jury invitations; a session stamp on accounts (sign-out ends every session).

Revision ID: c3a1e5d2b7f4
Revises: 5c1e7a9b2d40
Create Date: 2026-12-01 21:00:00

Reviewed by hand: names follow the naming convention of awards/db.py; one open invitation per
edition and address is a partial unique index (PostgreSQL and SQLite alike). Existing accounts
start with session stamp 0; sessions of the old id shape ("id:stamp") end once at upgrade.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c3a1e5d2b7f4"
down_revision = "5c1e7a9b2d40"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_stamp", sa.Integer(), server_default="0", nullable=False)
        )
    op.create_table(
        "jury_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("email_key", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sends", sa.Integer(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("sends >= 1", name=op.f("ck_jury_invitation_sends_positive")),
        sa.CheckConstraint(
            "accepted_at IS NULL OR revoked_at IS NULL",
            name=op.f("ck_jury_invitation_accepted_or_revoked"),
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["edition.id"],
            name=op.f("fk_jury_invitation_edition_id_edition"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["user_account.id"],
            name=op.f("fk_jury_invitation_invited_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jury_invitation")),
    )
    with op.batch_alter_table("jury_invitation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_jury_invitation_edition_id"), ["edition_id"], unique=False
        )
        batch_op.create_index(
            "uq_jury_invitation_open",
            ["edition_id", "email_key"],
            unique=True,
            postgresql_where=sa.text("accepted_at IS NULL AND revoked_at IS NULL"),
            sqlite_where=sa.text("accepted_at IS NULL AND revoked_at IS NULL"),
        )


def downgrade():
    with op.batch_alter_table("jury_invitation", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_jury_invitation_open",
            sqlite_where=sa.text("accepted_at IS NULL AND revoked_at IS NULL"),
            postgresql_where=sa.text("accepted_at IS NULL AND revoked_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_jury_invitation_edition_id"))
    op.drop_table("jury_invitation")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("session_stamp")
