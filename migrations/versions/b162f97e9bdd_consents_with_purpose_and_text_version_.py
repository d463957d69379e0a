"""consents with purpose and text version, erasure requests, retention notices

Each old consent record was one change of a graduate's visibility. They become consents per
purpose: visibility to career services (in force for "career_services" and "employers") and
to employers (in force for "employers"), given and withdrawn at the times of those changes,
with the text version of the profile form that asked for them.

Revision ID: b162f97e9bdd
Revises: 905b84486835
Create Date: 2026-12-02 04:30:02.190361

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b162f97e9bdd"
down_revision = "905b84486835"
branch_labels = None
depends_on = None


PROFILE_FORM_VERSION = "profile-form-2026-11"
CAREER_SERVICES = "career_services_visibility"
EMPLOYERS = "employer_visibility"
GRANTS = {
    "private": set(),
    "career_services": {CAREER_SERVICES},
    "employers": {CAREER_SERVICES, EMPLOYERS},
}
PURPOSES = (
    "career_services_visibility",
    "employer_visibility",
    "outcome_sharing",
    "email_notifications",
)


def _new_consent_table():
    op.create_table(
        "consent_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(*PURPOSES, name="consent_purpose", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("text_version", sa.String(length=40), nullable=False),
        sa.Column("given_at", sa.DateTime(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_consent_records_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_records")),
    )
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_records_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "uq_consent_records_in_force",
            ["user_id", "purpose"],
            unique=True,
            sqlite_where=sa.text("withdrawn_at IS NULL"),
            postgresql_where=sa.text("withdrawn_at IS NULL"),
        )


def _old_consent_table():
    op.create_table(
        "consent_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "visibility",
            sa.Enum(
                "private",
                "career_services",
                "employers",
                name="consent_visibility",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_consent_records_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_records")),
    )
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_records_user_id"), ["user_id"], unique=False)


def _drop_consent_table(indexes):
    with op.batch_alter_table("consent_records", schema=None) as batch_op:
        for name in indexes:
            batch_op.drop_index(name)
    op.drop_table("consent_records")


def consents_from_changes(changes):
    """(user_id, visibility, recorded_at) in time order -> consent rows per purpose."""
    open_by_user = {}
    rows = []
    for user_id, visibility, recorded_at in changes:
        held = open_by_user.setdefault(user_id, {})
        wanted = GRANTS.get(visibility, set())
        for purpose in sorted(set(held) - wanted):
            held.pop(purpose)["withdrawn_at"] = recorded_at
        for purpose in sorted(wanted - set(held)):
            row = {
                "user_id": user_id,
                "purpose": purpose,
                "text_version": PROFILE_FORM_VERSION,
                "given_at": recorded_at,
                "withdrawn_at": None,
            }
            held[purpose] = row
            rows.append(row)
    return rows


def _convert_consent_records():
    bind = op.get_bind()
    # Typed columns, so SQLite's stored text comes back as datetimes.
    old = sa.table(
        "consent_records",
        sa.column("id", sa.Integer),
        sa.column("user_id", sa.Integer),
        sa.column("visibility", sa.String),
        sa.column("recorded_at", sa.DateTime),
    )
    changes = bind.execute(
        sa.select(old.c.user_id, old.c.visibility, old.c.recorded_at).order_by(
            old.c.user_id, old.c.recorded_at, old.c.id
        )
    ).all()
    _drop_consent_table([op.f("ix_consent_records_user_id")])
    _new_consent_table()
    rows = consents_from_changes([(c[0], c[1], c[2]) for c in changes])
    if rows:
        table = sa.table(
            "consent_records",
            sa.column("user_id", sa.Integer),
            sa.column("purpose", sa.String),
            sa.column("text_version", sa.String),
            sa.column("given_at", sa.DateTime),
            sa.column("withdrawn_at", sa.DateTime),
        )
        op.bulk_insert(table, rows)


def _restore_visibility_records():
    """Back to one record per visibility change, from the visibility consents' times."""
    bind = op.get_bind()
    new = sa.table(
        "consent_records",
        sa.column("user_id", sa.Integer),
        sa.column("purpose", sa.String),
        sa.column("given_at", sa.DateTime),
        sa.column("withdrawn_at", sa.DateTime),
    )
    consents = bind.execute(
        sa.select(new.c.user_id, new.c.purpose, new.c.given_at, new.c.withdrawn_at).where(
            new.c.purpose.in_([CAREER_SERVICES, EMPLOYERS])
        )
    ).all()
    events = {}
    for user_id, purpose, given_at, withdrawn_at in consents:
        events.setdefault(user_id, []).append((given_at, purpose, True))
        if withdrawn_at is not None:
            events.setdefault(user_id, []).append((withdrawn_at, purpose, False))
    rows = []
    for user_id, happened in events.items():
        held = set()
        for moment, purpose, given in sorted(happened, key=lambda e: (e[0], not e[2])):
            (held.add if given else held.discard)(purpose)
            visibility = (
                "employers" if EMPLOYERS in held else "career_services" if held else "private"
            )
            if rows and rows[-1]["user_id"] == user_id and rows[-1]["recorded_at"] == moment:
                rows[-1]["visibility"] = visibility
            else:
                rows.append({"user_id": user_id, "visibility": visibility, "recorded_at": moment})
    _drop_consent_table(["uq_consent_records_in_force", op.f("ix_consent_records_user_id")])
    _old_consent_table()
    if rows:
        table = sa.table(
            "consent_records",
            sa.column("user_id", sa.Integer),
            sa.column("visibility", sa.String),
            sa.column("recorded_at", sa.DateTime),
        )
        op.bulk_insert(table, rows)


def upgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table(
        "erasure_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "reason",
            sa.Enum(
                "self_service",
                "administrator",
                "retention",
                name="erasure_reason",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "step",
            sa.Enum(
                "requested",
                "sessions_ended",
                "rows_deleted",
                "personal_fields_removed",
                "files_removed",
                "artefacts_refit",
                "done",
                name="erasure_step",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("rows_deleted_at", sa.DateTime(), nullable=True),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_erasure_requests_requested_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_erasure_requests_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasure_requests")),
    )
    with op.batch_alter_table("erasure_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_erasure_requests_requested_by_id"), ["requested_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_erasure_requests_user_id"), ["user_id"], unique=False)

    op.create_table(
        "retention_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("warned_at", sa.DateTime(), nullable=False),
        sa.Column("delete_after", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_retention_notices_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_notices")),
        sa.UniqueConstraint("user_id", name=op.f("uq_retention_notices_user_id")),
    )
    _convert_consent_records()

    # ### end Alembic commands ###


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    _restore_visibility_records()

    op.drop_table("retention_notices")
    with op.batch_alter_table("erasure_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_erasure_requests_user_id"))
        batch_op.drop_index(batch_op.f("ix_erasure_requests_requested_by_id"))

    op.drop_table("erasure_requests")
    # ### end Alembic commands ###
