"""The layers of the figures engine, the work report and the document toolkit, read from the source: what
each may import (lazy imports included)."""

import ast
from pathlib import Path

import doanvu

ROOT = Path(doanvu.__file__).resolve().parent


def imports_of(package: str) -> dict[str, set[str]]:
    """Module → the doanvu modules it imports, for every module of `package` (migrations left out)."""
    out = {}
    for path in (ROOT / package.replace("doanvu.", "").replace(".", "/")).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: from the module's package (a package's own for __init__.py)
                    package = module.split(".")[:-1]
                    base = package[: len(package) - node.level + 1]
                    found.add(".".join(base + ([node.module] if node.module else [])))
                else:
                    found.add(node.module)
        out[module] = {name for name in found if name.startswith("doanvu")}
    return out


def offending(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{module} -> {name}"
        for module, names in imports_of(package).items()
        for name in names
        if name.startswith(forbidden)
    )


def test_the_figures_engine_imports_no_app_above_it():
    assert offending("doanvu.stats", ("doanvu.reports", "doanvu.evaluation", "doanvu.api")) == []


def test_reports_import_neither_evaluation_nor_the_api():
    assert offending("doanvu.reports", ("doanvu.evaluation", "doanvu.api")) == []


def test_the_document_toolkit_imports_only_the_library():
    allowed = ("doanvu.documents", "doanvu.lib")
    assert [
        f"{module} -> {name}"
        for module, names in imports_of("doanvu.documents").items()
        for name in names
        if not name.startswith(allowed)
    ] == []


def test_the_inspection_conclusion_is_written_with_the_toolkit_not_the_work_report():
    names = imports_of("doanvu.evaluation.inspection")["doanvu.evaluation.inspection.conclusion"]
    assert names
    assert "doanvu.documents.templates" in names
    assert [name for name in names if name.startswith("doanvu.reports")] == []
