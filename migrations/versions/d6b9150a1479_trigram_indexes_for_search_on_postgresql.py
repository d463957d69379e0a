"""Trigram indexes for the catalogue's search on PostgreSQL

Revision ID: d6b9150a1479
Revises: e5796c23b491
Create Date: 2026-12-06 01:44:45.068328

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "d6b9150a1479"
down_revision = "e5796c23b491"
branch_labels = None
depends_on = None

SEARCHED = (
    ("opportunities", "title"),
    ("opportunities", "description"),
    ("opportunity_texts", "title"),
    ("opportunity_texts", "description"),
    ("opportunity_skills", "label"),
    ("esco_skills", "search_text"),
)


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite scans: the embedded default's catalogue is small
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column in SEARCHED:
        op.create_index(
            f"ix_{table}_{column}_trgm",
            table,
            [column],
            postgresql_using="gin",
            postgresql_ops={column: "gin_trgm_ops"},
        )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in SEARCHED:
        op.drop_index(f"ix_{table}_{column}_trgm", table_name=table)
