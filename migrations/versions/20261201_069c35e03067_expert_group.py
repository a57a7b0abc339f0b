"""The Expert Group: settings per edition, expert profiles with their categories, conflicts of
interest, review assignments.

Revision ID: 069c35e03067
Revises: 398f7259cd76
Create Date: 2026-12-01 22:10:30

Reviewed by hand: booleans default with sa.false()/sa.true() (portable); at most one active
conflict per expert and entry is a partial unique index (lifted_at IS NULL) on both engines;
CHECKs keep a stated conflict's note, a lift's note, and the submitted/withdrawn times.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '069c35e03067'
down_revision = '398f7259cd76'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('expert_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('review_cap', sa.Integer(), nullable=True),
    sa.Column('gender', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('stepped_down_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("gender IS NULL OR gender IN ('female', 'male', 'other', 'undisclosed')", name=op.f('ck_expert_profile_gender_known')),
    sa.CheckConstraint('review_cap IS NULL OR review_cap >= 0', name=op.f('ck_expert_profile_cap_not_negative')),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_expert_profile_edition_id_edition'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_expert_profile_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expert_profile')),
    sa.UniqueConstraint('edition_id', 'user_id', name=op.f('uq_expert_profile_edition_id_user_id'))
    )
    with op.batch_alter_table('expert_profile', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expert_profile_user_id'), ['user_id'], unique=False)

    op.create_table('review_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('same_country_conflicts', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('blind', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_review_settings_edition_id_edition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_settings')),
    sa.UniqueConstraint('edition_id', name=op.f('uq_review_settings_edition_id'))
    )
    op.create_table('expert_category',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_expert_category_category_id_category'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['profile_id'], ['expert_profile.id'], name=op.f('fk_expert_category_profile_id_expert_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_id', 'category_id', name=op.f('pk_expert_category'))
    )
    op.create_table('conflict_of_interest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Enum('team', 'organisation', 'email_domain', 'country', 'declared', 'organiser', name='conflictreason_enum', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('source', sa.Enum('automatic', 'declared', 'organiser', name='conflictsource_enum', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('lifted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lifted_by_id', sa.Integer(), nullable=True),
    sa.Column('lift_note', sa.String(length=1000), nullable=True),
    sa.CheckConstraint("source = 'automatic' OR note IS NOT NULL", name=op.f('ck_conflict_of_interest_stated_has_note')),
    sa.CheckConstraint('(lifted_at IS NULL) = (lift_note IS NULL)', name=op.f('ck_conflict_of_interest_lifted_has_note')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_conflict_of_interest_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_conflict_of_interest_edition_id_edition'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], name=op.f('fk_conflict_of_interest_entry_id_entry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['expert_id'], ['user_account.id'], name=op.f('fk_conflict_of_interest_expert_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lifted_by_id'], ['user_account.id'], name=op.f('fk_conflict_of_interest_lifted_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict_of_interest'))
    )
    with op.batch_alter_table('conflict_of_interest', schema=None) as batch_op:
        batch_op.create_index('ix_conflict_of_interest_edition', ['edition_id', 'lifted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflict_of_interest_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index('uq_conflict_of_interest_active', ['expert_id', 'entry_id'], unique=True, postgresql_where=sa.text('lifted_at IS NULL'), sqlite_where=sa.text('lifted_at IS NULL'))

    op.create_table('review_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('expert_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('assigned', 'draft', 'submitted', 'withdrawn', name='assignmentstate_enum', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(state = 'submitted') = (submitted_at IS NOT NULL)", name=op.f('ck_review_assignment_submitted_has_time')),
    sa.CheckConstraint("(state = 'withdrawn') = (withdrawn_at IS NOT NULL)", name=op.f('ck_review_assignment_withdrawn_has_time')),
    sa.CheckConstraint('round IN (1, 2)', name=op.f('ck_review_assignment_round_known')),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_review_assignment_edition_id_edition'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], name=op.f('fk_review_assignment_entry_id_entry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['expert_id'], ['user_account.id'], name=op.f('fk_review_assignment_expert_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_assignment')),
    sa.UniqueConstraint('entry_id', 'expert_id', 'round', name=op.f('uq_review_assignment_entry_id_expert_id_round'))
    )
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_assignment_expert_id'), ['expert_id'], unique=False)
        batch_op.create_index('ix_review_assignment_round', ['edition_id', 'round', 'state'], unique=False)



def downgrade():
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_review_assignment_round')
        batch_op.drop_index(batch_op.f('ix_review_assignment_expert_id'))

    op.drop_table('review_assignment')
    with op.batch_alter_table('conflict_of_interest', schema=None) as batch_op:
        batch_op.drop_index('uq_conflict_of_interest_active', postgresql_where=sa.text('lifted_at IS NULL'), sqlite_where=sa.text('lifted_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_conflict_of_interest_entry_id'))
        batch_op.drop_index('ix_conflict_of_interest_edition')

    op.drop_table('conflict_of_interest')
    op.drop_table('expert_category')
    op.drop_table('review_settings')
    with op.batch_alter_table('expert_profile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expert_profile_user_id'))

    op.drop_table('expert_profile')
