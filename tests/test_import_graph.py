"""The package's import graph: no cycles, and the core depends on nothing above it.

The graph is read from the source with an AST walk, so it sees imports inside functions
(the lazy ones a factory makes when it picks a backend) as well as those at module level;
imports under ``if TYPE_CHECKING:`` never run and are left out of the cycle check. A module
also depends on its parent packages, since importing ``a.b.c`` runs ``a/__init__`` and
``a/b/__init__`` first.

Run as a script to print the graph's cycles: ``python -m tests.test_import_graph``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "desk_breaks"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE

# What the Qt-free core must never import (at run time or for typing).
CORE_MUST_NOT_IMPORT = ("PySide6", "shiboken6", f"{PACKAGE}.ui", f"{PACKAGE}.desktop")
CORE_MUST_NOT_IMPORT_EXACT = (f"{PACKAGE}.app", f"{PACKAGE}.cli", f"{PACKAGE}.__main__")


@dataclass(frozen=True)
class Import:
    """One import statement's target, as a module name."""

    target: str
    line: int
    typing_only: bool


def module_names() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    names: dict[str, Path] = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, typing_only: bool) -> Iterator[tuple[ast.AST, bool]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for inner in child.body:
                yield inner, True
                yield from _walk(inner, True)
            for inner in child.orelse:
                yield inner, typing_only
                yield from _walk(inner, typing_only)
            continue
        yield child, typing_only
        yield from _walk(child, typing_only)


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    """What ``name`` imports, module level and inside functions alike."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []
    for node, typing_only in _walk(tree, False):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, node.lineno, typing_only) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # "from pkg import mod" imports the module pkg.mod when there is one.
                sub = f"{base}.{alias.name}"
                found.append(Import(sub if sub in modules else base, node.lineno, typing_only))
    return found


def graph() -> dict[str, set[str]]:
    """Run-time edges between the package's own modules, parents included."""
    modules = module_names()
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        targets = {i.target for i in imports_of(name, path, modules) if not i.typing_only}
        for target in targets:
            parts = target.split(".")
            # Importing a.b.c runs a and a.b first; the nearest known module is the target.
            for end in range(1, len(parts) + 1):
                prefix = ".".join(parts[:end])
                if prefix in modules and prefix != name and not name.startswith(prefix + "."):
                    edges[name].add(prefix)
        parts = name.split(".")
        for end in range(1, len(parts)):
            edges[name].add(".".join(parts[:end]))
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def test_the_walk_sees_lazy_imports_and_skips_typing_ones() -> None:
    modules = module_names()
    assert f"{PACKAGE}.core.engine" in modules
    assert f"{PACKAGE}.desktop" in modules
    windows = imports_of(f"{PACKAGE}.ui.windows", modules[f"{PACKAGE}.ui.windows"], modules)
    # The prompt window is imported inside a method (for memory) and for typing at the top.
    prompt = [i for i in windows if i.target == f"{PACKAGE}.ui.prompt"]
    assert any(i.typing_only for i in prompt)
    assert any(not i.typing_only for i in prompt)


def test_the_cycle_finder_finds_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]


def test_desktop_has_no_import_cycles() -> None:
    found = [c for c in cycles(graph()) if any(m.startswith(f"{PACKAGE}.desktop") for m in c)]
    assert found == []


def test_no_import_cycles_anywhere() -> None:
    assert cycles(graph()) == []


PORTS = ("idle", "busy", "notify", "sleep", "autostart", "ipc")


@pytest.mark.parametrize("port", PORTS)
def test_a_port_contract_imports_none_of_its_backends(port: str) -> None:
    package = f"{PACKAGE}.desktop.{port}"
    modules = module_names()
    targets = {i.target for i in imports_of(package, modules[package], modules)}
    assert sorted(t for t in targets if t.startswith(package + ".")) == []


@pytest.mark.parametrize("port", PORTS)
def test_outside_its_package_a_ports_backends_are_reached_only_through_its_factory(
    port: str,
) -> None:
    package = f"{PACKAGE}.desktop.{port}"
    modules = module_names()
    inside = {m for m in modules if m.startswith(package + ".")}
    # ipc has no factory: its instance module picks the transport for this system.
    entries = {f"{package}.factory", f"{package}.instance"}
    bad = []
    for name, path in modules.items():
        if name == package or name in inside:
            continue
        for imp in imports_of(name, path, modules):
            if imp.target in inside - entries:
                bad.append(f"{path.relative_to(ROOT.parent)}:{imp.line} imports {imp.target}")
    assert bad == []


def test_core_imports_nothing_above_it() -> None:
    modules = module_names()
    bad = []
    for name, path in modules.items():
        if not name.startswith(f"{PACKAGE}.core"):
            continue
        for imp in imports_of(name, path, modules):
            if imp.target.startswith(CORE_MUST_NOT_IMPORT) or imp.target in (
                CORE_MUST_NOT_IMPORT_EXACT
            ):
                bad.append(f"{path.relative_to(ROOT.parent)}:{imp.line} imports {imp.target}")
    assert bad == []


if __name__ == "__main__":
    for component in cycles(graph()):
        print(len(component), " ".join(component))
