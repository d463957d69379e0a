"""Single-use links sent by email (email verification, password reset, staff invitations), stored
only as hashes."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentmatch.extensions import db
from talentmatch.models.enums import enum_column_values
from talentmatch.models.timestamps import utcnow
from talentmatch.models.users import User


class TokenPurpose(enum.StrEnum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"
    STAFF_INVITATION = "staff_invite"  # the column holds 20 characters


class AccountToken(db.Model):
    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(
        Enum(
            TokenPurpose,
            values_callable=enum_column_values,
            native_enum=False,
            length=20,
            name="token_purpose",
        )
    )
    # SHA-256 of the secret in the link; the secret itself is only ever in the email.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The address the link was sent to: a verification link proves only that address.
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<AccountToken {self.purpose} for user {self.user_id}>"
