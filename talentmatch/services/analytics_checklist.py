"""Career services' view of the staying checklist: for the group's graduates (those who share
their profile with career services), how many each step applies to, how many ticked it off,
and for how many it is the next step. Aggregates only; groups under five are not shown."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import Application, GraduateProfile, StayingSituation, StayingStepDone
from talentmatch.services import staying, staying_steps
from talentmatch.services.analytics import Count, Group, Rate, counts_of, member_profiles
from talentmatch.services.staying import Situation, items_for
from talentmatch.services.staying_steps import Step


@dataclass(frozen=True)
class StepProgress:
    step: Step
    applies: Count  # graduates of the group the step applies to
    done: Rate  # of those, the ones who ticked it off
    next_for: Count  # graduates for whom it is the first step left
    applies_to_anyone: bool  # a step that applies to nobody in the group is left out


@dataclass(frozen=True)
class ChecklistProgress:
    graduates: Count
    steps: tuple[StepProgress, ...]  # in the checklist's order
    all_done: Count  # graduates with no step left

    @property
    def empty(self) -> bool:
        return not any(progress.applies_to_anyone for progress in self.steps)


def checklist_progress(group: Group) -> ChecklistProgress:
    members = db.session.execute(
        member_profiles(group).with_only_columns(
            GraduateProfile.user_id, GraduateProfile.work_permit, GraduateProfile.permit_end_date
        )
    ).all()
    ids = [user_id for user_id, _permit, _end in members]
    statuses: dict[int, list] = defaultdict(list)
    homes: dict[int, tuple[str, date | None]] = {}
    done: dict[int, dict[str, date]] = defaultdict(dict)
    # In chunks: a university may have more graduates than a database takes parameters.
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for user_id, status in db.session.execute(
            select(Application.user_id, Application.status).where(
                Application.user_id.in_(chunk), Application.status.in_(staying.OFFER_STATUSES)
            )
        ):
            statuses[user_id].append(status)
        for user_id, municipality, moved_on in db.session.execute(
            select(
                StayingSituation.user_id, StayingSituation.municipality, StayingSituation.moved_on
            ).where(StayingSituation.user_id.in_(chunk))
        ):
            homes[user_id] = (municipality, moved_on)
        for user_id, key, day in db.session.execute(
            select(
                StayingStepDone.user_id, StayingStepDone.step_key, StayingStepDone.done_on
            ).where(StayingStepDone.user_id.in_(chunk))
        ):
            done[user_id][key] = day
    content = staying_steps.current()
    applies: Counter[str] = Counter()
    ticked: Counter[str] = Counter()
    next_for: Counter[str] = Counter()
    all_done = 0
    for user_id, permit, permit_end in members:
        municipality, moved_on = homes.get(user_id, ("", None))
        situation = Situation(
            permit, permit_end, staying.stage_of(statuses[user_id]), municipality, moved_on
        )
        items = items_for(content, situation, done[user_id])
        for item in items:
            applies[item.step.key] += 1
            ticked[item.step.key] += item.done
        left = [item for item in items if not item.done]
        if left:
            next_for[left[0].step.key] += 1
        else:
            all_done += 1
    keys = [step.key for step in content.steps]
    # "Next step" splits the group: hide a second small part when one alone would show it.
    parts = counts_of([next_for[key] for key in keys] + [all_done])
    steps = tuple(
        StepProgress(
            step,
            Count.of(applies[step.key]),
            Rate(Count.of(ticked[step.key]), Count.of(applies[step.key])),
            part,
            applies[step.key] > 0,
        )
        for step, part in zip(content.steps, parts, strict=False)
    )
    return ChecklistProgress(Count.of(len(members)), steps, parts[-1])
