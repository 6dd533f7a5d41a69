"""The `doanvu` console command: the project's manage.py under a name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doanvu.settings")
    from django.core.management import execute_from_command_line

    # `python -m doanvu` names itself "__main__.py" in every --help; the command is `doanvu` either way.
    execute_from_command_line(["doanvu", *sys.argv[1:]])


if __name__ == "__main__":
    main()
