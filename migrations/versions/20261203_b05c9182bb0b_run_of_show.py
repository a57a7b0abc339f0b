"""The ceremony's run-of-show: per category its position, presenter, planned minutes and notes.

Revision ID: b05c9182bb0b
Revises: 76848f51cfd6
Create Date: 2026-12-03 09:00:00

Reviewed by hand: names follow the naming convention of awards/db.py. One row per category
(unique); positions are kept a permutation by the service (no unique constraint on them, so
that a reorder can rewrite them in any order within one transaction); planned minutes 0-120 and
a positive position are CHECK constraints. Rows go with their edition or category (CASCADE);
the account that last saved them may be deleted (SET NULL).
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b05c9182bb0b"
down_revision = "76848f51cfd6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "run_of_show_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("presenter", sa.String(length=200), server_default="", nullable=False),
        sa.Column("planned_minutes", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("pronunciation", sa.Text(), server_default="", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "planned_minutes >= 0 AND planned_minutes <= 120",
            name=op.f("ck_run_of_show_item_minutes_range"),
        ),
        sa.CheckConstraint("position > 0", name=op.f("ck_run_of_show_item_position_positive")),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["category.id"],
            name=op.f("fk_run_of_show_item_category_id_category"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["edition.id"],
            name=op.f("fk_run_of_show_item_edition_id_edition"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["user_account.id"],
            name=op.f("fk_run_of_show_item_updated_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_run_of_show_item")),
        sa.UniqueConstraint("category_id", name=op.f("uq_run_of_show_item_category_id")),
    )


def downgrade():
    op.drop_table("run_of_show_item")
