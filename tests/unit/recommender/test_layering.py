"""The recommender is a library: nothing in it knows about Flask or the database."""

from __future__ import annotations

import ast
from pathlib import Path

import talentmatch.recommender

FORBIDDEN = ("flask", "flask_sqlalchemy", "sqlalchemy", "werkzeug", "talentmatch.models")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_recommender_imports_no_web_or_database_code():
    package = Path(talentmatch.recommender.__file__).parent
    offending = {
        f"{path.name}: {name}"
        for path in package.glob("*.py")
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    }
    assert offending == set()
    assert len(list(package.glob("*.py"))) >= 10
