"""The Expert Group's rubric, reviews and decisions: an edition's own criteria and bands,
the scale, the scores and comments of each review, nominees per category, Champions, Winners.

Revision ID: e6f16c479237
Revises: 9f4b2c6d8e1a
Create Date: 2026-12-02 01:03:48

Reviewed by hand: the scale's server defaults are plain integers on both engines; a review is
submitted exactly when it has a weighted score (CHECK added in batch mode for SQLite; no
review could be submitted before this revision); scores are keyed by criterion key, so the
default rubric needs no rows.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6f16c479237'
down_revision = '9f4b2c6d8e1a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rubric_band',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('low', sa.Integer(), nullable=False),
    sa.Column('high', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=False),
    sa.CheckConstraint('low <= high', name=op.f('ck_rubric_band_band_ordered')),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_rubric_band_edition_id_edition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rubric_band'))
    )
    op.create_table('rubric_criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=False),
    sa.Column('weight', sa.Double(), nullable=False),
    sa.CheckConstraint('weight > 0', name=op.f('ck_rubric_criterion_weight_positive')),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_rubric_criterion_edition_id_edition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rubric_criterion')),
    sa.UniqueConstraint('edition_id', 'key', name=op.f('uq_rubric_criterion_edition_id_key'))
    )
    op.create_table('category_nomination',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), server_default='', nullable=False),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_category_nomination_category_id_category'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user_account.id'], name=op.f('fk_category_nomination_confirmed_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_category_nomination_edition_id_edition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_category_nomination')),
    sa.UniqueConstraint('edition_id', 'category_id', name=op.f('uq_category_nomination_edition_id_category_id'))
    )
    op.create_table('champion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('valid_votes', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_champion_category_id_category'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_champion_edition_id_edition'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], name=op.f('fk_champion_entry_id_entry'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_champion')),
    sa.UniqueConstraint('entry_id', name=op.f('uq_champion_entry_id'))
    )
    op.create_table('nominee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('proposed', sa.Boolean(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('normalised_score', sa.Double(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_nominee_category_id_category'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_nominee_edition_id_edition'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], name=op.f('fk_nominee_entry_id_entry'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nominee')),
    sa.UniqueConstraint('entry_id', name=op.f('uq_nominee_entry_id'))
    )
    op.create_table('winner_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('tie_break_note', sa.Text(), server_default='', nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_winner_decision_category_id_category'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user_account.id'], name=op.f('fk_winner_decision_confirmed_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_winner_decision_edition_id_edition'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], name=op.f('fk_winner_decision_entry_id_entry'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_winner_decision')),
    sa.UniqueConstraint('edition_id', 'category_id', name=op.f('uq_winner_decision_edition_id_category_id'))
    )
    op.create_table('review_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('criterion_key', sa.String(length=40), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['review_assignment.id'], name=op.f('fk_review_score_assignment_id_review_assignment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_score')),
    sa.UniqueConstraint('assignment_id', 'criterion_key', name=op.f('uq_review_score_assignment_id_criterion_key'))
    )
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('weighted_score', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('comment_organisers', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('comment_team', sa.Text(), server_default='', nullable=False))
        # No row is submitted yet (there were no review pages): the CHECK holds for every row.
        batch_op.create_check_constraint(
            'submitted_has_score', "(state = 'submitted') = (weighted_score IS NOT NULL)"
        )

    with op.batch_alter_table('review_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scale_low', sa.Integer(), server_default=sa.text('1'), nullable=False))
        batch_op.add_column(sa.Column('scale_high', sa.Integer(), server_default=sa.text('10'), nullable=False))



def downgrade():
    with op.batch_alter_table('review_settings', schema=None) as batch_op:
        batch_op.drop_column('scale_high')
        batch_op.drop_column('scale_low')

    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_review_assignment_submitted_has_score'), type_='check')
        batch_op.drop_column('comment_team')
        batch_op.drop_column('comment_organisers')
        batch_op.drop_column('weighted_score')
        batch_op.drop_column('updated_at')

    op.drop_table('review_score')
    op.drop_table('winner_decision')
    op.drop_table('nominee')
    op.drop_table('champion')
    op.drop_table('category_nomination')
    op.drop_table('rubric_criterion')
    op.drop_table('rubric_band')
