"""The house drawn from the code: smartkit's import graph (module-level and function-level
imports alike) has no cycle, and no module reaches into another's private names."""
from __future__ import annotations

import ast
from pathlib import Path

import smartkit

PACKAGE = Path(smartkit.__file__).parent


def module_names() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ("smartkit",) + path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imports(name: str, path: Path, known: set[str]) -> set[tuple[str, str]]:
    """(module imported, name imported or "") for every smartkit import anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {(alias.name, "") for alias in node.names if alias.name.split(".")[0] == "smartkit"}
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([module] if module else []))
            if module.split(".")[0] != "smartkit":
                continue
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                found.add((sub, "") if sub in known else (module, alias.name))
    return found


def graph() -> dict[str, set[str]]:
    modules = module_names()
    known = set(modules)
    return {name: {target for target, _ in imports(name, path, known) if target in known and target != name}
            for name, path in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


# Cycles tolerated while a module is being restructured: none any more (the KPI's name in a
# sentence lives in the catalogue, and the storage errors type the stored goal by its shape).
# No cycle may appear: break it rather than list it here.
KNOWN_CYCLES: list[list[str]] = []


def test_the_smartkit_import_graph_has_no_cycle_even_through_function_level_imports():
    edges = graph()
    assert edges["smartkit.analysis.achievability"] >= {"smartkit.analysis.baseline", "smartkit.analysis.forecast"}
    found = cycles(edges)
    assert [c for c in found if c not in KNOWN_CYCLES] == []
    assert not any(name.startswith("smartkit.analysis") or name == "smartkit.charts" for c in found for name in c)


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_reaches_into_another_modules_private_names():
    modules = module_names()
    known = set(modules)
    reached = []
    for name, path in modules.items():
        for target, imported in imports(name, path, known):
            private_name = imported.startswith("_") and not imported.startswith("__")
            private_module = any(part.startswith("_") for part in target.split(".")[1:]) \
                and not name.startswith(target.rsplit(".", 1)[0])
            if (private_name and target != name) or private_module:
                reached.append(f"{name} → {target}.{imported}")
    assert reached == []


def test_names_moved_to_break_the_cycles_are_still_importable_where_callers_import_them():
    from smartkit.catalogue import KpiName
    from smartkit.goals import wording
    from smartkit.storage import VersionConflictError
    from smartkit.storage.errors import StorageError

    assert wording.KpiName is KpiName and wording.sentence_case("Followers") == "followers"
    assert KpiName("kpi_name", {"id": "followers"}).render("en") == "followers"
    assert issubclass(VersionConflictError, StorageError)
    edges = graph()
    assert "smartkit.goals.wording" not in edges["smartkit.models"]
    assert "smartkit.storage.records" not in edges["smartkit.storage.errors"]
