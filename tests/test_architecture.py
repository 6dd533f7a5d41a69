"""The layout keeps its shape: every module imports only its own layer and the layers below it, no two
modules import each other (lazy imports inside functions included), and no module grows past 500 lines.

The list of layers lives here and only here; docs/architecture.md explains it.
"""

from __future__ import annotations

import ast
import fnmatch
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "doanvu"
MAX_LINES = 500

# Bottom to top. A module belongs to the layer of the first pattern it matches, pages before apps, so a
# view of any app sits above every app's domain code. Patterns are matched against the dotted module name.
PAGE_PATTERNS = [
    "doanvu.*views",
    "doanvu.*.views.*",
    "doanvu.*urls",
    "doanvu.*forms",
    "doanvu.*.templatetags.*",
    "doanvu.*.admin",
    "doanvu.*.context_processors",
]
LAYERS: list[tuple[str, list[str]]] = [
    ("lib and documents", ["doanvu.lib", "doanvu.lib.*", "doanvu.documents", "doanvu.documents.*"]),
    (
        "core",
        [
            "doanvu.accounts",
            "doanvu.accounts.*",
            "doanvu.org",
            "doanvu.org.*",
            "doanvu.members",
            "doanvu.members.*",
        ],
    ),
    # A submitted report locks its period's records, so the record writes read reports.models.
    ("records", ["doanvu.work", "doanvu.work.*", "doanvu.reports.models"]),
    ("figures", ["doanvu.stats", "doanvu.stats.*"]),
    ("reports", ["doanvu.reports", "doanvu.reports.*"]),
    ("evaluation", ["doanvu.evaluation", "doanvu.evaluation.*"]),
    ("pages", PAGE_PATTERNS),
    ("api", ["doanvu.api", "doanvu.api.*"]),
    ("demo", ["doanvu.demo", "doanvu.demo.*"]),
    # Entry points: settings, urls, wsgi, and the management commands of every app.
    ("project", ["doanvu", "doanvu.*"]),
]
ORDER = list(dict.fromkeys(name for name, _ in LAYERS))
# Apps' configurations wire the layers together at start-up (a higher app registers its sources in a
# lower app's registry), and migrations are history: neither is held to the layers.
EXEMPT = ["doanvu.*.apps", "doanvu.*.migrations.*"]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    name = ".".join(parts)
    return name.removesuffix(".__init__")


@cache
def modules() -> dict[str, Path]:
    return {
        _module_name(path): path for path in sorted(PACKAGE.rglob("*.py")) if "migrations" not in path.parts
    }


def layer_of(module: str) -> str:
    if any(fnmatch.fnmatchcase(module, pattern) for pattern in PAGE_PATTERNS) and not module.startswith(
        "doanvu.api"
    ):
        return "pages"
    for name, patterns in LAYERS:
        if name == "pages":
            continue
        if any(fnmatch.fnmatchcase(module, pattern) for pattern in patterns):
            return name
    raise AssertionError(f"{module} belongs to no layer")


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]
    parts = parts[: len(parts) - (node.level - 1)]
    return ".".join([*parts, *([node.module] if node.module else [])])


def _known(name: str) -> str | None:
    known = modules()
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


@cache
def imports_of(module: str) -> frozenset[str]:
    """The doanvu modules `module` imports, wherever the import statement stands (functions included)."""
    path = modules()[module]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, path.name == "__init__.py", node)
            submodules = [f"{base}.{alias.name}" for alias in node.names]
            targets = [name for name in submodules if name in modules()]
            if len(targets) < len(submodules):
                targets.append(base)
        else:
            continue
        for target in targets:
            if target.startswith("doanvu") and (known := _known(target)) and known != module:
                found.add(known)
    return frozenset(found)


def test_every_module_belongs_to_a_layer():
    for module in modules():
        assert layer_of(module) in ORDER


def test_no_module_imports_a_layer_above_its_own():
    wrong = []
    for module in modules():
        if any(fnmatch.fnmatchcase(module, pattern) for pattern in EXEMPT):
            continue
        own = ORDER.index(layer_of(module))
        for target in sorted(imports_of(module)):
            if ORDER.index(layer_of(target)) > own:
                wrong.append(f"{module} ({layer_of(module)}) imports {target} ({layer_of(target)})")
    assert wrong == []


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    counter = 0
    for start in modules():
        if start in index:
            continue
        work = [(start, iter(sorted(imports_of(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(imports_of(child)))))
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
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_two_modules_import_each_other_even_lazily():
    assert _cycles() == []


def test_no_module_is_longer_than_500_lines():
    long = {
        str(path.relative_to(ROOT)): count
        for path in modules().values()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_demo_is_imported_only_by_the_demo_itself():
    outside = [
        f"{module} imports {target}"
        for module in modules()
        if not module.startswith("doanvu.demo")
        for target in imports_of(module)
        if target.startswith("doanvu.demo")
    ]
    assert outside == []
