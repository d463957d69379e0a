"""Contact between employers and graduates: invitations to apply, message threads, introductions
by career services, and the organisations a graduate has blocked."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentmatch.extensions import db
from talentmatch.models.enums import enum_column_values
from talentmatch.models.timestamps import utcnow

if TYPE_CHECKING:
    from talentmatch.models.applications import Application
    from talentmatch.models.opportunities import Opportunity
    from talentmatch.models.organisations import Organisation
    from talentmatch.models.users import User


class InvitationStatus(enum.StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class MessageSide(enum.StrEnum):
    """Who a message speaks for: the graduate, the organisation, or the career service that
    introduced them."""

    GRADUATE = "graduate"
    ORGANISATION = "organisation"
    CAREER_SERVICES = "career_services"


class Invitation(db.Model):
    """An organisation invites a graduate to apply for one of its jobs, with a note."""

    __tablename__ = "invitations"
    # One invitation per graduate and job, however many clicks: a declined one is an answer.
    __table_args__ = (
        UniqueConstraint("user_id", "opportunity_id", name="uq_invitations_user_opportunity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    # Who sent it for the organisation; the invitation stays the organisation's if they leave.
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[InvitationStatus] = mapped_column(
        Enum(
            InvitationStatus,
            values_callable=enum_column_values,
            native_enum=False,
            length=20,
            name="invitation_status",
        ),
        default=InvitationStatus.OPEN,
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]

    graduate: Mapped[User] = relationship(foreign_keys=[user_id])
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])
    opportunity: Mapped[Opportunity] = relationship()
    organisation: Mapped[Organisation] = relationship()
    thread: Mapped[MessageThread | None] = relationship(back_populates="invitation")

    def __repr__(self) -> str:
        return f"<Invitation {self.organisation_id}->{self.user_id} job {self.opportunity_id}>"


class MessageThread(db.Model):
    """A conversation between an organisation and a graduate, about an invitation, an
    application or an introduction (at most one thread each)."""

    __tablename__ = "message_threads"
    __table_args__ = (
        UniqueConstraint("invitation_id", name="uq_message_threads_invitation"),
        UniqueConstraint("application_id", name="uq_message_threads_application"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunities.id", ondelete="SET NULL"), index=True
    )
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE")
    )
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE")
    )
    # The career-services adviser who introduced the graduate to the organisation.
    introduced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The last message each side has seen (message ids grow), for unread counts.
    graduate_read_id: Mapped[int] = mapped_column(default=0)
    organisation_read_id: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    graduate: Mapped[User] = relationship(foreign_keys=[user_id])
    introduced_by: Mapped[User | None] = relationship(foreign_keys=[introduced_by_id])
    organisation: Mapped[Organisation] = relationship()
    opportunity: Mapped[Opportunity | None] = relationship()
    invitation: Mapped[Invitation | None] = relationship(back_populates="thread")
    application: Mapped[Application | None] = relationship()
    messages: Mapped[list[Message]] = relationship(
        back_populates="thread", order_by="Message.id", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<MessageThread {self.organisation_id}<->{self.user_id}>"


class Message(db.Model):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("message_threads.id", ondelete="CASCADE"), index=True
    )
    # Kept for the organisation's side when its writer's account is erased (then NULL).
    sender_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    side: Mapped[MessageSide] = mapped_column(
        Enum(
            MessageSide,
            values_callable=enum_column_values,
            native_enum=False,
            length=20,
            name="message_side",
        )
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    thread: Mapped[MessageThread] = relationship(back_populates="messages")
    sender: Mapped[User | None] = relationship()


class OrganisationBlock(db.Model):
    """A graduate does not want to hear from an organisation: no invitations, no messages, and
    the organisation no longer finds them among its candidates."""

    __tablename__ = "organisation_blocks"
    __table_args__ = (
        UniqueConstraint("user_id", "organisation_id", name="uq_organisation_blocks_user_org"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship()
