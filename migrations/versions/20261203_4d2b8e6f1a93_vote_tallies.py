"""Running tallies of the votes cast (per nominee, per nominee and hour, per network and
nominee, per user agent and nominee) for the fraud signals and the organisers' live view.

Revision ID: 4d2b8e6f1a93
Revises: b7c1d2e3f4a5
Create Date: 2026-12-03 09:00:00

Written by hand: the suspicious-activity page must stay fast at two million votes, and any
GROUP BY over the vote table takes seconds there; these tables hold the same counts, added up
batch by batch (awards/voting/tallies.py) and rebuildable from the votes at any time, so they
reference editions, entries and categories ON DELETE CASCADE.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4d2b8e6f1a93'
down_revision = 'b7c1d2e3f4a5'
branch_labels = None
depends_on = None


def _edition():
    return sa.Column('edition_id', sa.Integer(), nullable=False)


def _edition_fk(table):
    return sa.ForeignKeyConstraint(
        ['edition_id'], ['edition.id'], name=f'fk_{table}_edition_id_edition', ondelete='CASCADE'
    )


def _entry_fk(table):
    return sa.ForeignKeyConstraint(
        ['entry_id'], ['entry.id'], name=f'fk_{table}_entry_id_entry', ondelete='CASCADE'
    )


def _category_fk(table):
    return sa.ForeignKeyConstraint(
        ['category_id'], ['category.id'], name=f'fk_{table}_category_id_category',
        ondelete='CASCADE',
    )


def upgrade():
    op.create_table('vote_tally_mark',
    _edition(),
    sa.Column('sealed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('votes', sa.Integer(), nullable=False),
    _edition_fk('vote_tally_mark'),
    sa.PrimaryKeyConstraint('edition_id', name=op.f('pk_vote_tally_mark'))
    )
    op.create_table('vote_entry_tally',
    _edition(),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('votes', sa.Integer(), nullable=False),
    sa.Column('fresh_votes', sa.Integer(), nullable=False),
    _category_fk('vote_entry_tally'),
    _edition_fk('vote_entry_tally'),
    _entry_fk('vote_entry_tally'),
    sa.PrimaryKeyConstraint('edition_id', 'entry_id', name=op.f('pk_vote_entry_tally'))
    )
    op.create_table('vote_hour_tally',
    _edition(),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('hour', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('votes', sa.Integer(), nullable=False),
    sa.Column('fresh_votes', sa.Integer(), nullable=False),
    _category_fk('vote_hour_tally'),
    _edition_fk('vote_hour_tally'),
    _entry_fk('vote_hour_tally'),
    sa.PrimaryKeyConstraint('edition_id', 'entry_id', 'hour', name=op.f('pk_vote_hour_tally'))
    )
    with op.batch_alter_table('vote_hour_tally', schema=None) as batch_op:
        batch_op.create_index('ix_vote_hour_tally_fresh', ['edition_id', 'fresh_votes'], unique=False)
        batch_op.create_index('ix_vote_hour_tally_hour', ['edition_id', 'hour'], unique=False)
        batch_op.create_index('ix_vote_hour_tally_votes', ['edition_id', 'votes'], unique=False)

    op.create_table('vote_subnet_tally',
    _edition(),
    sa.Column('subnet', sa.String(length=64), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('votes', sa.Integer(), nullable=False),
    _category_fk('vote_subnet_tally'),
    _edition_fk('vote_subnet_tally'),
    _entry_fk('vote_subnet_tally'),
    sa.PrimaryKeyConstraint('edition_id', 'subnet', 'entry_id', name=op.f('pk_vote_subnet_tally'))
    )
    with op.batch_alter_table('vote_subnet_tally', schema=None) as batch_op:
        batch_op.create_index(
            'ix_vote_subnet_tally_category', ['edition_id', 'subnet', 'category_id'], unique=False
        )
        batch_op.create_index('ix_vote_subnet_tally_votes', ['edition_id', 'votes'], unique=False)

    op.create_table('vote_agent_tally',
    _edition(),
    sa.Column('agent_key', sa.String(length=16), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('votes', sa.Integer(), nullable=False),
    _category_fk('vote_agent_tally'),
    _edition_fk('vote_agent_tally'),
    _entry_fk('vote_agent_tally'),
    sa.PrimaryKeyConstraint('edition_id', 'agent_key', 'entry_id', name=op.f('pk_vote_agent_tally'))
    )
    with op.batch_alter_table('vote_agent_tally', schema=None) as batch_op:
        batch_op.create_index(
            'ix_vote_agent_tally_category', ['edition_id', 'agent_key', 'category_id'], unique=False
        )
        batch_op.create_index('ix_vote_agent_tally_votes', ['edition_id', 'votes'], unique=False)


def downgrade():
    with op.batch_alter_table('vote_agent_tally', schema=None) as batch_op:
        batch_op.drop_index('ix_vote_agent_tally_votes')
        batch_op.drop_index('ix_vote_agent_tally_category')
    op.drop_table('vote_agent_tally')
    with op.batch_alter_table('vote_subnet_tally', schema=None) as batch_op:
        batch_op.drop_index('ix_vote_subnet_tally_votes')
        batch_op.drop_index('ix_vote_subnet_tally_category')
    op.drop_table('vote_subnet_tally')
    with op.batch_alter_table('vote_hour_tally', schema=None) as batch_op:
        batch_op.drop_index('ix_vote_hour_tally_votes')
        batch_op.drop_index('ix_vote_hour_tally_hour')
        batch_op.drop_index('ix_vote_hour_tally_fresh')
    op.drop_table('vote_hour_tally')
    op.drop_table('vote_entry_tally')
    op.drop_table('vote_tally_mark')
