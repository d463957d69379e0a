"""The steps of the staying checklist: the content shipped in data/staying_steps.json (texts in
English, Finnish and Swedish, the authority's page, sources and the day they were last
checked), with administrators' edits on top, and the rules that say when a step applies.

The shipped file is read once per process; an edit lives in the database and replaces the
shipped texts, links and sources of its step on every host at once, until it is reverted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import Role, StayingStepEdit, User, WorkPermit
from talentmatch.models.timestamps import utcnow
from talentmatch.services.errors import InvalidInput, NotAllowed, NotFound
from talentmatch.services.transaction import unit_of_work
from talentmatch.services.web_addresses import web_address, web_address_problem

STEPS_FILE = Path(__file__).resolve().parent.parent / "data" / "staying_steps.json"
LOCALES = ("en", "fi", "sv")
# Where the graduate is in finding work: no offer yet, an offer, or hired.
STAGES = ("searching", "offer", "employed")
# What a step may need beyond the permit and stage: a known permit end date, a recorded move.
NEEDS = ("permit_end", "move")
DUE_FROM = ("permit_end", "moved_on")
# The partner key that stands for the employment services of the graduate's municipality.
EMPLOYMENT_SERVICES = "employment_services"

TITLE_MAX = 160
WHAT_MAX = 1500
WHEN_MAX = 300
URL_MAX = 500
SOURCE_TITLE_MAX = 200
MAX_SOURCES = 6
EARLIEST_CHECK = date(2000, 1, 1)


@dataclass(frozen=True)
class Partner:
    """An authority or service that handles a step, and whether it serves at International
    House Helsinki."""

    key: str
    names: dict[str, str]
    url: str
    at_ihh: bool

    def name(self, locale: str) -> str:
        return self.names.get(locale) or self.names["en"]


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    lang: str = ""  # the language of the title (and page), when known


@dataclass(frozen=True)
class StepText:
    title: str
    what: str
    when: str


@dataclass(frozen=True)
class DueRule:
    """A step's deadline: the permit's end date, or a number of days after a move; the
    reminder comes `remind_days_before` days ahead."""

    source: str  # one of DUE_FROM
    days_after: int = 0
    remind_days_before: int = 30


@dataclass(frozen=True)
class Step:
    key: str
    position: int
    permits: frozenset[WorkPermit]  # empty: whatever the permit situation
    stages: frozenset[str]  # empty: at every stage
    needs: frozenset[str]
    partner_key: str
    due: DueRule | None
    texts: dict[str, StepText]
    links: dict[str, str]
    sources: tuple[Source, ...]
    last_checked: date
    edited_at: datetime | None = None
    edited_by: str = ""

    def text(self, locale: str) -> tuple[StepText, str]:
        """The step's texts in `locale`, else in English; with the language they are in."""
        found = self.texts.get(locale)
        if found is not None and found.title:
            return found, locale
        return self.texts["en"], "en"

    def link(self, locale: str) -> tuple[str, str]:
        """The authority's page in `locale`, else its English page; with its language."""
        if self.links.get(locale):
            return self.links[locale], locale
        return self.links["en"], "en"


@dataclass(frozen=True)
class Content:
    partners: dict[str, Partner]
    steps: tuple[Step, ...]
    employment_services: dict[str, str]  # municipality -> partner key
    employment_services_elsewhere: str

    def partner_for(self, step: Step, municipality: str) -> Partner:
        key = step.partner_key
        if key == EMPLOYMENT_SERVICES:
            key = self.employment_services.get(municipality, self.employment_services_elsewhere)
        return self.partners[key]

    def step(self, key: str) -> Step:
        for step in self.steps:
            if step.key == key:
                return step
        raise NotFound(_("There is no such step in the checklist."))


# --- the shipped file -------------------------------------------------------------------------


def _texts(raw: dict[str, Any]) -> dict[str, StepText]:
    return {
        locale: StepText(
            str(raw.get(locale, {}).get("title", "")),
            str(raw.get(locale, {}).get("what", "")),
            str(raw.get(locale, {}).get("when", "")),
        )
        for locale in LOCALES
    }


