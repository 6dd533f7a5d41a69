"""The dashboard's charts in the report: stored as data, drawn as SVG in the preview and the print page,
written as captioned pictures (PNG) with their figures in the Word file, and frozen with a finalised report."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from docx import Document
from docx.shared import Mm

from doanvu.documents.png import chart_png
from doanvu.lib import periods
from doanvu.reports import series
from doanvu.reports.document import docx as docx_render
from doanvu.reports.document import report_data, report_draft, report_finalise
from doanvu.stats import unit_stats

from .test_members_factories import admit
from .test_report_document_factories import activity, target

YEAR = periods.parse("2025")
PAGE = "/bao-cao/van-ban/XA/2025/"
PRINT = "/bao-cao/van-ban/XA/2025/ban-in/"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def every_chart(monkeypatch):
    """The conftest tree is far smaller than any unit that gets charts (a commune of two branches, three
    members): these tests are about how a chart is stored and drawn, so the thresholds of
    charts.worth_drawing are lowered to let every chart through. The thresholds themselves are tested in
    tests/test_report_tables_on_paper.py."""
    from doanvu.reports.document import charts

    for name, value in (("MIN_CHILDREN", 0), ("MIN_POINTS", 1), ("MIN_BARS", 1), ("FLAT_PEOPLE", 0)):
        monkeypatch.setattr(charts, name, value)
    monkeypatch.setattr(charts, "FLAT_SHARE", 0)


@pytest.fixture
def records(tree, people):
    """Đoàn xã A: two members from before the year, one joining in June, one Party member from April;
    activities in two work areas; one target."""
    admit(tree.branch_a1, people.own, full_name="Nguyễn Văn Ba")
    admit(tree.branch_a2, people.sibling, full_name="Trần Thị Tư")
    admit(tree.branch_a1, people.own, full_name="Lê Văn Sáu", joined_on=datetime.date(2025, 6, 15))
    admit(
        tree.branch_a2,
        people.sibling,
        full_name="Phạm Thị Bảy",
        party_probationary_on=datetime.date(2025, 4, 10),
    )
    activity(tree.branch_a1, datetime.date(2025, 3, 5), activities=12, participations=196)
    activity(tree.branch_a2, datetime.date(2025, 4, 6), area="movements", participations=30)
    activity(tree.branch_a2, datetime.date(2025, 7, 20), area="movements", participations=15)
    target(tree.grassroots_a, "participations", "2025", 200)
    return tree


def docx_of(data) -> Document:
    return Document(io.BytesIO(docx_render.render_docx(data)))


def chart_tables(document) -> dict[str, list[list[str]]]:
    """Caption → rows of the table right under its picture (the header first); [] when there is none."""
    body = list(document.element.body.iterchildren())
    out = {}
    for i, element in enumerate(body):
        if element.tag.endswith("}p"):
            text = "".join(t.text or "" for t in element.iter() if t.tag.endswith("}t"))
            if text.startswith("Biểu đồ: "):
                table = body[i + 2]
                if not table.tag.endswith("}tbl"):
                    out[text] = []
                    continue
                out[text] = [
                    [
                        "".join(t.text or "" for t in tc.iter() if t.tag.endswith("}t"))
                        for tc in tr.iter()
                        if tc.tag.endswith("}tc")
                    ]
                    for tr in table.iter()
                    if tr.tag.endswith("}tr")
                ]
    return out


def svgs_of(page: str) -> dict[str, ET.Element]:
    """data-chart → the parsed <svg> inside each report figure."""
    out = {}
    start = 0
    while (at := page.find('<figure class="vb-chart" data-chart="', start)) >= 0:
        key = page[at:].split('data-chart="', 1)[1].split('"', 1)[0]
        svg_at = page.index("<svg", at)
        svg_end = page.index("</svg>", svg_at) + len("</svg>")
        out[key] = ET.fromstring(page[svg_at:svg_end])
        start = svg_end
    return out


def texts(root: ET.Element) -> list[str]:
    """What each <text> shows, and the full label in its <title> when the shown one is shortened."""
    out = []
    for element in root.iter(f"{SVG}text"):
        out.append("".join(t for t in (element.text, *(child.tail for child in element)) if t))
        out.extend("".join(child.itertext()) for child in element if child.tag == f"{SVG}title")
    return out


def test_the_report_data_holds_the_three_charts_as_labels_and_series(records):
    data = report_data(unit=records.grassroots_a, period=YEAR)
    charts = data["charts"]
    assert list(charts) == ["members", "areas", "targets"]

    members = charts["members"]
    assert members["labels"] == [f"{m:02d}/25" for m in range(1, 13)]
    counts, party = (s["values"] for s in members["series"])
    assert counts[:5] == [3] * 5 and counts[5:] == [4] * 7
    assert party[:3] == [0, 0, 0] and party[3:] == [1] * 9
    # The same months as the dashboard's line, and the last point is the report's own figure.
    labels, dash_members, dash_party = series.member_series(records.grassroots_a, YEAR)
    assert labels == members["labels"] and [int(v) for v in dash_members] == counts
    assert counts[-1] == data["figures"]["values"]["members"]

    areas = dict(zip(charts["areas"]["labels"], charts["areas"]["series"][0]["values"], strict=True))
    assert areas["Công tác tuyên truyền, giáo dục"] == 12
    assert areas["Phong trào hành động cách mạng"] == 2
    assert areas["Công tác thiếu nhi"] == 0
    assert len(areas) == 8

    assert charts["targets"]["labels"] == [data["targets"][0]["name"]]
    assert charts["targets"]["series"][0]["values"] == [data["targets"][0]["achievement"]]


@pytest.mark.parametrize("persona", ["above", "viewer", "approver"])
def test_the_preview_draws_each_chart_as_inline_svg_under_its_chapter(records, people, login, persona):
    page = login(getattr(people, persona)).get(PAGE).content.decode()
    svgs = svgs_of(page)
    assert set(svgs) == {"members", "areas", "targets"}

    members = texts(svgs["members"])
    assert "Đoàn viên và đảng viên theo tháng" in members
    assert {"Đoàn viên", "Đảng viên", "01/25", "12/25"} <= set(members)
    assert "4" in members  # the last month's members written at the end of the line
    areas = texts(svgs["areas"])
    assert "Công tác tuyên truyền, giáo dục" in areas and "12 cuộc" in areas
    assert "2 cuộc" in areas
    assert "Biểu đồ: Hoạt động theo mặt công tác" in page

    # Members in "Xây dựng Đoàn", before the next chapter; areas after the last chapter (work areas with
    # nothing recorded, here inspection, are left out); targets after the targets table.
    building = page.index('id="chapter-union_building"')
    assert building < page.index('data-chart="members"') < page.index('id="chapter-party_building"')
    assert 'id="chapter-inspection"' not in page
    assert page.index('id="chapter-party_building"') < page.index('data-chart="areas"')
    assert page.index('data-chart="areas"') < page.index('id="part-targets"')
    assert page.index('id="part-targets"') < page.index('data-chart="targets"')
    # Under each chart, as in the Word file, the table of the figures it draws (every series, drawn or not).
    members_figure = page[page.index('data-chart="members"') : page.index('id="chapter-party_building"')]
    assert "<th>Đoàn viên (người)</th>" in members_figure and "<th>Đảng viên (người)</th>" in members_figure


def test_the_print_page_has_the_same_charts(records, people, login):
    page = login(people.above).get(PRINT).content.decode()
    assert set(svgs_of(page)) == {"members", "areas", "targets"}
    assert "break-inside: avoid" in page


def test_outsiders_see_no_chart_of_the_unit(records, people, login):
    assert login(people.sibling).get(PAGE).status_code == 404
    assert login(people.other_district).get(PRINT).status_code == 404


def test_the_word_file_writes_each_chart_as_a_captioned_picture_and_a_table_of_its_figures(records):
    data = report_data(unit=records.grassroots_a, period=YEAR)
    document = docx_of(data)
    tables = chart_tables(document)
    assert set(tables) == {
        "Biểu đồ: Đoàn viên và đảng viên theo tháng",
        "Biểu đồ: Hoạt động theo mặt công tác",
        "Biểu đồ: Mức đạt chỉ tiêu",
    }

    members = tables["Biểu đồ: Đoàn viên và đảng viên theo tháng"]
    assert members[0] == ["Tháng", "Đoàn viên (người)", "Đảng viên (người)"]
    assert members[1] == ["01/25", "3", "0"]
    assert members[6] == ["06/25", "4", "1"]
    assert members[12] == [
        "12/25",
        str(unit_stats(unit=records.grassroots_a, period=YEAR).values["members"]),
        "1",
    ]

    areas = dict((row[0], row[1]) for row in tables["Biểu đồ: Hoạt động theo mặt công tác"][1:])
    assert areas["Công tác tuyên truyền, giáo dục"] == "12"
    assert areas["Phong trào hành động cách mạng"] == "2"
    # The targets' figures are the targets table's last column just above the chart: not written twice.
    assert tables["Biểu đồ: Mức đạt chỉ tiêu"] == []
    targets = next(t for t in document.tables if t.rows[0].cells[0].text == "Chỉ tiêu")
    assert targets.rows[0].cells[-1].text == "Tỷ lệ đạt"
    assert targets.rows[1].cells[-1].text == "120,5%"  # 241 of 200

    caption = next(p for p in document.paragraphs if p.text.startswith("Biểu đồ: "))
    assert caption.style.name == "DV Caption"
    assert caption.style.font.name == "Times New Roman"

    # Each chart is a picture right under its caption: three PNGs, as wide as the text, none taller than it.
    assert len(document.inline_shapes) == 3
    for shape in document.inline_shapes:
        assert shape.width == Mm(160)
        assert shape.height < Mm(240)
    texts = [p.text for p in document.paragraphs]
    assert document.paragraphs[texts.index(caption.text) + 1]._p.xpath(".//pic:pic")  # under its caption
    blobs = [part.blob for part in document.part.package.parts if part.content_type == "image/png"]
    assert len(blobs) == 3 and all(blob.startswith(b"\x89PNG") for blob in blobs)


def test_a_chart_picture_is_a_png_drawn_from_the_stored_figures():
    chart = {
        "key": "areas",
        "kind": "bar",
        "title": "Hoạt động theo mặt công tác",
        "label_name": "Mặt công tác",
        "labels": ["Công tác tuyên truyền, giáo dục", "Xây dựng Đoàn"],
        "series": [{"name": "Hoạt động", "values": [12, 2]}],
        "unit_label": "cuộc",
        "value_kind": "flow",
    }
    first, again = chart_png(chart), chart_png(chart)
    assert first.startswith(b"\x89PNG") and first == again  # same figures, same picture
    assert chart_png({**chart, "series": [{"name": "Hoạt động", "values": [3, 9]}]}) != first


def test_a_finalised_reports_charts_do_not_change_when_the_records_do(records, people, login):
    report = report_draft(unit=records.grassroots_a, period=YEAR, by=people.above)
    report_finalise(report=report, by=people.above)
    before = report_data(unit=records.grassroots_a, period=YEAR)["charts"]
    page_before = login(people.above).get(PAGE).content.decode()

    admit(records.branch_a1, people.own, full_name="Đoàn Viên Mới", joined_on=datetime.date(2025, 2, 1))
    activity(records.branch_a1, datetime.date(2025, 10, 1), area="children", participations=40)

    after = report_data(unit=records.grassroots_a, period=YEAR)
    assert after["charts"] == before
    assert "Công tác thiếu nhi" in texts(svgs_of(page_before)["areas"])
    page_after = login(people.above).get(PAGE).content.decode()
    assert ET.tostring(svgs_of(page_after)["areas"]) == ET.tostring(svgs_of(page_before)["areas"])
    assert ET.tostring(svgs_of(page_after)["members"]) == ET.tostring(svgs_of(page_before)["members"])
    tables = chart_tables(docx_of(after))
    assert tables["Biểu đồ: Đoàn viên và đảng viên theo tháng"][12][1] == "4"
    # The records did change: a draft built now would say 5 members and one children's activity.
    assert unit_stats(unit=records.grassroots_a, period=YEAR).values["members"] == 5


def test_a_snapshot_finalised_before_the_report_had_charts_still_renders(records, people, login):
    report = report_draft(unit=records.grassroots_a, period=YEAR, by=people.above)
    report_finalise(report=report, by=people.above)
    report.refresh_from_db()
    report.figures.pop("charts")
    report.save(update_fields=["figures"])
    response = login(people.above).get(PAGE)
    assert response.status_code == 200
    assert 'class="vb-chart"' not in response.content.decode()
    assert chart_tables(docx_of(report_data(unit=records.grassroots_a, period=YEAR))) == {}
