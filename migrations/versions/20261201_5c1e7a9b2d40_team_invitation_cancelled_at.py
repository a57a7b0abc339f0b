"""Team invitations can be withdrawn: team_invitation.cancelled_at

Revision ID: 5c1e7a9b2d40
Revises: 8bd0a7af6e0c
Create Date: 2026-12-01 21:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5c1e7a9b2d40"
down_revision = "8bd0a7af6e0c"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("team_invitation") as batch_op:
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("team_invitation") as batch_op:
        batch_op.drop_column("cancelled_at")
