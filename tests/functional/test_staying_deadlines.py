"""The staying checklist's deadlines outside its page: a reminder once when a permit end date
comes near (in-app and by a real email), a new deadline reminded of again, the digest's
deadline lines, the calendar feed's entries, and career services' aggregates with small groups
suppressed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from html import unescape

from icalendar import Calendar
from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import (
    DigestFrequency,
    EmailPreference,
    Notification,
    NotificationKind,
    ReminderChannel,
    StayingReminder,
    StayingStepDone,
    User,
    Visibility,
    WorkPermit,
)
from talentmatch.services import digests, email_preferences, mail, staying_reminders
from talentmatch.services.transaction import unit_of_work
from tests import mailbox
from tests.factories import make_career_services, make_graduate, make_university

GRACE = "grace@example.com"
DAY = date(2027, 3, 1)  # the day the reminders run in these tests
PERMIT_END = date(2027, 4, 15)  # 45 days later: inside the 60-day reminder window


def remind(runner, day: date) -> str:
    result = runner.invoke(args=["staying", "remind", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def reminders_of(user_id: int) -> list[str]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Notification.text)
            .where(
                Notification.user_id == user_id,
                Notification.kind == NotificationKind.STAYING_DEADLINE,
            )
            .order_by(Notification.id)
        )
    )


def test_an_approaching_permit_end_date_is_reminded_of_once(app, app_ctx, runner, smtp_server):
    grace = make_graduate(
        GRACE, work_permit=WorkPermit.POST_STUDY_JOB_SEEKER, permit_end_date=PERMIT_END
    )
    # 61 days ahead: not yet.
    assert "Graduates reminded: 0." in remind(runner, PERMIT_END - timedelta(days=61))
    assert reminders_of(grace.id) == []

    output = remind(runner, DAY)
    assert "Graduates reminded: 1." in output and "Emails delivered: 1." in output
    assert reminders_of(grace.id) == [
        "Coming up on your staying checklist: Plan what comes after your permit to look for "
        "work, by 15 Apr 2027."
    ]
    [email] = smtp_server.to(GRACE)
    assert email["Subject"] == "TalentMatch: a deadline on your staying checklist"
    body = mailbox.body(email)
    assert "Plan what comes after your permit to look for work: 15 Apr 2027" in body
    assert "/staying/#step-job_seeking_permit_end" in body
    assert "not legal advice" in body

    # The next days, and a run at the same time: nobody is reminded twice.
    assert "Graduates reminded: 0." in remind(runner, DAY)
    assert "Graduates reminded: 0." in remind(runner, DAY + timedelta(days=10))
    assert len(reminders_of(grace.id)) == 1
    assert len(smtp_server.to(GRACE)) == 1


def test_a_new_permit_end_date_is_a_new_deadline(app, app_ctx, runner, smtp_server):
    grace = make_graduate(
        GRACE, work_permit=WorkPermit.POST_STUDY_JOB_SEEKER, permit_end_date=PERMIT_END
    )
    remind(runner, DAY)
    profile = grace.profile
    with unit_of_work():
        profile.permit_end_date = date(2027, 6, 30)
    assert "Graduates reminded: 0." in remind(runner, DAY + timedelta(days=1))
    assert "Graduates reminded: 1." in remind(runner, date(2027, 5, 15))
    assert len(reminders_of(grace.id)) == 2
    rows = db.session.scalars(
        select(StayingReminder.due_on).where(
            StayingReminder.user_id == grace.id,
            StayingReminder.channel == ReminderChannel.NOTIFICATION,
        )
    ).all()
    assert sorted(rows) == [PERMIT_END, date(2027, 6, 30)]


def test_a_step_done_or_a_permit_without_a_deadline_is_not_reminded_of(app, app_ctx, runner):
    done = make_graduate(
        GRACE, work_permit=WorkPermit.POST_STUDY_JOB_SEEKER, permit_end_date=PERMIT_END
    )
    with unit_of_work():
        db.session.add(
            StayingStepDone(user_id=done.id, step_key="job_seeking_permit_end", done_on=DAY)
        )
    citizen = make_graduate("eu@example.com", work_permit=WorkPermit.EU_EEA_CITIZEN)
    assert "Graduates reminded: 0." in remind(runner, DAY)
    assert reminders_of(done.id) == [] and reminders_of(citizen.id) == []


def test_turning_the_email_off_keeps_the_reminder_in_app(app, app_ctx, runner, smtp_server):
    grace = make_graduate(
        GRACE, work_permit=WorkPermit.NEEDS_SPONSORSHIP, permit_end_date=PERMIT_END
    )
    with unit_of_work():
        db.session.add(
            EmailPreference(user_id=grace.id, kind=NotificationKind.STAYING_DEADLINE, email=False)
        )
    assert "Emails delivered: 0." in remind(runner, DAY)
    assert reminders_of(grace.id) == [
        "Coming up on your staying checklist: Apply for a residence permit to look for work "
        "after graduating, by 15 Apr 2027."
    ]
    assert smtp_server.to(GRACE) == []


def test_the_digest_lists_a_deadline_within_two_weeks_once(app, app_ctx, smtp_server):
    grace = make_graduate(
        GRACE, work_permit=WorkPermit.NEEDS_SPONSORSHIP, permit_end_date=PERMIT_END
    )
    with unit_of_work():
        email_preferences.set_digest(grace, DigestFrequency.DAILY)
    three_weeks_before = datetime.combine(PERMIT_END - timedelta(days=21), time(6))
    assert digests.send_digests(now=three_weeks_before) == 0  # nothing new, nothing near
    ten_days_before = datetime.combine(PERMIT_END - timedelta(days=10), time(6))
    assert digests.send_digests(now=ten_days_before) == 1
    mail.deliver_pending()
    [email] = smtp_server.to(GRACE)
    assert email["Subject"] == "TalentMatch: deadlines on your staying checklist"
    text, html = mailbox.body(email), mailbox.html(email)
    title = "Apply for a residence permit to look for work after graduating"
    assert f"{title}: 15 Apr 2027" in text
    assert title in html and "Open my staying checklist" in html
    # Listed once: the next day's digest has nothing new to say.
    assert digests.send_digests(now=ten_days_before + timedelta(days=1)) == 0


def test_the_calendar_feed_carries_the_deadlines_not_done(app, client, auth):
    with app.app_context():
        make_graduate(
            GRACE, work_permit=WorkPermit.POST_STUDY_JOB_SEEKER, permit_end_date=date(2099, 5, 31)
        )
    auth.login(GRACE)
    client.post("/events/calendar/reset")
    page = unescape(client.get("/events/calendar").get_data(as_text=True))
    assert "the deadlines of your staying checklist" in page
    start = page.index('value="', page.index('id="feed-url"')) + 7
    path = page[start : page.index('"', start)].split("localhost", 1)[1]

    feed = Calendar.from_ical(app.test_client().get(path).data)
    [entry] = feed.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Deadline: Plan what comes after your permit to look for work"
    assert entry.decoded("DTSTART") == date(2099, 5, 31)
    assert "/staying/#step-job_seeking_permit_end" in str(entry["URL"])

    client.post(
        "/staying/steps/job_seeking_permit_end/done",
        data={"job_seeking_permit_end-done_on": date.today().isoformat()},
    )
    assert Calendar.from_ical(app.test_client().get(path).data).walk("VEVENT") == []


def test_deadlines_for_the_digest_are_in_the_graduates_language(app, app_ctx):
    grace = make_graduate(
        GRACE, work_permit=WorkPermit.NEEDS_SPONSORSHIP, permit_end_date=PERMIT_END
    )
    with unit_of_work():
        db.session.get(User, grace.id).locale = "sv"
    [deadline] = staying_reminders.digest_deadlines(db.session.get(User, grace.id), PERMIT_END)
    assert deadline.title.startswith("Ansök om uppehållstillstånd")


# --- Career services' aggregates ----------------------------------------------------------------


def _sharing(university, email: str, permit: WorkPermit, **fields) -> User:
    return make_graduate(
        email,
        university=university,
        visibility=Visibility.CAREER_SERVICES,
        work_permit=permit,
        **fields,
    )


def test_career_services_see_how_many_are_at_each_step_with_small_groups_suppressed(
    app, client, auth
):
    with app.app_context():
        university = make_university("University of Helsinki", short_name="UH")
        make_career_services(university=university, email="adviser@example.com")
        citizens = [
            _sharing(university, f"eu{n}@example.com", WorkPermit.EU_EEA_CITIZEN) for n in range(6)
        ]
        for n in range(2):
            _sharing(university, f"sp{n}@example.com", WorkPermit.NEEDS_SPONSORSHIP)
        # Not sharing with career services: never counted.
        make_graduate(
            "private@example.com", university=university, work_permit=WorkPermit.EU_EEA_CITIZEN
        )
        with unit_of_work():
            for user in citizens:
                db.session.add(
                    StayingStepDone(user_id=user.id, step_key="eu_registration", done_on=DAY)
                )
                db.session.add(
                    StayingStepDone(user_id=user.id, step_key="dvv_registration", done_on=DAY)
                )
    auth.login("adviser@example.com")
    page = unescape(client.get("/career-services/analytics/").get_data(as_text=True))
    caption = "The numbers of “Staying checklist: who is at which step”"
    table = page[page.index(caption) :]
    table = table[: table.index("</table>")]
    rows = {}
    for row in table.split("<tr")[2:]:
        cells = [part.split(">", 1)[1].split("<", 1)[0] for part in row.split("<t")[1:]]
        rows[cells[0]] = cells[1:]
    # Applies to, marked done, share done, next step for.
    assert rows["Register with DVV and get a personal identity code"][:3] == [
        "8",
        "6",
        "75% (6 of 8)",
    ]
    assert rows["Register your right of residence (EU citizens)"][:3] == ["6", "6", "100% (6 of 6)"]
    assert rows["Get a tax card from Vero"][:2] == ["8", "fewer than 5"]
    # Two graduates need the job-seeking permit: too few to show.
    sponsor = rows["Apply for a residence permit to look for work after graduating"]
    assert sponsor[0] == "fewer than 5"
    assert "Register as a jobseeker with the employment services" in rows

    csv = client.get("/career-services/analytics/checklist.csv").get_data(as_text=True)
    lines = csv.splitlines()
    assert lines[0] == "Step,Graduates it applies to,Marked done,Share done (%),Next step for"
    assert any(
        line.startswith("Register with DVV and get a personal identity code,8,6,75.0")
        for line in lines
    )
    assert not any("to look for work after graduating" in line for line in lines)
