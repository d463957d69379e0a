"""signed model artefacts

Model artefacts are now signed (HMAC-SHA256 under MATCHING_ARTEFACT_KEY, a key never stored in
the database) and hold data only (a JSON manifest and NumPy arrays, no pickle). Versions stored
before are joblib pickles without a signature: no worker loads them any more (each is refused
like any unsigned row, and a fresh version is fitted in its place), so this revision deletes
them; the first request after the upgrade fits a new version, as on a new installation.

Revision ID: 5a4736958927
Revises: 0cbe4e48045d
Create Date: 2026-12-02 04:32:24.743354

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5a4736958927"
down_revision = "0cbe4e48045d"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("model_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signature", sa.String(length=64), nullable=True))
    # Unsigned pickles can never be loaded again; none is worth keeping.
    op.execute("DELETE FROM model_versions WHERE signature IS NULL")


def downgrade():
    # Signed artefacts are not pickles, so the previous version could not read them either.
    op.execute("DELETE FROM model_versions")
    with op.batch_alter_table("model_versions", schema=None) as batch_op:
        batch_op.drop_column("signature")
