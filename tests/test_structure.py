"""The house's structural rules (issue 14), checked on the source text alone, nothing imported:

- no module of ``flows/``, ``tasks/`` or ``config/`` over 400 lines (data-only modules aside);
- no import cycle between the project's modules;
- no private name (``_x``) imported from another project module.

The import graph is built from every ``import x`` / ``from x import y`` statement that resolves
to a module of this repository, relative imports included, and every
``importlib.import_module("a.literal.name")``. Imports under ``if TYPE_CHECKING:`` and
``if __name__ == "__main__":`` are left out (neither runs when the module is imported; a
script's main block importing the script by name loads a second module, not a cycle). Imports
inside functions are counted: a cycle hidden in a function still means two modules that cannot
be understood, tested or moved apart, and the deferred import is the usual way of hiding one.
``from pkg import name`` is an edge to ``pkg.name`` when that is a module, else to ``pkg``. The
implicit import of a package's ``__init__`` on the way to one of its submodules is not an edge:
every package whose ``__init__`` re-exports its submodules would otherwise be a cycle.

Allow-list entries are temporary and name who removes them; an entry that no longer matches
anything fails the test, so the lists cannot outlive the findings they excuse.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZED = ("flows", "tasks", "config")
"""The packages held to the size rule."""
PACKAGES = ("flows", "tasks", "config", "tests", "benchmarks", "eval", "reports")
"""Every top-level package of the repository: the nodes of the import graph."""
MAX_LINES = 400

# Modules over MAX_LINES that are data, not code: {path: why}.
LONG_ALLOWED: dict[str, str] = {
    "tasks/scoring/lexicon.py": "data only: the default scorer's word lists and rules",
    # Temporary: files owned by other branches, to be split there; the lead removes each entry
    # after merging the branch that fixes it (a stale entry fails the test).
}

# Import edges allowed to close a cycle for now: {(importer, imported): why}.
CYCLE_ALLOWED: dict[tuple[str, str], str] = {}

# Private names imported across modules, allowed for now: {(importer path, module, name): why}.
PRIVATE_ALLOWED: dict[tuple[str, str, str], str] = {}


@dataclass(frozen=True)
class Import:
    path: str
    """The importing file, relative to the repository."""
    line: int
    module: str
    """The project module imported."""
    names: tuple[str, ...]
    """The names taken from it (``from m import a, b``); empty for ``import m``."""


def project_files(packages: tuple[str, ...] = PACKAGES) -> list[Path]:
    """The packages' Python files, without hidden folders (``benchmarks/.cache`` holds copies of
    older code that a benchmark runs, ignored by git)."""
    return sorted(
        p
        for pkg in packages
        for p in (ROOT / pkg).rglob("*.py")
        if not any(part.startswith(".") for part in p.relative_to(ROOT).parts)
    )


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in project_files()}


def never_on_import(test: ast.expr) -> bool:
    """``TYPE_CHECKING`` (or ``typing.TYPE_CHECKING``), or ``__name__ == "__main__"``."""
    if isinstance(test, ast.Name | ast.Attribute):
        return getattr(test, "id", getattr(test, "attr", None)) == "TYPE_CHECKING"
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and isinstance(test.ops[0], ast.Eq)
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def dynamic_import(node: ast.AST) -> str | None:
    """The module of ``importlib.import_module("literal")``, an import by another name."""
    if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
        return None
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    value = node.args[0].value
    return value if name == "import_module" and isinstance(value, str) else None


def statements(tree: ast.AST):
    """Every import statement of the tree at any depth, except those that never run on import."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and never_on_import(node.test):
            for child in node.orelse:
                yield from statements_of(child)
            continue
        yield from statements_of(node)


def statements_of(node: ast.AST):
    if isinstance(node, ast.Import | ast.ImportFrom) or dynamic_import(node):
        yield node
    else:
        yield from statements(node)


def imports_of(path: Path) -> list[Import]:
    """The imports of project modules in one file."""
    return imports_in(path.read_text(), path.relative_to(ROOT))


