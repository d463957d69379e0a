"""Outcome answers remember the hire in TalentMatch the graduate recorded or declined as an answer.

Revision ID: 8fca2a64c872
Revises: 926ed8aefb31
Create Date: 2026-12-04 21:16:34.840585

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8fca2a64c872'
down_revision = '926ed8aefb31'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outcome_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hire_application_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_outcome_responses_hire_application_id_applications'), 'applications', ['hire_application_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('outcome_responses', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outcome_responses_hire_application_id_applications'), type_='foreignkey')
        batch_op.drop_column('hire_application_id')
