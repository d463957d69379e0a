"""Sign-ins: one row per signed-in browser, holding its session and, if asked for, its
remember-me token. Deleting the row ends both."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.extensions import db
from talentmatch.models.timestamps import utcnow


class SignIn(db.Model):
    __tablename__ = "sign_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the random key in the session cookie; None once the session has timed out
    # while the remember-me token lives on.
    session_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    session_started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The account's session version when this sign-in began; a raised version ends it.
    session_version: Mapped[int]
    # Remember-me: the cookie is "<selector>.<validator>"; only the validator's SHA-256 is kept.
    remember_selector: Mapped[str | None] = mapped_column(String(32), unique=True)
    remember_hash: Mapped[str | None] = mapped_column(String(64))
    remember_expires_at: Mapped[datetime | None]
    # What the person sees in their list of devices, e.g. "Firefox on Windows".
    device: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def remembered(self) -> bool:
        return self.remember_selector is not None

    def __repr__(self) -> str:
        return f"<SignIn {self.id} user={self.user_id} {self.device!r}>"
