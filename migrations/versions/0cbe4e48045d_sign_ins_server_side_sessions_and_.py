"""sign-ins: server-side sessions and remember-me tokens

Sessions and remember-me cookies issued before this revision name no sign-in, so everyone signs
in once more after the upgrade.

Revision ID: 0cbe4e48045d
Revises: ed45e562eb20
Create Date: 2026-12-02 04:35:27.066027

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0cbe4e48045d'
down_revision = 'ed45e562eb20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('session_hash', sa.String(length=64), nullable=True),
    sa.Column('session_started_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('remember_selector', sa.String(length=32), nullable=True),
    sa.Column('remember_hash', sa.String(length=64), nullable=True),
    sa.Column('remember_expires_at', sa.DateTime(), nullable=True),
    sa.Column('device', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sign_ins_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_ins')),
    sa.UniqueConstraint('remember_selector', name=op.f('uq_sign_ins_remember_selector')),
    sa.UniqueConstraint('session_hash', name=op.f('uq_sign_ins_session_hash'))
    )
    with op.batch_alter_table('sign_ins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_ins_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('sign_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_ins_user_id'))

    op.drop_table('sign_ins')
