"""The notes other parts of the project add to a chapter of the work report (doanvu.reports.providers)."""

import datetime

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


def test_a_unit_reports_how_the_units_under_it_were_classified_with_the_share_doing_well(tree):
    from doanvu.evaluation.models import UnitClassification

    for unit, level in (
        (tree.branch_a1, "outstanding"),
        (tree.branch_a2, "completed"),
        (tree.grassroots_a, "good"),
    ):
        UnitClassification.objects.create(
            unit=unit,
            year=2025,
            level=level,
            decided_by_unit=tree.district_a,
            decided_on=datetime.date(2025, 12, 30),
        )
    notes = report_notes.classification_notes(tree.district_a, periods.parse("2025"))["union_building"]
    assert notes == [
        "Kết quả xếp loại tổ chức Đoàn năm 2025: 01 cơ sở đoàn (01 hoàn thành tốt nhiệm vụ), 02 chi đoàn (01 "
        "hoàn thành xuất sắc nhiệm vụ, 01 hoàn thành nhiệm vụ); 02/03 đơn vị hoàn thành tốt nhiệm vụ trở lên "
        "(66,7%)."
    ]
    # The commune's own classification first, then its branches'; a branch has only its own.
    assert report_notes.classification_notes(tree.grassroots_a, periods.parse("2025"))["union_building"] == [
        "Kết quả năm 2025, Đoàn xã A được xếp loại hoàn thành tốt nhiệm vụ.",
        "Kết quả xếp loại tổ chức Đoàn năm 2025: 02 chi đoàn (01 hoàn thành xuất sắc nhiệm vụ, 01 hoàn thành "
        "nhiệm vụ); 01/02 đơn vị hoàn thành tốt nhiệm vụ trở lên (50%).",
    ]
    assert report_notes.classification_notes(tree.branch_a1, periods.parse("2025"))["union_building"] == [
        "Kết quả năm 2025, Chi đoàn A1 được xếp loại hoàn thành xuất sắc nhiệm vụ."
    ]
