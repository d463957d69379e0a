"""Trigram indexes for the catalogue's search on PostgreSQL (services.catalogue_search).

A search finds words anywhere in titles, descriptions and skill names, in any of three
languages and inside Finnish and Swedish compounds ("data" in "datatieteilijä"), so it matches
substrings (`ILIKE '%data%'`) rather than whole stemmed words; pg_trgm's GIN indexes answer such
patterns from an index. SQLite (the embedded default, a small catalogue) scans instead.
"""

from __future__ import annotations

from sqlalchemy import DDL, Index, event

from talentmatch.extensions import db
from talentmatch.models.opportunities import Opportunity, OpportunitySkill
from talentmatch.models.opportunity_texts import OpportunityText
from talentmatch.models.taxonomy import EscoSkill

SEARCHED = (
    (Opportunity.__table__, "title"),
    (Opportunity.__table__, "description"),
    (OpportunityText.__table__, "title"),
    (OpportunityText.__table__, "description"),
    (OpportunitySkill.__table__, "label"),
    (EscoSkill.__table__, "search_text"),
)

for _table, _column in SEARCHED:
    Index(
        f"ix_{_table.name}_{_column}_trgm",
        _table.c[_column],
        postgresql_using="gin",
        postgresql_ops={_column: "gin_trgm_ops"},
    ).ddl_if(dialect="postgresql")

event.listen(
    db.metadata,
    "before_create",
    DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"),
)


def include_in_comparison(dialect: str):
    """Alembic's `include_object` for comparing the models with a database of `dialect`: the
    trigram indexes exist on PostgreSQL only."""
    names = {f"ix_{table.name}_{column}_trgm" for table, column in SEARCHED}

    def include(obj, name, type_, reflected, compare_to) -> bool:
        return not (type_ == "index" and name in names and dialect != "postgresql")

    return include
