"""dispatch: the lateness weight a plan is optimised with

Revision ID: 5b1e7c9d2a40
Revises: 2cb9367d4974
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1e7c9d2a40'
down_revision = '2cb9367d4974'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dispatch_plans', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('lateness_weight', sa.Double(), server_default='1', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('dispatch_plans', schema=None) as batch_op:
        batch_op.drop_column('lateness_weight')
