"""The member's choice of what the directory shows about them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField

from talentmatch.services.communities import Listing


class ListingForm(FlaskForm):
    listed = BooleanField(
        _l("List me in the member directory"),
        description=_l("Only signed-in members of this community see the directory."),
    )
    show_headline = BooleanField(_l("Show my headline"))
    show_university = BooleanField(_l("Show my university"))
    show_field_of_study = BooleanField(_l("Show my field of study"))
    show_skills = BooleanField(_l("Show my skills"))

    def listing(self) -> Listing:
        return Listing(
            listed=bool(self.listed.data),
            headline=bool(self.show_headline.data),
            university=bool(self.show_university.data),
            field_of_study=bool(self.show_field_of_study.data),
            skills=bool(self.show_skills.data),
        )

    def fill(self, listing: Listing) -> None:
        self.listed.data = listing.listed
        self.show_headline.data = listing.headline
        self.show_university.data = listing.university
        self.show_field_of_study.data = listing.field_of_study
        self.show_skills.data = listing.skills
