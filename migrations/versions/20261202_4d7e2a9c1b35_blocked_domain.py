"""E-mail domains the organisers refuse at sign-up, beside the maintained disposable list.

Revision ID: 4d7e2a9c1b35
Revises: a5f94397eb32
Create Date: 2026-12-02 09:00:00

Reviewed by hand: names follow the naming convention of awards/db.py. The domain is stored
normalised (lower-case ASCII, punycode), so a plain unique constraint is the identity; the
reason is required (a CHECK too). Removing a row is how an organiser unblocks a domain (the
audit trail keeps who did it): nothing else refers to the table.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "4d7e2a9c1b35"
down_revision = "a5f94397eb32"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "blocked_domain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=253), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("reason <> ''", name=op.f("ck_blocked_domain_reason_given")),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["user_account.id"],
            name=op.f("fk_blocked_domain_added_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blocked_domain")),
        sa.UniqueConstraint("domain", name=op.f("uq_blocked_domain_domain")),
    )


def downgrade():
    op.drop_table("blocked_domain")
