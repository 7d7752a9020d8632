"""No import cycles between the project's modules, counting imports inside functions too: a cycle held together
by a function-local import is still a cycle (the layers no longer say which way the dependency runs)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("cms", "catalogue", "standards", "search")


def project_modules():
    """Module name → file, for the product packages (migrations left out: they are history, not layers)."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imported(module, path, modules):
    """The project modules `module` imports anywhere in its file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            names = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules]
            names = names or [base]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
    return targets


def reachable(start, graph):
    seen, todo = set(), list(graph[start])
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(graph[current])
    return seen


def import_cycles(modules):
    graph = {name: imported(name, path, modules) for name, path in modules.items()}
    reach = {name: reachable(name, graph) for name in graph}
    cyclic = sorted(name for name in graph if name in reach[name])
    groups = {frozenset(n for n in cyclic if n in reach[name] and name in reach[n]) for name in cyclic}
    return sorted(" <-> ".join(sorted(group)) for group in groups)


def test_the_project_has_no_import_cycles():
    assert import_cycles(project_modules()) == []


def test_the_check_finds_a_cycle_held_by_a_function_local_import(tmp_path):
    package = tmp_path / "cms"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "models.py").write_text("def label():\n    from .services import LABELS\n    return LABELS\n")
    (package / "services.py").write_text("from .models import label\nLABELS = {}\n")
    modules = {
        "cms": package / "__init__.py",
        "cms.models": package / "models.py",
        "cms.services": package / "services.py",
    }
    assert import_cycles(modules) == ["cms.models <-> cms.services"]
