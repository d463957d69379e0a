"""The table behind each chart, in words for the page and in plain values for its CSV file:
a suppressed group is "fewer than 5" on the page and left out of the file."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from talentmatch import formats
from talentmatch.services.analytics import PRIVACY_MINIMUM, Count, Rate

# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Cell:
    text: str  # on the page
    value: str  # in the CSV file; empty when not shown


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    suppressed: bool = False  # the whole group is too small: left out of the CSV file


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def csv_rows(self) -> list[list[str]]:
        return [[cell.value for cell in row.cells] for row in self.rows if not row.suppressed]


def fewer_than_minimum() -> str:
    return _("fewer than %(n)d", n=PRIVACY_MINIMUM)


def label(text: str) -> Cell:
    return Cell(text, text)


def count_words(count: Count) -> str:
    """The number, or why it is not shown."""
    if count.value is not None:
        return formats.number(count.value)
    if count.protects:
        return _("hidden to protect a smaller group")
    return fewer_than_minimum()


def count_cell(count: Count) -> Cell:
    return Cell(count_words(count), "" if count.value is None else str(count.value))


def date_cell(day: date) -> Cell:
    return Cell(formats.date(day), day.isoformat())


def plain_cell(number: int) -> Cell:
    return Cell(formats.number(number), str(number))


def rate_text(rate: Rate) -> str:
    """ "40% (6 of 15)"; what is not shown says why."""
    if rate.whole.value is None:
        return _("not shown: fewer than %(n)d in all", n=PRIVACY_MINIMUM)
    if rate.share is None:
        return _(
            "%(part)s of %(whole)s",
            part=count_words(rate.part),
            whole=formats.number(rate.whole.value),
        )
    return _(
        "%(share)s (%(part)s of %(whole)s)",
        share=formats.percent(rate.share),
        part=formats.number(rate.part.value or 0),
        whole=formats.number(rate.whole.value),
    )


def rate_cell(rate: Rate) -> Cell:
    """The share in words on the page, as a percentage with one decimal in the file."""
    share = rate.share
    return Cell(rate_text(rate), "" if share is None else f"{share * 100:.1f}")


def to_csv(table: Table) -> str:
    """The table's header and its shown rows; a cell a spreadsheet would run as a formula is
    quoted with a leading apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.csv_rows():
        writer.writerow([_safe(value) for value in row])
    return out.getvalue()


def _safe(value: str) -> str:
    if value.startswith(_FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def table(columns: Sequence[str], rows: Sequence[Row]) -> Table:
    return Table(tuple(columns), tuple(rows))
