"""The README documents every setting: a variable read by the settings module, the Makefile or the scripts
that is missing from README.md fails here. Comments cite docs/ pages and headings that exist, nothing else."""

import ast
import io
import re
import tokenize
from pathlib import Path

from doanvu.demo.province import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
)

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV_HELPERS = {"envbool", "envint", "envlist"}
MAKE_BUILTINS = {"MAKE", "MAKEFLAGS", "CURDIR", "SHELL", "MAKECMDGOALS"}


def _is_os_environ(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute) and node.attr == "environ" and getattr(node.value, "id", "") == "os"
    )


def _text(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def settings_variables(source: str) -> set[str]:
    """Every environment variable a settings module reads: os.getenv("X"), os.environ.get("X"),
    os.environ["X"], "X" in os.environ, the envbool/envint/envlist helpers, and dj_database_url.config()
    (which reads DATABASE_URL unless told another name)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = None
            if isinstance(func, ast.Name) and func.id in ENV_HELPERS:
                name = _text(node.args[0]) if node.args else None
            elif (
                isinstance(func, ast.Attribute)
                and func.attr == "getenv"
                and getattr(func.value, "id", "") == "os"
            ):
                name = _text(node.args[0]) if node.args else None
            elif isinstance(func, ast.Attribute) and func.attr == "get" and _is_os_environ(func.value):
                name = _text(node.args[0]) if node.args else None
            elif (
                isinstance(func, ast.Attribute)
                and func.attr == "config"
                and getattr(func.value, "id", "") == ("dj_database_url")
            ):
                env = next((k.value for k in node.keywords if k.arg == "env"), None)
                name = _text(env) if env is not None else "DATABASE_URL"
            if name:
                found.add(name)
        elif isinstance(node, ast.Subscript) and _is_os_environ(node.value):
            if name := _text(node.slice):
                found.add(name)
        elif isinstance(node, ast.Compare) and any(_is_os_environ(c) for c in node.comparators):
            if name := _text(node.left):
                found.add(name)
    return found


def makefile_variables(source: str) -> set[str]:
    """Variables a user may set on the command line or in the environment: `NAME ?= default`, variables
    used but never assigned ($(NAME)), and the environment variables its recipes read ($$NAME, $${NAME:-…})."""
    assigned = set(re.findall(r"^([A-Z][A-Z0-9_]*)\s*[:+]?=", source, flags=re.MULTILINE))
    names = set(re.findall(r"^([A-Z][A-Z0-9_]*)\s*\?=", source, flags=re.MULTILINE))
    names |= set(re.findall(r"\$\(([A-Z][A-Z0-9_]*)\)", source)) - assigned
    names |= set(re.findall(r"\$\$\{?([A-Z][A-Z0-9_]*)", source))
    return names - MAKE_BUILTINS


def script_variables(source: str) -> set[str]:
    """Environment variables a shell script reads with a default or a test: ${NAME:-…}, ${NAME:+…}."""
    return set(re.findall(r"\$\{([A-Z][A-Z0-9_]*):[-+]", source))


def documented(name: str) -> bool:
    return re.search(rf"`{re.escape(name)}`", README) is not None


def test_the_parser_finds_the_variables_it_must():
    found = settings_variables((ROOT / "doanvu" / "settings.py").read_text(encoding="utf-8"))
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "DOANVU_DATA_DIR"} <= found
    sample = 'import os\nX = envint("A", "1")\nY = os.environ["B"]\nZ = "C" in os.environ\nW = os.environ.get("D")\n'
    assert settings_variables(sample) == {"A", "B", "C", "D"}
    assert {"HOST", "PORT", "PYTEST_ARGS", "CI"} <= makefile_variables((ROOT / "Makefile").read_text())


def test_every_variable_the_settings_read_is_in_the_readme():
    found = settings_variables((ROOT / "doanvu" / "settings.py").read_text(encoding="utf-8"))
    assert sorted(name for name in found if not documented(name)) == []


def test_every_variable_the_makefile_and_scripts_read_is_in_the_readme():
    found = makefile_variables((ROOT / "Makefile").read_text(encoding="utf-8"))
    for script in sorted((ROOT / "scripts").glob("*.sh")):
        found |= script_variables(script.read_text(encoding="utf-8"))
    assert sorted(name for name in found if not documented(name)) == []


def test_the_readme_lists_the_demo_logins_and_their_password():
    assert DEMO_PASSWORD in README
    for username, _code, _role in DEMO_LOGINS:
        assert documented(username), username


def test_the_readme_gives_the_two_commands_and_the_api_addresses():
    for text in (
        "make run",
        "make test",
        "http://127.0.0.1:8000",
        "/api/openapi.json",
        "Bearer",
        "make bench",
    ):
        assert text in README, text


# ---------------------------------------------------------------------------------------------------------
# docs/: what comments cite exists, and comments cite nothing outside the repository
# (docs/architecture.md, "Comments that cite the docs").

DOCS = ROOT / "docs"
SOURCE_DIRS = ("doanvu", "tests", "bench", "scripts")
# `docs/domain.md`, optionally followed by `, "A heading"`.
CITATION = re.compile(r'\bdocs/(?P<page>[\w.-]+\.md)(?:,\s*"(?P<heading>[^"\n]+)")?')
# A page of docs/ citing another: `architecture.md, "Packages"`.
CROSS_REFERENCE = re.compile(r'(?<![\w/])(?P<page>[\w-]+\.md),\s*"(?P<heading>[^"\n]+)"')
OUTSIDE = re.compile(
    r"\bDOMAIN\.md\b|\bSTYLE\.md\b|\breform-2025\b|\bseeds?/|\bseed \d{3}\b|\bissue \d+\b|§\s*\d"
)


def headings(page: Path) -> set[str]:
    """The headings of a markdown page (outside fenced code), as written after the #s."""
    found, fenced = set(), False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := re.match(r"^#{1,6}\s+(.+?)\s*#*\s*$", line)):
            found.add(match.group(1))
    return found


