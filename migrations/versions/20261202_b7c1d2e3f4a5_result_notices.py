"""Results e-mails: one row per person told of an edition's results, so a re-run sends nothing twice.

Revision ID: b7c1d2e3f4a5
Revises: b05c9182bb0b
Create Date: 2026-12-02 02:30:00

Reviewed by hand: one notice per (edition, entry, person), unique; rows go with their edition,
entry or account.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c1d2e3f4a5'
down_revision = 'b05c9182bb0b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('result_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('queued_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_result_notice_edition_id_edition'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], name=op.f('fk_result_notice_entry_id_entry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_result_notice_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result_notice')),
    sa.UniqueConstraint('edition_id', 'entry_id', 'user_id', name=op.f('uq_result_notice_edition_id_entry_id_user_id'))
    )


def downgrade():
    op.drop_table('result_notice')
