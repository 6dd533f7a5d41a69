"""A chapter's highlights come from near the unit first: a province's report names its own and its districts'
programmes before any branch's meeting, and reads deeper only for the areas still short of activities. The
activities two rows of the table show are read from the rollups, as the records give them."""

import datetime

from doanvu.lib import periods
from doanvu.reports.document.activities import activities_by_area
from doanvu.stats import shared_activities
from doanvu.work.models import WorkArea

from .test_report_document_factories import activity

D = datetime.date
Y2024 = periods.parse("2024")


def _highlights(unit, area="education"):
    return activities_by_area(unit, Y2024)[WorkArea.objects.get(code=area).pk].highlights


def test_a_province_names_its_districts_programmes_before_a_better_attended_branch_meeting(tree):
    activity(tree.branch_a1, D(2024, 3, 1), title="Sinh hoạt chi đoàn tháng 3", participations=900)
    for i in range(15):
        activity(
            tree.district_a, D(2024, 4, 1 + i), title=f"Hội thi tìm hiểu lịch sử lần {i}", participations=50
        )
    activity(tree.province, D(2024, 5, 1), title="Diễn đàn thanh niên tỉnh", participations=300)
    highlights = _highlights(tree.province)
    assert highlights[0] == "Diễn đàn thanh niên tỉnh"
    assert "Sinh hoạt chi đoàn tháng 3" not in highlights
    # The branch's own report, and its grassroots union's, still name it.
    assert _highlights(tree.grassroots_a) == ["Sinh hoạt chi đoàn tháng 3"]


def test_an_area_with_few_activities_near_the_unit_is_read_down_to_its_branches(tree):
    activity(tree.district_a, D(2024, 4, 1), title="Hội thi tìm hiểu lịch sử", participations=50)
    activity(tree.branch_a1, D(2024, 3, 1), title="Tuyên truyền pháp luật cho thanh niên", participations=900)
    activity(tree.branch_b1, D(2024, 6, 1), title="Học tập chuyên đề năm 2024", participations=20)
    assert _highlights(tree.province) == [
        "Tuyên truyền pháp luật cho thanh niên",
        "Hội thi tìm hiểu lịch sử",
        "Học tập chuyên đề năm 2024",
    ]


def test_the_activities_two_rows_show_are_read_from_the_rollups_as_the_records_give_them(tree):
    activity(tree.branch_a1, D(2024, 3, 1), with_units=[tree.branch_b1])  # districts A and B
    activity(tree.branch_a1, D(2024, 4, 1), with_units=[tree.branch_a2])  # both in district A
    activity(tree.province, D(2024, 5, 1), with_units=[tree.grassroots_b])  # the province and district B
    for unit, shared in ((tree.province, 2), (tree.district_a, 0), (tree.grassroots_a, 1)):
        assert shared_activities(unit=unit, period=Y2024, from_rollups=True) == shared, unit.code
        assert shared_activities(unit=unit, period=Y2024, from_rollups=False) == shared, unit.code


def test_the_direction_names_the_coming_movements_of_the_unit_and_its_districts_first(tree):
    from doanvu.reports.document.data import build_report_data

    day = D(2025, 3, 1)
    for movement in ("tntn-he", "xuan-tinh-nguyen", "hien-mau"):
        activity(tree.district_a, day, area="movements", movement=movement)
    for _n in range(5):  # busier, but a branch's
        activity(tree.branch_a1, day, area="movements", movement="chu-nhat-xanh")
    direction = build_report_data(unit=tree.province, period=Y2024)["sections"]["direction"]
    assert "Chiến dịch “Thanh niên tình nguyện hè”" in direction
    assert "Ngày chủ nhật xanh" not in direction
    # A district with too few of its own reads its branches' too.
    direction = build_report_data(unit=tree.district_b, period=Y2024)["sections"]["direction"]
    assert "Ngày chủ nhật xanh" not in direction
    activity(tree.branch_b1, day, area="movements", movement="chu-nhat-xanh")
    direction = build_report_data(unit=tree.district_b, period=Y2024)["sections"]["direction"]
    assert "Ngày chủ nhật xanh" in direction
