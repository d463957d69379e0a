"""How the modules depend on one another: no import circles, and services that change
opportunities know nothing of the matching engine that listens to them."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "talentmatch"


def _module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


MODULES = _module_names()


def _own_module(name: str) -> str | None:
    """The talentmatch module an imported name belongs to (`a.b.func` → `a.b`)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


class _Imports(ast.NodeVisitor):
    """Every import a module runs, at its top or inside functions; type-checking-only ones aside."""

    def __init__(self, package: str) -> None:
        self.package = package
        self.found: set[str] = set()

    def visit_If(self, node: ast.If) -> None:
        if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            parent = self.package.split(".")[: len(self.package.split(".")) - node.level + 1]
            base = ".".join([*parent, base] if base else parent)
        for alias in node.names:
            self._add(f"{base}.{alias.name}")

    def _add(self, name: str) -> None:
        module = _own_module(name)
        if module is not None:
            self.found.add(module)


def _import_graph() -> dict[str, set[str]]:
    graph = {}
    for name, path in MODULES.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        visitor = _Imports(package)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        graph[name] = visitor.found - {name}
    return graph


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for module in graph[todo.pop()] - seen:
            seen.add(module)
            todo.append(module)
    return seen


def test_no_module_of_the_app_imports_itself_through_others():
    graph = _import_graph()
    circles = sorted(name for name in graph if name in _reachable(graph, name))
    assert circles == []


def test_the_services_that_change_opportunities_do_not_import_the_engine():
    graph = _import_graph()
    for service in ("talentmatch.services.jobs", "talentmatch.services.curation"):
        reached = _reachable(graph, service)
        assert "talentmatch.signals" in reached
        assert not {"talentmatch.engine", "talentmatch.services.matching"} & reached, service


def test_the_engine_is_one_package_the_signals_module_does_not_depend_on():
    graph = _import_graph()
    assert "talentmatch.engine" in _reachable(graph, "talentmatch.services.matching")
    assert not any(m.startswith("talentmatch.") for m in _reachable(graph, "talentmatch.signals"))
