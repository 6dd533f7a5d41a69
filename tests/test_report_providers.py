"""The notes other parts of the project add to a chapter of the work report (doanvu.reports.providers)."""

from doanvu.evaluation.classification import report_notes
from doanvu.lib import periods
from doanvu.reports import providers
from doanvu.reports.document import report_data


def test_evaluation_registers_the_units_classification_when_django_starts():
    assert providers._providers["evaluation.classification"] is report_notes.classification_notes


def test_each_providers_sentences_end_their_chapter_in_the_order_they_registered(tree, monkeypatch):
    monkeypatch.setattr(providers, "_providers", dict(providers._providers))
    providers.register_chapter_notes("test.first", lambda unit, period: {"education": ["Một.", ""]})
    providers.register_chapter_notes("test.second", lambda unit, period: {"education": [f"{unit.name}."]})
    providers.register_chapter_notes("test.first", lambda unit, period: {"education": ["Hai."]})
    notes = providers.chapter_notes(unit=tree.grassroots_a, period=periods.parse("2025Q3"))
    assert notes["education"] == ["Hai.", "Đoàn xã A."]
    chapters = {
        c["code"]: c["text"]
        for c in report_data(unit=tree.grassroots_a, period=periods.parse("2025Q3"))["chapters"]
    }
    assert chapters["education"].splitlines()[-1] == "Hai. Đoàn xã A."
