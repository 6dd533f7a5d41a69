"""The README documents every setting: a variable read by the settings module, the Makefile or the scripts
that is missing from README.md fails here (the way datasette's tests/test_docs.py keeps its docs honest)."""

import ast
import re
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
