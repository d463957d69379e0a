"""Form submissions already acted on: a create form sent twice (a double click) creates once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talentmatch.extensions import db
from talentmatch.models.timestamps import utcnow


class FormSubmission(db.Model):
    """The one-time token a create form carried, who sent it and what it created."""

    __tablename__ = "form_submissions"
    __table_args__ = (UniqueConstraint("user_id", "token", name="uq_form_submissions_user_token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(String(64))
    # What the form creates ("job", "catalogue_item", …) and the id of the row it created.
    purpose: Mapped[str] = mapped_column(String(40))
    result_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<FormSubmission {self.purpose} by {self.user_id} -> {self.result_id}>"
