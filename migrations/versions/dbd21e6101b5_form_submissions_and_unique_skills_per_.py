"""form submissions (one-time create-form tokens); a skill and a position once per profile and
per opportunity

Revision ID: dbd21e6101b5
Revises: 5a4736958927
Create Date: 2026-12-02 04:38:31.993012

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dbd21e6101b5'
down_revision = '5a4736958927'
branch_labels = None
depends_on = None

# Rows that concurrent saves duplicated before these constraints existed: keep the first.
_DUPLICATES = """
DELETE FROM {table} WHERE id IN (
    SELECT later.id FROM {table} later JOIN {table} earlier
      ON earlier.{owner} = later.{owner} AND earlier.id < later.id
     AND (earlier.position = later.position OR earlier.skill_id = later.skill_id)
)
"""


def upgrade():
    op.create_table('form_submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=40), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_form_submissions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_submissions')),
    sa.UniqueConstraint('user_id', 'token', name='uq_form_submissions_user_token')
    )
    with op.batch_alter_table('form_submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_submissions_created_at'), ['created_at'], unique=False)

    op.execute(_DUPLICATES.format(table='opportunity_skills', owner='opportunity_id'))
    with op.batch_alter_table('opportunity_skills', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_opportunity_skills_opp_position', ['opportunity_id', 'position'])
        batch_op.create_unique_constraint('uq_opportunity_skills_opp_skill', ['opportunity_id', 'skill_id'])

    op.execute(_DUPLICATES.format(table='profile_skills', owner='profile_id'))
    with op.batch_alter_table('profile_skills', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_profile_skills_profile_position', ['profile_id', 'position'])
        batch_op.create_unique_constraint('uq_profile_skills_profile_skill', ['profile_id', 'skill_id'])


def downgrade():
    with op.batch_alter_table('profile_skills', schema=None) as batch_op:
        batch_op.drop_constraint('uq_profile_skills_profile_skill', type_='unique')
        batch_op.drop_constraint('uq_profile_skills_profile_position', type_='unique')

    with op.batch_alter_table('opportunity_skills', schema=None) as batch_op:
        batch_op.drop_constraint('uq_opportunity_skills_opp_skill', type_='unique')
        batch_op.drop_constraint('uq_opportunity_skills_opp_position', type_='unique')

    with op.batch_alter_table('form_submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_submissions_created_at'))

    op.drop_table('form_submissions')
