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
    from smartkit import wording
    from smartkit.catalogue import KpiName
    from smartkit.storage import VersionConflictError
    from smartkit.storage.errors import StorageError

    assert wording.KpiName is KpiName and wording.sentence_case("Followers") == "followers"
    assert KpiName("kpi_name", {"id": "followers"}).render("en") == "followers"
    assert issubclass(VersionConflictError, StorageError)
    edges = graph()
    assert "smartkit.wording" not in edges["smartkit.models"]
    assert "smartkit.storage.records" not in edges["smartkit.storage.errors"]


def test_the_analysis_imports_nothing_from_the_goals_even_inside_a_function():
    edges = graph()
    assert "smartkit.wording" in edges["smartkit.analysis.tracking"]  # moved down to the foundation
    upwards = {name: sorted(t for t in targets if t == "smartkit.goals" or t.startswith("smartkit.goals."))
               for name, targets in edges.items() if name.startswith("smartkit.analysis")}
    assert {name: found for name, found in upwards.items() if found} == {}


# ----------------------------------------------------------------------------- the Streamlit shell

ROOT = PACKAGE.parent


def shell_modules() -> dict[str, Path]:
    """The wizard's own modules: ``app``, ``ui.<name>`` and ``pages.<name>`` (page files are run
    by Streamlit, not imported, but an import between them would still be one)."""
    out = {"app": ROOT / "app.py"}
    for folder in ("ui", "pages"):
        for path in sorted((ROOT / folder).glob("*.py")):
            out[folder if path.stem == "__init__" else f"{folder}.{path.stem}"] = path
    return out


def shell_graph() -> dict[str, set[str]]:
    """Who imports whom among the shell's modules, module-level and function-level imports alike
    (``from ui import state`` is an edge to ``ui.state``)."""
    modules = shell_modules()
    known = set(modules)
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                targets = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            found |= {target for target in targets if target in known}
        edges[name] = found - {name}
    return edges


def test_the_ui_import_graph_has_no_cycle_even_through_function_level_imports():
    edges = shell_graph()
    assert {"ui.state", "ui.autosave", "ui.tracking", "ui.streamlit_internals"} <= edges["ui.frame"]
    assert "ui.streamlit_internals" in edges["ui.state"]  # the router, without going through ui.frame
    assert "ui.frame" in edges["pages.share"]  # an import inside an ``if`` counts too
    assert cycles({name: targets for name, targets in edges.items() if name.startswith("ui")}) == []
    assert cycles(edges) == []


def test_pages_import_no_other_page_and_ui_imports_no_page_nor_the_router():
    edges = shell_graph()
    assert any(name.startswith("pages.") for name in edges)
    between_pages = {name: sorted(t for t in targets if t.startswith("pages"))
                     for name, targets in edges.items() if name.startswith("pages.")}
    assert {name: found for name, found in between_pages.items() if found} == {}
    upwards = {name: sorted(t for t in targets if t.startswith("pages") or t == "app")
               for name, targets in edges.items() if name.startswith("ui")}
    assert {name: found for name, found in upwards.items() if found} == {}


def test_the_shell_graph_finds_a_cycle_through_a_function_level_import(tmp_path, monkeypatch):
    (tmp_path / "ui").mkdir()
    (tmp_path / "pages").mkdir()
    (tmp_path / "app.py").write_text("from ui import a\n", encoding="utf-8")
    (tmp_path / "ui" / "a.py").write_text("from ui import b\n", encoding="utf-8")
    (tmp_path / "ui" / "b.py").write_text("def f():\n    from ui.a import g\n", encoding="utf-8")
    (tmp_path / "pages" / "one.py").write_text("import pages.two\n", encoding="utf-8")
    (tmp_path / "pages" / "two.py").write_text("", encoding="utf-8")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    edges = shell_graph()
    assert cycles(edges) == [["ui.a", "ui.b"]]
    assert edges["pages.one"] == {"pages.two"}
