"""The digest of new strong matches, sent by `flask notifications send-digests`.

Each graduate who chose a daily or weekly digest gets one notification (and its email, when
their preferences and the news consent allow) listing strong matches, as "For you" labels them,
that no earlier digest listed, and the deadlines of their staying checklist within two weeks
(a digest goes out for a deadline alone when no earlier digest listed it). At most one
digest per calendar day (UTC), and per week for a weekly one; nothing when there is nothing
new. What each digest listed is recorded (DigestItem), and the graduate's digest row is locked
while one is decided, so runs in several processes at once send each digest once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from talentmatch import formats
from talentmatch.extensions import db
from talentmatch.models import (
    DigestFrequency,
    DigestItem,
    MatchDigest,
    NotificationKind,
    Opportunity,
    Role,
    User,
)
from talentmatch.models.timestamps import utcnow
from talentmatch.services import mail, matching, staying_reminders
from talentmatch.services.links import absolute, path_for
from talentmatch.services.notifications import Notice, notify
from talentmatch.services.opportunity_texts import shown_text
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.staying_reminders import Deadline
from talentmatch.services.transaction import unit_of_work

CANDIDATES = 50  # recommendations looked at per graduate
MAX_ITEMS = 10  # listed in one digest; the rest wait for the next one
BATCH = 100  # digests per background job
PERIOD_DAYS = {DigestFrequency.DAILY: 1, DigestFrequency.WEEKLY: 7}


@dataclass(frozen=True)
class ListedItem:
    """One opportunity as an email lists it, its title in the recipient's language if it has
    one in it; otherwise `lang` is the language of the title and `note` says so."""

    title: str
    provider: str
    deadline: date | None
    url: str
    lang: str | None = None
    note: str = ""


def listed_item(opportunity: Opportunity, locale: str) -> ListedItem:
    """The opportunity for an email to a reader of `locale` (render it in that language)."""
    text = shown_text(opportunity, locale)
    with force_locale(locale):
        note = text.note
    return ListedItem(
        text.title,
        opportunity.provider_name,
        opportunity.deadline,
        absolute(path_for("catalogue.detail", opportunity_id=opportunity.id)),
        text.language if text.is_fallback else None,
        note,
    )


def item_lines(items: list[ListedItem]) -> str:
    """The plain-text list of `items` (the HTML part lists them from the same values)."""
    return "\n".join(
        f"- {item.title}"
        + (f" ({item.provider})" if item.provider else "")
        + (f"\n  {item.note}" if item.note else "")
        + f"\n  {item.url}"
        for item in items
    )


def _due(digest: MatchDigest, today: date) -> bool:
    if digest.frequency is DigestFrequency.OFF:
        return False
    if digest.last_sent_at is None:
        return True
    return (today - digest.last_sent_at.date()).days >= PERIOD_DAYS[digest.frequency]


def _strong_matches(user: User, today: date) -> list[Opportunity]:
    listed = set(
        db.session.scalars(select(DigestItem.opportunity_id).where(DigestItem.user_id == user.id))
    )
    recommendations = matching.recommend_for(user, k=CANDIDATES, today=today)
    return [
        r.opportunity
        for r in recommendations
        if r.band == "strong" and r.opportunity.id not in listed
    ][:MAX_ITEMS]


def _intro(user: User) -> str:
    return _(
        "Hello %(name)s,\n\nthese opportunities are new strong matches for your profile:",
        name=user.full_name,
    )


def _deadline_lines(deadlines: list[Deadline]) -> str:
    return (
        _("Coming up on your staying checklist:")
        + "\n"
        + "\n".join(f"- {d.title}: {formats.date(d.due_on)}\n  {d.url}" for d in deadlines)
    )


def _render(user: User, items: list[ListedItem], deadlines: list[Deadline]) -> Notice:
    count = len(items)
    parts = [_intro(user) + "\n\n" + item_lines(items)] if items else []
    if deadlines:
        parts.append(_deadline_lines(deadlines))
    if items:
        text = ngettext(
            "%(num)d new strong match for you", "%(num)d new strong matches for you", count
        )
        subject = ngettext(
            "TalentMatch: %(num)d new strong match",
            "TalentMatch: %(num)d new strong matches",
            count,
        )
    else:
        text = _("Deadlines coming up on your staying checklist")
        subject = _("TalentMatch: deadlines on your staying checklist")
        parts.insert(0, _("Hello %(name)s,", name=user.full_name))
    return Notice(text=text, subject=subject, body="\n\n".join(parts))


def send_one(digest_id: int, now: datetime | None = None) -> bool:
    """Send one graduate's digest if it is due and has something new; True when sent."""
    now = now or utcnow()
    digest = db.session.get(MatchDigest, digest_id)
    if digest is None or not _due(digest, now.date()):
        return False
    user = db.session.get(User, digest.user_id)
    if user is None or not user.active or not user.has_role(Role.GRADUATE):
        return False
    matches = _strong_matches(user, now.date())  # may commit (a missing profile is created)
    deadlines = staying_reminders.digest_deadlines(user, now.date())
    if not matches and not staying_reminders.new_in_digest(user, deadlines):
        return False
    with unit_of_work():
        lock_for_update(digest)  # a digest run in another process waits here, then skips
        if not _due(digest, now.date()):
            return False
        items = [listed_item(opportunity, user.locale or "en") for opportunity in matches]
        with mail.in_language_of(user):
            intro = mail.paragraphs(
                _intro(user) if matches else _("Hello %(name)s,", name=user.full_name)
            )
        for opportunity in matches:
            db.session.add(DigestItem(user_id=user.id, opportunity_id=opportunity.id, sent_at=now))
        staying_reminders.record_digest(user, deadlines)
        digest.last_sent_at = now
        notify(
            user,
            NotificationKind.DIGEST,
            path_for("graduates.for_you") if matches else path_for("staying.index"),
            lambda: _render(user, items, deadlines),
            html_template="matches.html",
            items=items,
            intro=intro,
            deadlines=deadlines,
        )
    return True


def _digest_ids(first_id: int | None = None, last_id: int | None = None) -> list[int]:
    """Digests of active accounts that are not off, between the ids given."""
    query = (
        select(MatchDigest.id)
        .join(User, User.id == MatchDigest.user_id)
        .where(MatchDigest.frequency != DigestFrequency.OFF, User.active.is_(True))
        .order_by(MatchDigest.id)
    )
    if first_id is not None:
        query = query.where(MatchDigest.id >= first_id)
    if last_id is not None:
        query = query.where(MatchDigest.id <= last_id)
    return list(db.session.scalars(query))


def send_digests(
    now: datetime | None = None, first_id: int | None = None, last_id: int | None = None
) -> int:
    """Every due digest (between the digest ids given); returns how many were sent (the caller
    delivers the outbox)."""
    return sum(send_one(digest_id, now) for digest_id in _digest_ids(first_id, last_id))


def batches(size: int = BATCH) -> list[tuple[int, int]]:
    """The digests in ranges of ids of at most `size` digests each, one background job each, so
    several workers share a run and a retry repeats one batch (whose sent digests it skips)."""
    ids = _digest_ids()
    return [
        (chunk[0], chunk[-1]) for chunk in (ids[i : i + size] for i in range(0, len(ids), size))
    ]
