"""One form stack: the job form and the programme, community and event form share their
fields and the way they become the services' input."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from talentmatch.catalogue.forms import ItemForm
from talentmatch.employers.forms import JobForm
from talentmatch.models import CEFRLevel, EmploymentType, RemoteMode
from talentmatch.opportunity_forms import OpportunityForm
from talentmatch.services.opportunities import LanguageRequirement

SHARED = {
    "title": "Data trainee",
    "description": "Six months with our analytics team.",
    "municipality": "Espoo",
    "remote_mode": "hybrid",
    "url": "https://example.fi/trainee",
    "deadline": "2031-05-01",
    "languages-0-code": "fi",
    "languages-0-level": "B1",
    "nice_to_have_skills-typed": "mentoring",
}


def _form(form_class: type[OpportunityForm], **extra: str) -> OpportunityForm:
    form = form_class(formdata=MultiDict({**SHARED, **extra}), meta={"csrf": False})
    if isinstance(form, ItemForm):
        form.community_id.choices = [(0, "")]
        form.eligible_universities.choices = []
        form.provider.choices = [("", "")]
    assert form.validate(), form.errors
    return form


@pytest.mark.parametrize("form_class", [JobForm, ItemForm])
def test_every_kind_turns_the_shared_fields_into_the_same_input(app, form_class):
    with app.test_request_context():
        data = _form(form_class, employment_type="full_time", capacity="12").to_input()
    assert (data.title, data.municipality, data.remote_mode) == (
        "Data trainee",
        "Espoo",
        RemoteMode.HYBRID,
    )
    assert data.url == "https://example.fi/trainee" and str(data.deadline) == "2031-05-01"
    assert data.languages == [LanguageRequirement("fi", CEFRLevel.B1)]
    assert data.nice_to_have_skills.typed == "mentoring"


def test_each_kind_adds_only_its_own_fields(app):
    with app.test_request_context():
        job = _form(JobForm, employment_type="internship", salary_min="2500").to_input()
        item = _form(ItemForm, capacity="12").to_input()
    assert job.employment_type is EmploymentType.INTERNSHIP and job.salary_min == 2500
    assert job.capacity is None
    assert item.capacity == 12 and item.employment_type is None


def test_each_kind_keeps_its_own_wording(app):
    with app.test_request_context():
        job, item = JobForm(meta={"csrf": False}), ItemForm(meta={"csrf": False})
    assert job.title.label.text == "Job title" and item.title.label.text == "Title"
    assert item.required_skills.label.text == "Skills participants need"
    assert job.remote_mode.label.text == "Where the work is done"
