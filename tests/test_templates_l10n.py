"""Numbers are written Vietnamese-style on pages (2.145), so an id or a year printed raw in a template
becomes "1.337" or "2.025": a broken form value, data attribute or heading once ids pass 999. Every such
value goes through |unlocalize."""

import re
from pathlib import Path

import doanvu

RAW = re.compile(r"\{\{ *([a-zA-Z_.]+(?:\.pk|\.id|_id|\.year|\byear)) *\}\}")


def test_no_template_prints_an_id_or_a_year_with_a_thousands_separator():
    root = Path(doanvu.__file__).parent / "templates"
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in sorted(root.rglob("*.html"))
        for match in RAW.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_check_would_catch_one(tmp_path):
    assert RAW.search('<li data-evidence="{{ e.pk }}">') and RAW.search("năm {{ criteria_set.year }}")
    assert not RAW.search('<li data-evidence="{{ e.pk|unlocalize }}">')