def _step(position: int, raw: dict[str, Any]) -> Step:
    due = raw.get("due")
    return Step(
        key=raw["key"],
        position=position,
        permits=frozenset(WorkPermit(value) for value in raw.get("permits", [])),
        stages=frozenset(raw.get("stages", [])),
        needs=frozenset(raw.get("needs", [])),
        partner_key=raw["partner"],
        due=DueRule(
            due["from"], int(due.get("days_after", 0)), int(due.get("remind_days_before", 30))
        )
        if due
        else None,
        texts=_texts(raw["text"]),
        links={locale: url for locale, url in raw["link"].items() if url},
        sources=tuple(Source(s["title"], s["url"], s.get("lang", "")) for s in raw["sources"]),
        last_checked=date.fromisoformat(raw["last_checked"]),
    )


def _check_shipped(content: Content) -> None:
    """The shipped file is ours: a mistake in it is a bug, said plainly at start-up."""
    keys = [step.key for step in content.steps]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{STEPS_FILE.name}: a step key is used twice")
    for step in content.steps:
        where = f"{STEPS_FILE.name}, step {step.key!r}"
        if step.partner_key != EMPLOYMENT_SERVICES and step.partner_key not in content.partners:
            raise ValueError(f"{where}: unknown partner {step.partner_key!r}")
        if not step.stages <= set(STAGES) or not step.needs <= set(NEEDS):
            raise ValueError(f"{where}: unknown stage or need")
        if step.due is not None and step.due.source not in DUE_FROM:
            raise ValueError(f"{where}: unknown due date source {step.due.source!r}")
        if not step.sources or "en" not in step.links or not step.texts["en"].title:
            raise ValueError(f"{where}: needs an English text, an English link and a source")


@lru_cache(maxsize=1)
def shipped() -> Content:
    """The content as shipped, parsed once per process."""
    raw = json.loads(STEPS_FILE.read_text(encoding="utf-8"))
    content = Content(
        partners={
            key: Partner(key, dict(value["name"]), value["url"], bool(value["at_ihh"]))
            for key, value in raw["partners"].items()
        },
        steps=tuple(_step(position, step) for position, step in enumerate(raw["steps"])),
        employment_services=dict(raw["employment_services"]),
        employment_services_elsewhere=raw["employment_services_elsewhere"],
    )
    _check_shipped(content)
    return content


# --- with administrators' edits -------------------------------------------------------------


def _edited(step: Step, edit: StayingStepEdit) -> Step:
    content = edit.content
    return Step(
        key=step.key,
        position=step.position,
        permits=step.permits,
        stages=step.stages,
        needs=step.needs,
        partner_key=step.partner_key,
        due=step.due,
        texts=_texts(content["text"]),
        links={locale: url for locale, url in content["link"].items() if url},
        sources=tuple(Source(s["title"], s["url"], s.get("lang", "")) for s in content["sources"]),
        last_checked=edit.last_checked,
        edited_at=edit.edited_at,
        edited_by=edit.edited_by.full_name if edit.edited_by is not None else "",
    )


def current() -> Content:
    """The content as graduates see it now: shipped, with every administrator's edit."""
    base = shipped()
    edits = {
        edit.step_key: edit
        for edit in db.session.scalars(select(StayingStepEdit))
        if edit.step_key in {step.key for step in base.steps}
    }
    if not edits:
        return base
    steps = tuple(
        _edited(step, edits[step.key]) if step.key in edits else step for step in base.steps
    )
    return Content(
        base.partners, steps, base.employment_services, base.employment_services_elsewhere
    )


@dataclass
class StepEdit:
    """What an administrator sends for one step: texts and links per language, sources as
    (title, address) pairs, and the day the content was checked against its sources."""

    texts: dict[str, StepText]
    links: dict[str, str]
    sources: list[tuple[str, str]]
    last_checked: date | None
    errors: dict[str, str] = field(default_factory=dict)


def _require_admin(actor: User) -> None:
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_("Only administrators edit the checklist."))


def _checked_text(locale: str, text: StepText, errors: dict[str, str]) -> StepText:
    cleaned = StepText(text.title.strip(), text.what.strip(), text.when.strip())
    for name, value, limit in (
        ("title", cleaned.title, TITLE_MAX),
        ("what", cleaned.what, WHAT_MAX),
        ("when", cleaned.when, WHEN_MAX),
    ):
        key = f"{name}_{locale}"
        if not value:
            errors[key] = _("Write this in every language: graduates read it in theirs.")
        elif len(value) > limit:
            errors[key] = _("Keep it under %(n)d characters.", n=limit)
    return cleaned


def _checked_link(locale: str, raw: str, errors: dict[str, str]) -> str:
    address = web_address(raw)
    if not address:
        if locale == "en":
            errors["link_en"] = _("Give the authority's page in English.")
        return ""
    problem = web_address_problem(address, URL_MAX)
    if problem:
        errors[f"link_{locale}"] = problem
    return address


