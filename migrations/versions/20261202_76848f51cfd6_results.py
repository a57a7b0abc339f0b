"""Results: tally snapshots with the checksum of their inputs, and each edition's publication.

Revision ID: 76848f51cfd6
Revises: 4d7e2a9c1b35
Create Date: 2026-12-02 01:33:18

Reviewed by hand: one publication per edition (unique); a published snapshot cannot be deleted
(RESTRICT); the snapshot's per-category data is JSON on both engines.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '76848f51cfd6'
down_revision = '4d7e2a9c1b35'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tally_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('inputs_checksum', sa.String(length=64), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_tally_snapshot_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_tally_snapshot_edition_id_edition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tally_snapshot'))
    )
    op.create_table('results_publication',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('snapshot_id', sa.Integer(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('counts_public', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_results_publication_edition_id_edition'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by_id'], ['user_account.id'], name=op.f('fk_results_publication_published_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['snapshot_id'], ['tally_snapshot.id'], name=op.f('fk_results_publication_snapshot_id_tally_snapshot'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_results_publication')),
    sa.UniqueConstraint('edition_id', name=op.f('uq_results_publication_edition_id'))
    )


def downgrade():
    op.drop_table('results_publication')
    op.drop_table('tally_snapshot')
