"""Stand-in Finnish catalogues for tests: every string `make messages` extracts, translated by a
rule (marked, or with longer words), compiled where an app can be pointed at it with
BABEL_TRANSLATION_DIRECTORIES. They show what real translations will do before they exist."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"(%\([a-z_]+\)[sd]|%[sd])")


def extract_ignore() -> str:
    """The folders `make messages` leaves out, as the Makefile says."""
    makefile = (ROOT / "Makefile").read_text()
    found = re.search(r'^EXTRACT_IGNORE := --ignore-dirs "([^"]*)"$', makefile, re.M)
    assert found, "the Makefile names the folders pybabel extract ignores"
    return found.group(1)


def build_catalogue(folder: Path, translate: Callable[[str], str], locale: str = "fi") -> Path:
    """Extract every string as `make messages` does, translate each with `translate` and
    compile the catalogue into `folder`; returns `folder`, a translations directory."""
    template = folder / "messages.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "--quiet",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--ignore-dirs",
            extract_ignore(),
            "-o",
            str(template),
            str(ROOT),
        ]
    )
    with template.open("rb") as source:
        catalogue = read_po(source, locale=locale)
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = (translate(message.id[0]), translate(message.id[1]))
        else:
            message.string = translate(message.id)
    target = folder / locale / "LC_MESSAGES" / "messages.mo"
    target.parent.mkdir(parents=True)
    with target.open("wb") as out:
        write_mo(out, catalogue)
    return folder


def longer_words(text: str) -> str:
    """Each word of three letters or more about half as long again, placeholders untouched:
    Finnish and Swedish compounds are often that much longer than the English."""
    return "".join(
        part
        if PLACEHOLDER.fullmatch(part)
        else re.sub(r"[A-Za-z]{3,}", lambda m: m.group(0) + "äö" * (len(m.group(0)) // 4 + 1), part)
        for part in PLACEHOLDER.split(text)
    )