def _checked_sources(
    pairs: list[tuple[str, str]], known: tuple[Source, ...], errors: dict[str, str]
) -> list[dict[str, str]]:
    """The sources as (title, address) pairs; one the step already names keeps its language."""
    languages = {(source.title, source.url): source.lang for source in known}
    sources = []
    for title, raw in pairs:
        title, address = title.strip(), web_address(raw)
        if not title and not address:
            continue
        if not title or not address:
            errors["sources"] = _("Give each source a title and a web address.")
            continue
        if len(title) > SOURCE_TITLE_MAX:
            errors["sources"] = _(
                "Keep each source's title under %(n)d characters.", n=SOURCE_TITLE_MAX
            )
            continue
        problem = web_address_problem(address, URL_MAX)
        if problem:
            errors["sources"] = problem
            continue
        source = {"title": title, "url": address}
        if languages.get((title, address)):
            source["lang"] = languages[(title, address)]
        sources.append(source)
    if not sources and "sources" not in errors:
        errors["sources"] = _("Name at least one source the step rests on.")
    if len(sources) > MAX_SOURCES:
        errors["sources"] = _("Name at most %(n)d sources.", n=MAX_SOURCES)
    return sources


def edit_step(actor: User, key: str, data: StepEdit, today: date) -> Step:
    """Save an administrator's version of a step; graduates see it at once. Nothing is saved
    unless every text, link, source and the check date are valid."""
    _require_admin(actor)
    before = current().step(key)  # NotFound for a step that is not shipped
    errors: dict[str, str] = {}
    texts = {
        locale: _checked_text(locale, data.texts.get(locale, StepText("", "", "")), errors)
        for locale in LOCALES
    }
    links = {
        locale: _checked_link(locale, data.links.get(locale, ""), errors) for locale in LOCALES
    }
    sources = _checked_sources(data.sources, before.sources, errors)
    if data.last_checked is None:
        errors["last_checked"] = _("Give the day you checked the step against its sources.")
    elif data.last_checked > today:
        errors["last_checked"] = _("The check date cannot be in the future.")
    elif data.last_checked < EARLIEST_CHECK:
        errors["last_checked"] = _("Give a check date after 2000.")
    if errors:
        raise InvalidInput(errors)
    assert data.last_checked is not None
    content = {
        "text": {
            locale: {"title": text.title, "what": text.what, "when": text.when}
            for locale, text in texts.items()
        },
        "link": links,
        "sources": sources,
    }
    with unit_of_work():
        edit = db.session.scalar(select(StayingStepEdit).where(StayingStepEdit.step_key == key))
        if edit is None:
            edit = StayingStepEdit(step_key=key)
            db.session.add(edit)
        edit.content = content
        edit.last_checked = data.last_checked
        edit.edited_by_id = actor.id
        edit.edited_at = utcnow()
    return current().step(key)


def revert_step(actor: User, key: str) -> Step:
    """Drop the administrators' version of a step: the shipped content shows again."""
    _require_admin(actor)
    shipped().step(key)
    with unit_of_work():
        edit = db.session.scalar(select(StayingStepEdit).where(StayingStepEdit.step_key == key))
        if edit is not None:
            db.session.delete(edit)
    return shipped().step(key)


def is_edited(key: str) -> bool:
    return (
        db.session.scalar(select(StayingStepEdit.id).where(StayingStepEdit.step_key == key))
        is not None
    )


def export(actor: User) -> str:
    """The content as it stands, in the shipped file's format, so that edits made here can be
    taken into the next release."""
    _require_admin(actor)
    raw = json.loads(STEPS_FILE.read_text(encoding="utf-8"))
    steps = {step.key: step for step in current().steps}
    for entry in raw["steps"]:
        step = steps[entry["key"]]
        entry["text"] = {
            locale: {
                "title": step.texts[locale].title,
                "what": step.texts[locale].what,
                "when": step.texts[locale].when,
            }
            for locale in LOCALES
        }
        entry["link"] = dict(step.links)
        entry["sources"] = [
            {"title": s.title, "url": s.url, **({"lang": s.lang} if s.lang else {})}
            for s in step.sources
        ]
        entry["last_checked"] = step.last_checked.isoformat()
    return json.dumps(raw, ensure_ascii=False, indent=2) + "\n"
