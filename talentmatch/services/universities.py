"""Universities: listing and administration."""

from __future__ import annotations

from sqlalchemy import select

from talentmatch.extensions import db
from talentmatch.models import University


def list_universities() -> list[University]:
    return list(db.session.scalars(select(University).order_by(University.name)))
