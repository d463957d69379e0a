"""The one way the site writes dates, times, numbers and money: Babel, in the reader's language, in
Finnish time.

Each interface language formats as it is written in Finland's services: English as in the UK (day
before month, 24-hour clock: "8 Dec 2026, 10:05"), Finnish as in Finland ("8.12.2026 10.05"),
Swedish as in Finland ("8 dec. 2026 10.05"). Naive datetimes are UTC, as stored, and are shown
in the configured time zone (Europe/Helsinki). Templates use the filters of the same names; services
that put a date into a sentence call these functions.
"""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime as DateTime
from decimal import Decimal

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask import Flask
from flask_babel import get_locale, to_user_timezone

# Interface language → the locale whose conventions it is written with.
FORMAT_LOCALES = {"en": "en_GB", "fi": "fi_FI", "sv": "sv_FI"}
CURRENCY = "EUR"


def format_locale() -> Locale:
    language = str(get_locale() or "en")
    return Locale.parse(FORMAT_LOCALES.get(language, language))


def _local(value: DateTime) -> DateTime:
    return to_user_timezone(value)


def date(value: Date | DateTime) -> str:
    """A calendar day: 8 Dec 2026 · 8.12.2026 · 8 dec. 2026."""
    if isinstance(value, DateTime):
        value = _local(value).date()
    return babel_dates.format_date(value, "medium", locale=format_locale())


def day_and_month(value: Date) -> str:
    """A day within a year that is clear from context (chart axes): 8 Dec · 8.12. · 8 dec."""
    return babel_dates.format_skeleton("MMMd", value, locale=format_locale())


def time(value: DateTime) -> str:
    """A time of day in Finland: 10:05 · 10.05."""
    return babel_dates.format_time(_local(value), "short", locale=format_locale())


def datetime(value: DateTime) -> str:
    """A moment: the day and the time of day, joined as the language joins them."""
    locale = format_locale()
    local = _local(value)
    joined = str(babel_dates.get_datetime_format("medium", locale=locale))
    pattern = joined.replace("{1}", str(locale.date_formats["medium"].pattern)).replace(
        "{0}", str(locale.time_formats["short"].pattern)
    )
    return babel_dates.format_datetime(local, pattern, locale=locale)


def number(value: int | float | Decimal, places: int | None = None) -> str:
    """12,345 · 12 345; with `places`, exactly that many decimals: 0.914 · 0,914."""
    pattern = None if places is None else "#,##0." + "0" * places if places else "#,##0"
    return babel_numbers.format_decimal(value, format=pattern, locale=format_locale())


def percent(share: float) -> str:
    """A share of one as a whole percentage: 42% · 42 %."""
    return babel_numbers.format_percent(share, locale=format_locale())


def money(amount: int | Decimal) -> str:
    """Euros, without cents when the amount is whole: €3,500 · 3 500 €."""
    locale = format_locale()
    if Decimal(amount) != Decimal(amount).to_integral_value():
        return babel_numbers.format_currency(amount, CURRENCY, locale=locale)
    pattern = str(locale.currency_formats["standard"].pattern).replace(".00", "")
    return babel_numbers.format_currency(
        amount, CURRENCY, format=pattern, locale=locale, currency_digits=False
    )


def init_app(app: Flask) -> None:
    """The template filters; Flask-Babel's own (with a format argument each) are replaced, so a
    page cannot pick a format of its own."""
    app.jinja_env.filters.update(
        dateformat=date,
        datetimeformat=datetime,
        timeformat=time,
        numberformat=number,
        percentformat=percent,
        money=money,
        day_and_month=day_and_month,
    )
