"""Editions: an optional banner image (file name, type, size, alt text) and a demo flag.

Revision ID: 398f7259cd76
Revises: c3a1e5d2b7f4
Create Date: 2026-12-01 21:05:00

Reviewed by hand: the banner file lives in UPLOAD_FOLDER (like entry images); a CHECK makes the
alt text required whenever a banner is set. ``is_demo`` defaults to false for existing rows.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '398f7259cd76'
down_revision = 'c3a1e5d2b7f4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('edition', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_demo', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('banner_storage_name', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('banner_content_type', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('banner_width', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('banner_height', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('banner_alt', sa.String(length=300), nullable=True))
        batch_op.create_check_constraint(
            'banner_alt_required', 'banner_storage_name IS NULL OR banner_alt IS NOT NULL'
        )


def downgrade():
    with op.batch_alter_table('edition', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_edition_banner_alt_required'), type_='check')
        batch_op.drop_column('banner_alt')
        batch_op.drop_column('banner_height')
        batch_op.drop_column('banner_width')
        batch_op.drop_column('banner_content_type')
        batch_op.drop_column('banner_storage_name')
        batch_op.drop_column('is_demo')