def imports_in(text: str, rel: Path) -> list[Import]:
    """The imports of project modules in ``text``, the source of the file at ``rel``."""
    here = module_name(ROOT / rel)
    package = here if rel.name == "__init__.py" else here.rpartition(".")[0]
    found = []
    for node in statements(ast.parse(text, filename=str(rel))):
        if isinstance(node, ast.Call):
            if (module := dynamic_import(node)) in MODULES:
                found.append(Import(str(rel), node.lineno, module, ()))
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    found.append(Import(str(rel), node.lineno, alias.name, ()))
            continue
        if node.level:
            base = package.split(".")
            base = base[: len(base) - (node.level - 1)]
            source = ".".join([*base, node.module] if node.module else base)
        else:
            source = node.module or ""
        if source.split(".")[0] not in PACKAGES:
            continue
        plain = []
        for alias in node.names:
            if f"{source}.{alias.name}" in MODULES:
                found.append(Import(str(rel), node.lineno, f"{source}.{alias.name}", ()))
            else:
                plain.append(alias.name)
        if plain and source in MODULES:
            found.append(Import(str(rel), node.lineno, source, tuple(plain)))
    return found


@cache
def all_imports() -> list[Import]:
    """Every project import of every project file: parsed when a test first asks (a few seconds),
    not when pytest collects this module in each worker."""
    return [imp for path in project_files() for imp in imports_of(path)]


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; the components of more than one module (or a self-loop)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    components.append(sorted(component))
    return components


def test_no_module_over_400_lines():
    over = []
    for path in project_files(SIZED):
        rel = str(path.relative_to(ROOT))
        lines = len(path.read_text().splitlines())
        if lines > MAX_LINES and rel not in LONG_ALLOWED:
            over.append(f"{rel}: {lines} lines (max {MAX_LINES})")
    stale = [
        rel
        for rel in LONG_ALLOWED
        if not (ROOT / rel).exists() or len((ROOT / rel).read_text().splitlines()) <= MAX_LINES
    ]
    assert over == [], "modules to split:\n" + "\n".join(over)
    assert stale == [], "LONG_ALLOWED entries no longer needed, remove them: " + ", ".join(stale)


def test_no_import_cycle():
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    where: dict[tuple[str, str], list[str]] = {}
    used_allowances = set()
    for imp in all_imports():
        importer = module_name(ROOT / imp.path)
        edge = (importer, imp.module)
        if edge in CYCLE_ALLOWED:
            used_allowances.add(edge)
            continue
        graph[importer].add(imp.module)
        where.setdefault(edge, []).append(f"{imp.path}:{imp.line}")
    findings = []
    for component in strongly_connected(graph):
        members = set(component)
        edges = [
            f"  {a} -> {b} ({', '.join(where[a, b])})"
            for a in component
            for b in sorted(graph[a] & members)
        ]
        findings.append("cycle between " + ", ".join(component) + ":\n" + "\n".join(edges))
    stale = sorted(set(CYCLE_ALLOWED) - used_allowances)
    assert findings == [], "\n".join(findings)
    assert stale == [], f"CYCLE_ALLOWED entries that match no import, remove them: {stale}"


def test_no_private_name_imported_from_another_module():
    findings = []
    used_allowances = set()
    for imp in all_imports():
        taken = imp.names or (imp.module.rpartition(".")[2],)
        for name in taken:
            if not name.startswith("_") or name.startswith("__"):
                continue
            key = (imp.path, imp.module, name)
            if key in PRIVATE_ALLOWED:
                used_allowances.add(key)
                continue
            findings.append(f"{imp.path}:{imp.line}: imports {name} from {imp.module}")
    stale = sorted(set(PRIVATE_ALLOWED) - used_allowances)
    assert findings == [], "private names crossing modules:\n" + "\n".join(findings)
    assert stale == [], f"PRIVATE_ALLOWED entries that match no import, remove them: {stale}"


def test_the_checks_see_what_they_claim_to_see():
    """The graph builder on a file of known imports: relative, deferred, TYPE_CHECKING."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "from . import http\n"
        "from ..schema import Column, _private\n"
        "if TYPE_CHECKING:\n"
        "    from tasks.store import write\n"
        "def f():\n"
        "    import tasks.pages\n"
        "    importlib.import_module('tasks.store')\n"
        "if __name__ == '__main__':\n"
        "    from tasks.sources.probe import main\n"
    )
    found = imports_in(source, Path("tasks/sources/probe.py"))
    assert [(i.line, i.module, i.names) for i in found] == [
        (2, "tasks.sources.http", ()),
        (3, "tasks.schema", ("Column", "_private")),
        (7, "tasks.pages", ()),
        (8, "tasks.store", ()),
    ]
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert strongly_connected({"a": {"a"}, "b": set()}) == [["a"]]
