"""Public voting: each edition's voting settings, the append-only votes, the evidence fraud
review needs (reduced after retention) and quarantines.

Revision ID: a5f94397eb32
Revises: e6f16c479237
Create Date: 2026-12-02 01:08:42

Reviewed by hand: vote ids are BIGINT on PostgreSQL (INTEGER PRIMARY KEY on SQLite, for its
rowid); votes reference accounts, entries and editions ON DELETE RESTRICT, since a vote is
never removed; on PostgreSQL a trigger refuses UPDATE and DELETE of a vote for every client,
as for the audit trail.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a5f94397eb32'
down_revision = 'e6f16c479237'
branch_labels = None
depends_on = None


VOTE_APPEND_ONLY_FUNCTION = """
CREATE FUNCTION vote_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'votes are append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$
"""


def upgrade():
    op.create_table('voting_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('allow_change', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('email_receipts', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('retention_days', sa.Integer(), server_default=sa.text('180'), nullable=False),
    sa.CheckConstraint('retention_days > 0', name=op.f('ck_voting_settings_retention_positive')),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_voting_settings_edition_id_edition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voting_settings')),
    sa.UniqueConstraint('edition_id', name=op.f('uq_voting_settings_edition_id'))
    )
    op.create_table('vote',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('voter_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('receipt', sa.String(length=32), nullable=False),
    sa.Column('cast_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('account_created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('subnet', sa.String(length=64), nullable=False),
    sa.Column('agent_key', sa.String(length=16), nullable=False),
    sa.CheckConstraint('sequence >= 1', name=op.f('ck_vote_sequence_positive')),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_vote_category_id_category'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_vote_edition_id_edition'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], name=op.f('fk_vote_entry_id_entry'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['voter_id'], ['user_account.id'], name=op.f('fk_vote_voter_id_user_account'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote')),
    sa.UniqueConstraint('receipt', name=op.f('uq_vote_receipt')),
    sa.UniqueConstraint('voter_id', 'category_id', 'sequence', name=op.f('uq_vote_voter_id_category_id_sequence'))
    )
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.create_index('ix_vote_category_entry', ['category_id', 'entry_id'], unique=False)
        batch_op.create_index('ix_vote_edition_cast_at', ['edition_id', 'cast_at'], unique=False)
        batch_op.create_index('ix_vote_edition_subnet', ['edition_id', 'subnet'], unique=False)
        batch_op.create_index('ix_vote_entry_cast_at', ['entry_id', 'cast_at'], unique=False)
        batch_op.create_index(
            'ix_vote_changed', ['edition_id'], unique=False,
            postgresql_where=sa.text('sequence > 1'), sqlite_where=sa.text('sequence > 1'),
        )

    op.create_table('quarantine',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('account', 'vote', name='quarantinekind_enum', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('voter_id', sa.Integer(), nullable=True),
    sa.Column('vote_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('reason', sa.Enum('subnet', 'user_agent', 'signup_burst', 'nominee_burst', 'other', name='quarantinereason_enum', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('batch', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('lifted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lifted_by_id', sa.Integer(), nullable=True),
    sa.Column('lift_note', sa.Text(), nullable=True),
    sa.CheckConstraint("(kind = 'account' AND voter_id IS NOT NULL AND vote_id IS NULL) OR (kind = 'vote' AND vote_id IS NOT NULL)", name=op.f('ck_quarantine_kind_has_target')),
    sa.CheckConstraint('(lifted_at IS NULL) = (lift_note IS NULL)', name=op.f('ck_quarantine_lifted_has_note')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_quarantine_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['edition_id'], ['edition.id'], name=op.f('fk_quarantine_edition_id_edition'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lifted_by_id'], ['user_account.id'], name=op.f('fk_quarantine_lifted_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['vote_id'], ['vote.id'], name=op.f('fk_quarantine_vote_id_vote'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['voter_id'], ['user_account.id'], name=op.f('fk_quarantine_voter_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quarantine'))
    )
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.create_index('ix_quarantine_edition_active', ['edition_id', 'lifted_at'], unique=False)
        batch_op.create_index('ix_quarantine_vote', ['vote_id'], unique=False)
        batch_op.create_index('ix_quarantine_voter', ['voter_id'], unique=False)

    op.create_table('vote_evidence',
    sa.Column('vote_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('user_agent', sa.String(length=400), nullable=True),
    sa.Column('accept_language', sa.String(length=200), nullable=True),
    sa.Column('reduced_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['vote_id'], ['vote.id'], name=op.f('fk_vote_evidence_vote_id_vote'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('vote_id', name=op.f('pk_vote_evidence'))
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(VOTE_APPEND_ONLY_FUNCTION)
        op.execute(
            "CREATE TRIGGER vote_append_only BEFORE UPDATE OR DELETE ON vote "
            "FOR EACH ROW EXECUTE FUNCTION vote_append_only()"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS vote_append_only ON vote")
        op.execute("DROP FUNCTION IF EXISTS vote_append_only()")
    op.drop_table('vote_evidence')
    with op.batch_alter_table('quarantine', schema=None) as batch_op:
        batch_op.drop_index('ix_quarantine_voter')
        batch_op.drop_index('ix_quarantine_vote')
        batch_op.drop_index('ix_quarantine_edition_active')

    op.drop_table('quarantine')
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_index('ix_vote_entry_cast_at')
        batch_op.drop_index('ix_vote_changed')
        batch_op.drop_index('ix_vote_edition_subnet')
        batch_op.drop_index('ix_vote_edition_cast_at')
        batch_op.drop_index('ix_vote_category_entry')

    op.drop_table('vote')
    op.drop_table('voting_settings')