def python_comments(source: str) -> list[tuple[int, str]]:
    """(line, text) of every comment and docstring of a Python module's source."""
    out = [
        (token.start[0], token.string)
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    ]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and (text := _text(first.value)) is not None:
                out.append((first.lineno, text))
    return out


def shell_comments(source: str) -> list[tuple[int, str]]:
    return [(n, line) for n, line in enumerate(source.splitlines(), 1) if line.lstrip().startswith("#")]


def source_comments() -> list[tuple[str, int, str]]:
    """(file, line, text) of the comments and docstrings of doanvu/, tests/, bench/ and scripts/ that may
    cite something (files that mention no document anywhere are not parsed: that keeps this fast)."""
    out = []
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".sh"):
                continue
            source = path.read_text(encoding="utf-8")
            if not (CITATION.search(source) or OUTSIDE.search(source)):
                continue
            found = python_comments(source) if path.suffix == ".py" else shell_comments(source)
            name = str(path.relative_to(ROOT))
            out += [(name, line, text) for line, text in found]
    return out


def broken_citations(text: str, pattern: re.Pattern = CITATION) -> list[str]:
    """The citations in `text` whose page or heading does not exist in docs/."""
    broken = []
    for match in pattern.finditer(text):
        page = DOCS / match.group("page")
        heading = match.group("heading")
        if not page.is_file():
            broken.append(f"docs/{match.group('page')}")
        elif heading is not None and heading not in headings(page):
            broken.append(f'docs/{match.group("page")}, "{heading}"')
    return broken


def test_the_citation_checker_finds_what_it_must():
    assert "Dues and arrears" in headings(DOCS / "domain.md")
    assert broken_citations('see docs/domain.md, "Dues and arrears"; docs/architecture.md, "Layers"') == []
    assert broken_citations('docs/domain.md, "No such heading" and docs/nowhere.md') == [
        'docs/domain.md, "No such heading"',
        "docs/nowhere.md",
    ]
    sample = '"""Module."""\n\n\ndef f():\n    """Function."""\n    return "not a comment"  # A comment.\n'
    assert python_comments(sample) == [(6, "# A comment."), (1, "Module."), (5, "Function.")]
    assert OUTSIDE.search("as seed 003 tells it") and OUTSIDE.search("(issue 3, §5)")
    assert not OUTSIDE.search("criteria_set.issue") and not OUTSIDE.search('"§Æng ThÞ ¸nh"')


def test_the_docs_pages_exist():
    assert (DOCS / "domain.md").is_file() and (DOCS / "architecture.md").is_file()


def test_every_docs_page_and_heading_a_comment_cites_exists():
    comments = source_comments()
    assert any("docs/domain.md" in text for _name, _line, text in comments)
    broken = [
        f"{name}:{line}: {citation}" for name, line, text in comments for citation in broken_citations(text)
    ]
    assert broken == []


def test_every_heading_a_docs_page_cites_in_another_exists():
    broken = [
        f"{page.name}: {citation}"
        for page in sorted(DOCS.glob("*.md"))
        for citation in broken_citations(page.read_text(encoding="utf-8"), CROSS_REFERENCE)
    ]
    assert broken == []


def test_no_comment_cites_a_document_outside_the_repository():
    found = [
        f"{name}:{line}: {match.group(0)}"
        for name, line, text in source_comments()
        for match in OUTSIDE.finditer(text)
    ]
    assert found == []
