"""Every doanvu command answers `--help` with its Vietnamese description (docs/architecture.md, "Packages")."""

import pytest
from django.core.management import get_commands, load_command_class

OURS = sorted((name, app) for name, app in get_commands().items() if app.startswith("doanvu."))


def test_the_project_has_its_own_commands():
    assert {"report", "stats", "seed_demo", "create_token"} <= {name for name, _ in OURS}


@pytest.mark.parametrize(("name", "app"), OURS, ids=[name for name, _ in OURS])
def test_help_of_each_command_prints_its_description(name, app):
    command = load_command_class(app, name)
    text = command.create_parser("doanvu", name).format_help()
    assert str(command.help).split()[0] in text
    assert "usage:" in text
