"""The inline SVG charts: well-formed, escaped, Vietnamese numbers, one mark per value."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from doanvu.documents import svg as charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_a_bar_chart_draws_one_bar_per_item_with_its_value_written_the_vietnamese_way():
    root = parse(
        charts.bar_chart([("Tuyên truyền", 2145), ("Thiếu nhi", 3)], title="Hoạt động", unit_label="cuộc")
    )
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == 2
    assert float(bars[0].get("width")) > float(bars[1].get("width")) > 0
    assert "2.145 cuộc" in texts(root) and "3 cuộc" in texts(root)
    assert root.get("role") == "img" and root.get("aria-label") == "Hoạt động"


def test_labels_and_titles_are_escaped():
    svg = charts.bar_chart([("<script>alert(1)</script>", 1)], title='A & "B"')
    assert "<script>" not in svg
    root = parse(svg)
    assert texts(root)[1].startswith("<script>alert(1)</script>")  # the text itself, read back unescaped
    assert root.get("aria-label") == 'A & "B"'


def test_a_missing_value_is_an_empty_bar_written_as_a_dash():
    root = parse(
        charts.bar_chart([("Đã có", Decimal("95.5")), ("Chưa có", None)], title="Tỷ lệ", unit_label="%")
    )
    widths = [float(rect.get("width")) for rect in root.findall(f"{SVG}rect")]
    assert widths[1] == 0
    assert "95,5 %" in texts(root) and "—" in texts(root)


def test_an_empty_bar_chart_says_there_is_no_data():
    assert "Chưa có số liệu" in texts(parse(charts.bar_chart([], title="Trống")))


def test_a_line_chart_draws_each_series_and_labels_its_last_value():
    root = parse(
        charts.line_chart(
            ["01/25", "02/25", "03/25"],
            [("Đoàn viên", [2100, 2120, 2145]), ("Đảng viên", [440, 446, 446])],
            title="Đoàn viên",
        )
    )
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 2 and len(lines[0].get("points").split()) == 3
    assert "2.145" in texts(root) and "Đảng viên" in texts(root)
    assert len(root.findall(f"{SVG}circle")) == 6


def test_a_gap_in_a_series_breaks_the_line():
    root = parse(charts.line_chart(["1", "2", "3", "4"], [("A", [1, 2, None, 4])], title="Gián đoạn"))
    assert [len(line.get("points").split()) for line in root.findall(f"{SVG}polyline")] == [2]
    assert len(root.findall(f"{SVG}circle")) == 3


def test_higher_values_are_drawn_higher():
    root = parse(charts.line_chart(["a", "b"], [("A", [10, 20])], title="t"))
    first, second = root.findall(f"{SVG}circle")
    assert float(second.get("cy")) < float(first.get("cy"))
