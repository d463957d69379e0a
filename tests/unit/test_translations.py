"""The Finnish and Swedish catalogues hold every string the code marks for translation, and no
template shows text that is not marked.

The strings are collected from the sources the way `make messages` collects them (babel.cfg, the
same keywords), so a string added without a translation fails here, not in front of a reader.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from jinja2 import Environment

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "talentmatch" / "translations"
LOCALES = ("fi", "sv")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}
# Attributes a reader sees or hears.
READ_ATTRIBUTES = {"aria-label", "aria-description", "placeholder", "title", "alt"}
# Words that are the same in every language: the product's name, split for its logo.
SAME_IN_EVERY_LANGUAGE = {"Talent", "Match", "TalentMatch"}
# A word a reader sees; "opportunity-" in "opportunity-{{ id }}" is the start of an element id.
WORD = re.compile(r"(?<![-\w])[^\W\d_]{2,}(?![-\w])")


def _searched(directory: str) -> bool:
    # As `make messages`: folders named with an underscore (templates/_macros) count too.
    name = Path(directory).name
    return not name.startswith(".") and name not in ("__pycache__", "build", "instance")


def _marked_strings() -> dict[str, tuple[str, str]]:
    """msgid → (the file it is in, its plural msgid or "") for every marked string."""
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str, tuple[str, str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS, directory_filter=_searched
    ):
        if filename.startswith((".venv", "tests", "build", "benchmarks", "migrations")):
            continue
        singular, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, "")
        found.setdefault(singular, (filename, plural))
    return found


@pytest.fixture(scope="module")
def marked() -> dict[str, tuple[str, str]]:
    return _marked_strings()


def _catalogue(locale: str):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=locale)


def test_the_sources_mark_strings_in_templates_and_python(marked):
    files = {filename for filename, _plural in marked.values()}
    assert any(name.startswith("templates/") for name in files)
    assert any(name.startswith("talentmatch/") for name in files)
    assert "Skip to content" in marked
    assert "Please correct the errors below." in marked  # from templates/_macros/


@pytest.mark.parametrize("locale", LOCALES)
def test_every_marked_string_is_translated(locale, marked):
    catalogue = _catalogue(locale)
    missing = []
    for msgid, (filename, plural) in sorted(marked.items()):
        entry = catalogue.get(msgid)
        if entry is None:
            missing.append(f"{filename}: not in the catalogue: {msgid!r}")
            continue
        forms = entry.string if isinstance(entry.string, tuple | list) else (entry.string,)
        if entry.fuzzy or not all(form and form.strip() for form in forms):
            missing.append(f"{filename}: fuzzy or untranslated: {msgid!r}")
        if plural and len(forms) != catalogue.num_plurals:
            missing.append(f"{filename}: needs {catalogue.num_plurals} plural forms: {msgid!r}")
    assert not missing, f"{len(missing)} strings lack a translation (run `make messages`):\n" + (
        "\n".join(missing[:40])
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_every_placeholder(locale):
    catalogue = _catalogue(locale)
    problems = [
        f"{message.id!r}: {error}"
        for message, errors in catalogue.check()
        for error in errors
        if message.id
    ]
    assert not problems, "\n".join(problems[:40])


# Templates format every message (new-style gettext), so a lone "%" there breaks the page; Python
# code formats only when it passes values, which the placeholder check covers.
LONE_PERCENT = re.compile(r"%(?!\(\w+\)[sd]|%|[sd])")


@pytest.mark.parametrize("locale", LOCALES)
def test_no_string_has_a_percent_sign_that_formatting_would_choke_on(locale, marked):
    catalogue = _catalogue(locale)
    broken = []
    for msgid, (filename, plural) in marked.items():
        if not filename.startswith("templates/"):
            continue
        entry = catalogue.get(msgid)
        forms = (
            entry.string
            if entry and isinstance(entry.string, tuple | list)
            else ((entry.string,) if entry else ())
        )
        for text in (msgid, plural, *forms):
            if text and LONE_PERCENT.search(text):
                broken.append(f"{filename}: {text!r}")
    assert not broken, "Write %% or 'per cent':\n" + "\n".join(broken)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_catalogue_header_is_usable(locale):
    catalogue = _catalogue(locale)
    # A fuzzy header makes the compiler skip the whole catalogue.
    assert not catalogue.fuzzy
    assert catalogue.num_plurals == 2
    assert str(catalogue.locale) == locale


class _TextFinder(HTMLParser):
    """Visible text and read-aloud attributes that are not template expressions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skipping += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self._check(value, f"{tag}[{name}]")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self._check(data, "text")

    def _check(self, text: str, where: str) -> None:
        words = [word for word in WORD.findall(text) if word not in SAME_IN_EVERY_LANGUAGE]
        if words:
            self.found.append(f"{where}: {' '.join(words)[:60]}")


def _unmarked_text(source: str, environment: Environment) -> list[str]:
    # Only the template's literal data counts; every expression, tag and comment becomes a space.
    data = "".join(
        value if token == "data" else " "
        for _line, token, value in environment.lex(source)
        if token in ("data", "variable_begin", "block_begin")
    )
    finder = _TextFinder()
    finder.feed(data)
    finder.close()
    return finder.found


def test_templates_mark_every_text_for_translation():
    environment = Environment(extensions=["jinja2.ext.i18n"])
    unmarked = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for finding in _unmarked_text(path.read_text(), environment):
            unmarked.append(f"{path.relative_to(ROOT)}: {finding}")
    assert not unmarked, "Wrap these in _():\n" + "\n".join(unmarked)


def test_the_unmarked_text_check_finds_plain_text_and_read_aloud_attributes():
    environment = Environment(extensions=["jinja2.ext.i18n"])
    found = _unmarked_text(
        '<p>Hello there</p><a aria-label="Close menu" href="{{ url }}">{{ _("Ok") }}</a>'
        '<script>var notText = "x";</script><img alt="{{ _(\'Logo\') }}">',
        environment,
    )
    assert found == ["text: Hello there", "a[aria-label]: Close menu"]
