"""orders: the day an assigned order is planned for

Revision ID: 8d3f2a61c0b7
Revises: 5b1e7c9d2a40
Create Date: 2026-12-03

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8d3f2a61c0b7'
down_revision = '5b1e7c9d2a40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('work_orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('work_date', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('work_orders', schema=None) as batch_op:
        batch_op.drop_column('work_date')
