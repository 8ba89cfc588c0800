"""dispatch: the on-time target a plan is optimised to hold (none: a fixed lateness weight)

Revision ID: c4e81f0a9b37
Revises: 8d3f2a61c0b7
Create Date: 2026-12-04

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e81f0a9b37'
down_revision = '8d3f2a61c0b7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dispatch_plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_time_target', sa.Double(), nullable=True))


def downgrade():
    with op.batch_alter_table('dispatch_plans', schema=None) as batch_op:
        batch_op.drop_column('on_time_target')
