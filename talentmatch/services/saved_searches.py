"""Saved catalogue searches: a graduate names the current query and filters, runs it again with
a click, and may ask for alerts.

An alert (a SEARCH_ALERT notification, emailed per the person's preferences) lists the
opportunities matching the search that were added since the last alert, at most once a day;
`flask notifications send-digests` sends them after the digests (and
`flask notifications send-search-alerts` sends only them). Saving under a name already used
replaces that search, so a double click saves one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from talentmatch.extensions import db
from talentmatch.models import NotificationKind, Role, SavedSearch, User
from talentmatch.models.timestamps import utcnow
from talentmatch.services import catalogue_search, email_preferences, mail
from talentmatch.services.catalogue_search import SearchFilters
from talentmatch.services.digests import ListedItem, item_lines, listed_item
from talentmatch.services.errors import DomainError, InvalidInput, NotAllowed, NotFound
from talentmatch.services.links import path_for
from talentmatch.services.notifications import Notice, notify
from talentmatch.services.row_locks import lock_for_update
from talentmatch.services.transaction import unit_of_work

MAX_NAME = 80
MAX_SAVED = 50
ALERT_ITEMS = 20


def _require_graduate(actor: User) -> None:
    if not actor.has_role(Role.GRADUATE):
        raise NotAllowed(_("Saved searches are for graduates."))


def list_for(actor: User) -> list[SavedSearch]:
    _require_graduate(actor)
    return list(
        db.session.scalars(
            select(SavedSearch)
            .where(SavedSearch.user_id == actor.id)
            .order_by(SavedSearch.name, SavedSearch.id)
        )
    )


def get_own(actor: User, search_id: int) -> SavedSearch:
    search = db.session.get(SavedSearch, search_id)
    if search is None or search.user_id != actor.id:
        raise NotFound(_("No such saved search."))
    return search


def _find_by_name(actor: User, name: str) -> SavedSearch | None:
    return db.session.scalar(
        select(SavedSearch).where(SavedSearch.user_id == actor.id, SavedSearch.name == name)
    )


def _apply(search: SavedSearch, filters: SearchFilters, alerts: bool) -> None:
    search.text = filters.text[: catalogue_search.MAX_SEARCH_TEXT]
    search.kind = filters.kind
    search.municipality = filters.municipality
    search.remote = filters.remote
    search.employment_type = filters.employment_type
    search.meets_my_languages = filters.meets_my_languages
    search.alerts = alerts


def save(actor: User, name: str, filters: SearchFilters, alerts: bool = False) -> SavedSearch:
    """Save `filters` under `name` (replacing a search of that name); alerts give the news
    consent (see services/email_preferences.py)."""
    _require_graduate(actor)
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("Give the search a name."), "name")
    if len(name) > MAX_NAME:
        raise InvalidInput(_("Use at most %(n)d characters.", n=MAX_NAME), "name")
    if len(filters.text) > catalogue_search.MAX_SEARCH_TEXT:
        raise InvalidInput(_("The search words are too long to save."), "name")
    for attempt in range(2):
        try:
            with unit_of_work():
                search = _find_by_name(actor, name)
                if search is None:
                    if len(list_for(actor)) >= MAX_SAVED:
                        raise InvalidInput(
                            _("You can keep at most %(n)d saved searches.", n=MAX_SAVED), "name"
                        )
                    search = SavedSearch(user_id=actor.id, name=name)
                    db.session.add(search)
                _apply(search, filters, alerts)
                if alerts:
                    email_preferences.give_news_consent(actor)
            return search
        except IntegrityError:  # the same name saved by a simultaneous request: replace it
            if attempt:
                raise
    raise AssertionError("unreachable")


def delete(actor: User, search_id: int) -> None:
    search = get_own(actor, search_id)
    with unit_of_work():
        db.session.delete(search)


def set_alerts(actor: User, search_id: int, alerts: bool) -> SavedSearch:
    """Turn alerts on (from now on: only opportunities added after this) or off."""
    search = get_own(actor, search_id)
    with unit_of_work():
        if alerts and not search.alerts:
            search.alerted_up_to = utcnow()
            email_preferences.give_news_consent(actor)
        search.alerts = alerts
    return search


def filters_of(search: SavedSearch, page: int = 1) -> SearchFilters:
    return SearchFilters(
        kind=search.kind,
        municipality=search.municipality,
        remote=search.remote,
        employment_type=search.employment_type,
        meets_my_languages=search.meets_my_languages,
        text=search.text,
        page=page,
    )


def query_args(search: SavedSearch) -> dict[str, Any]:
    """The catalogue's query string for this search (what its "Run" link opens)."""
    args: dict[str, Any] = {
        "q": search.text,
        "kind": search.kind.value if search.kind else "",
        "municipality": search.municipality or "",
        "employment_type": search.employment_type.value if search.employment_type else "",
        "remote": "y" if search.remote else "",
        "meets_my_languages": "y" if search.meets_my_languages else "",
    }
    return {key: value for key, value in args.items() if value}


# --- Alerts --------------------------------------------------------------------------------------


def send_alert(search_id: int, now: datetime | None = None) -> bool:
    """Send one search's alert if it has opportunities added since the last one and none was
    sent today; True when sent."""
    now = now or utcnow()
    with unit_of_work():
        search = db.session.get(SavedSearch, search_id)
        if search is None:
            return False
        lock_for_update(search)  # an alert run in another process waits here, then skips
        if not search.alerts or (
            search.last_alert_at and search.last_alert_at.date() >= now.date()
        ):
            return False
        user = db.session.get(User, search.user_id)
        if user is None or not user.active:
            return False
        filters = filters_of(search)
        try:
            found = catalogue_search.search(
                replace(filters, created_after=search.alerted_up_to),
                user,
                today=now.date(),
                per_page=ALERT_ITEMS,
            )
        except DomainError:  # e.g. the profile no longer lists languages to filter by
            return False
        if not found.items:
            return False
        items = [listed_item(opportunity, user.locale or "en") for opportunity in found.items]
        total = int(found.total or 0)
        name = search.name
        with mail.in_language_of(user):
            intro = mail.paragraphs(_alert_intro(user, name))
        notify(
            user,
            NotificationKind.SEARCH_ALERT,
            path_for("catalogue.index", **query_args(search)),
            lambda: _render(user, name, items, total),
            html_template="matches.html",
            items=items,
            intro=intro,
        )
        search.alerted_up_to = now
        search.last_alert_at = now
    return True


def _alert_intro(user: User, name: str) -> str:
    return _(
        'Hello %(name)s,\n\nnew opportunities match your saved search "%(search)s":',
        name=user.full_name,
        search=name,
    )


def _render(user: User, name: str, items: list[ListedItem], total: int) -> Notice:
    return Notice(
        text=ngettext(
            '%(num)d new opportunity for your saved search "%(search)s"',
            '%(num)d new opportunities for your saved search "%(search)s"',
            total,
            search=name,
        ),
        subject=ngettext(
            'TalentMatch: %(num)d new result for "%(search)s"',
            'TalentMatch: %(num)d new results for "%(search)s"',
            total,
            search=name,
        ),
        body=_alert_intro(user, name) + "\n\n" + item_lines(items),
    )


def send_alerts(now: datetime | None = None) -> int:
    """Every due alert; returns how many were sent (the caller delivers the outbox)."""
    ids = db.session.scalars(
        select(SavedSearch.id).where(SavedSearch.alerts.is_(True)).order_by(SavedSearch.id)
    ).all()
    return sum(send_alert(search_id, now) for search_id in ids)
