"""The generated report's tables and charts read on paper (docs/architecture.md, "Tables and charts on paper"):
the per-unit table on landscape pages with its header repeated, rows and figures unbroken and names wrapped
only between words; a note when joint activities keep the total below the sum of the rows; charts only
where they tell something, with labels that do not overlap."""

import datetime
import io
import os
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Emu
from pypdf import PdfReader

from doanvu.documents import word
from doanvu.documents.pdf import docx_to_pdf, pdf_available
from doanvu.documents.png import bar_label
from doanvu.documents.svg import line_chart
from doanvu.documents.templates import DEFAULT_TEMPLATE, open_document
from doanvu.lib import periods
from doanvu.reports.document import charts, report_data
from doanvu.reports.document import docx as docx_render
from doanvu.reports.document.layout import subunits_table
from doanvu.stats import shared_activities, unit_stats

from .test_members_factories import admit
from .test_report_document_factories import activity

YEAR = periods.parse("2025")
SVG = "{http://www.w3.org/2000/svg}"
JOINT_NOTE = "Ghi chú: Tổng số không bằng cộng các dòng vì {n} hoạt động do nhiều đơn vị cùng tổ chức chỉ tính một lần."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def document_of(unit) -> Document:
    return Document(io.BytesIO(docx_render.render_docx(report_data(unit=unit, period=YEAR))))


def unit_table(document):
    return next(t for t in document.tables if t.rows[0].cells[0].text == "Đơn vị")


def body_text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


# ---------------------------------------------------------------------------------------------------------
# The per-unit table in the Word file


def test_the_per_unit_table_has_landscape_pages_of_its_own_and_the_report_goes_back_to_portrait(tree):
    document = document_of(tree.district_a)
    orientations = [section.orientation for section in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    landscape = document.sections[1]
    assert landscape.page_width > landscape.page_height
    assert round(landscape.page_width.mm) == 297 and round(landscape.page_height.mm) == 210
    # The binding edge stays where it was: the portrait page's 30 mm left margin is the landscape page's top.
    assert round(landscape.top_margin.mm) == 30 and round(landscape.left_margin.mm) == 20
    assert document.sections[2].page_width < document.sections[2].page_height

    # The landscape section holds the heading and the table: the paragraph that ends it comes after both,
    # and the one that ends the portrait section before it comes before the heading.
    body = list(document.element.body.iterchildren())
    table_at = body.index(unit_table(document)._tbl)
    ends = [i for i, e in enumerate(body) if e.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    heading_at = next(
        i for i, e in enumerate(body) if body_text(e).endswith("SỐ LIỆU THEO ĐƠN VỊ TRỰC THUỘC")
    )
    assert ends[0] < heading_at < table_at < ends[1]


def test_every_page_but_the_first_is_numbered_once_across_the_landscape_pages(tree):
    document = document_of(tree.district_a)
    first, *later = document.sections
    assert first.different_first_page_header_footer
    assert not any(section.different_first_page_header_footer for section in later)
    assert all(section.footer.is_linked_to_previous for section in later)
    fields = [t.text for t in first.footer._element.iter(qn("w:instrText"))]
    assert fields == [" PAGE "]


def test_the_header_row_repeats_on_every_page_and_no_row_splits_across_pages(tree):
    table = unit_table(document_of(tree.district_a))
    rows = table._tbl.findall(qn("w:tr"))
    assert len(rows) == 4  # the header, Đoàn xã A, Cấp Huyện đoàn A trực tiếp, Tổng cộng
    header_props = rows[0].find(qn("w:trPr"))
    assert header_props.find(qn("w:tblHeader")) is not None
    for row in rows:
        assert row.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None
    for row in rows[1:]:
        assert row.find(qn("w:trPr")).find(qn("w:tblHeader")) is None


def test_figures_never_wrap_and_the_columns_are_as_wide_as_their_text(tree, people):
    admit(tree.branch_a1, people.own, full_name="Nguyễn Văn Ba")
    activity(tree.branch_a1, datetime.date(2025, 3, 5), activities=2, funds_vnd=1_100_000_000)
    document = document_of(tree.grassroots_a)
    table = unit_table(document)
    tbl = table._tbl
    assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    # Every figure cell is unbreakable; the names' column is not (a long name wraps between words).
    for row in table.rows[1:]:
        cells = row.cells
        assert cells[0]._tc.tcPr.find(qn("w:noWrap")) is None
        assert all(cell._tc.tcPr.find(qn("w:noWrap")) is not None for cell in cells[1:])

    widths = [int(col.get(qn("w:w"))) for col in tbl.tblGrid.findall(qn("w:gridCol"))]
    landscape = document.sections[1]
    text_width = Emu(landscape.page_width - landscape.left_margin - landscape.right_margin)
    assert sum(widths) <= text_width.twips + len(widths)  # within the margins (rounding to the twip)
    twips_per_mm = 1440 / 25.4
    # The names' column holds its longest word ("Huyện" of "Cấp Huyện đoàn A trực tiếp") on one line.
    longest_word = max(
        (
            word.text_mm(w, word.TABLE_PT, bold=True)
            for row in table.rows[1:]
            for w in row.cells[0].text.split()
        ),
    )
    assert widths[0] >= (longest_word + word.CELL_PADDING_MM) * twips_per_mm - 1
    # The amount column holds "1.100" (millions of đồng) unbroken, under a header that says the scale.
    header = [cell.text for cell in table.rows[0].cells]
    money = next(i for i, text in enumerate(header) if text.startswith("Kinh phí"))
    assert header[money].endswith("(triệu đồng)")
    rows = {row.cells[0].text: [cell.text for cell in row.cells] for row in table.rows[1:]}
    assert rows["Chi đoàn A1"][money] == "1.100"
    assert rows["Tổng cộng"][money] == "1.100"
    assert (
        widths[money]
        >= (word.text_mm("1.100", word.TABLE_PT, bold=True) + word.CELL_PADDING_MM) * twips_per_mm - 1
    )
    # A header does not repeat the unit its name already says.
    assert "Đoàn viên" in header and "Đoàn viên (đoàn viên)" not in header


def test_a_table_too_wide_for_its_page_is_written_smaller_rather_than_broken():
    table = word.Table(
        ["Đơn vị"] + [f"Cột {n}" for n in range(13)], [["Huyện đoàn Càng Long"] + ["1.234.567"] * 13]
    )
    assert word.column_widths(table, 257, 12) is None  # thirteen seven-digit figures do not fit at 12 pt
    assert word.column_widths(table, 257, 9) is not None

    document = open_document(DEFAULT_TEMPLATE)
    word.landscape(document)
    word.table(document, table)
    sizes = {run.font.size.pt for cell in document.tables[0].rows[1].cells for run in cell.paragraphs[0].runs}
    assert sizes and max(sizes) < word.TABLE_PT


def test_a_long_unit_name_wraps_between_words_never_inside_one():
    name = "Đoàn Khối các cơ quan và doanh nghiệp tỉnh"
    table = word.Table(["Đơn vị", "Đoàn viên"], [[name, "310"], ["Huyện đoàn Càng Long", "399"]])
    widths = word.column_widths(table, 60, 12)
    assert widths is not None and sum(widths) <= 60.001
    usable = widths[0] - word.CELL_PADDING_MM
    assert all(word.text_mm(w, 12) <= usable for w in name.split())
    assert word.text_mm(name, 12) > usable  # the name does wrap in 60 mm… between its words


# ---------------------------------------------------------------------------------------------------------
# Totals that reconcile


def test_the_total_row_is_the_sum_of_the_rows_when_no_activity_is_shared(tree, people):
    activity(tree.branch_a1, datetime.date(2025, 3, 5), activities=3, participations=40)
    activity(tree.branch_a2, datetime.date(2025, 4, 6), activities=2, participations=25)
    data = report_data(unit=tree.grassroots_a, period=YEAR)
    table = subunits_table(data)
    assert table.note == ""
    rows = {row[0]: row for row in table.rows}
    assert rows["Chi đoàn A1"][4] == "3" and rows["Chi đoàn A2"][4] == "2" and rows["Tổng cộng"][4] == "5"


def test_a_note_under_the_table_says_how_many_joint_activities_the_total_counts_once(tree, people):
    # Two activities organised jointly by both branches, one by a branch and the commune itself.
    activity(
        tree.branch_a1,
        datetime.date(2025, 3, 5),
        activities=2,
        participations=40,
        with_units=(tree.branch_a2,),
    )
    activity(tree.branch_a2, datetime.date(2025, 5, 9), participations=10, with_units=(tree.branch_a1,))
    activity(tree.grassroots_a, datetime.date(2025, 6, 1), participations=30, with_units=(tree.branch_a1,))
    activity(tree.branch_a2, datetime.date(2025, 7, 1), participations=5)

    assert shared_activities(unit=tree.grassroots_a, period=YEAR) == 3
    data = report_data(unit=tree.grassroots_a, period=YEAR)
    table = subunits_table(data)
    rows = {row[0]: row for row in table.rows}
    header = table.header
    sessions = header.index("Số cuộc, buổi hoạt động")
    # Chi đoàn A1 shows 2 + 1 + 1, Chi đoàn A2 2 + 1 + 1, the commune itself 1: 9 by the rows, 5 in fact.
    assert [rows[name][sessions] for name in ("Chi đoàn A1", "Chi đoàn A2", "Cấp Đoàn xã A trực tiếp")] == [
        "4",
        "4",
        "1",
    ]
    assert rows["Tổng cộng"][sessions] == "5"
    assert table.note == JOINT_NOTE.format(n=3)

    # In the Word file the note is the table's last row, one cell across every column with no border but
    # the line above, and the total row is held to it: the note never starts a page of its own.
    document = document_of(tree.grassroots_a)
    *_rows, total, note = unit_table(document).rows
    assert body_text(note._tr) == JOINT_NOTE.format(n=3) and len(note._tr.tc_lst) == 1
    assert note._tr.tc_lst[0].grid_span == len(table.header)
    edges = note._tr.tc_lst[0].tcPr.find(qn("w:tcBorders"))
    assert {e.tag.split("}")[1]: e.get(qn("w:val")) for e in edges} == {
        "left": "nil",
        "bottom": "nil",
        "right": "nil",
    }
    assert all(cell.paragraphs[0].paragraph_format.keep_with_next for cell in total.cells)


def test_a_joint_activity_of_two_districts_is_shared_in_the_provinces_table_but_not_in_a_districts(tree):
    activity(tree.branch_a1, datetime.date(2025, 3, 5), participations=40, with_units=(tree.branch_b1,))
    assert shared_activities(unit=tree.province, period=YEAR) == 1
    assert shared_activities(unit=tree.district_a, period=YEAR) == 0
    assert shared_activities(unit=tree.grassroots_a, period=YEAR) == 0
    assert subunits_table(report_data(unit=tree.province, period=YEAR)).note == JOINT_NOTE.format(n=1)
    assert subunits_table(report_data(unit=tree.district_a, period=YEAR)).note == ""
    # Each district shows it, the province counts it once.
    values = unit_stats(unit=tree.province, period=YEAR)
    assert values.values["activities"] == 1
    assert [child.values["activities"] for child in values.children] == [Decimal(1), Decimal(1)]


def test_the_preview_shows_the_note_and_keeps_the_wide_table_in_its_own_scrolling_box(tree, people, login):
    activity(tree.branch_a1, datetime.date(2025, 3, 5), participations=40, with_units=(tree.branch_a2,))
    page = login(people.above).get("/bao-cao/van-ban/XA/2025/").content.decode()
    box = re.search(
        r'<div class="table-wrap vb-table-box"><table class="vb-table vb-wide">.*?</table></div>', page, re.S
    )
    assert box is not None and "Tổng cộng" in box.group(0)
    assert f'<p class="vb-table-note">{JOINT_NOTE.format(n=1)}</p>' in page[box.end() :]


# ---------------------------------------------------------------------------------------------------------
# Charts only where they tell something


def line(values) -> dict:
    return {
        "key": "members",
        "kind": "line",
        "labels": [f"{m:02d}/25" for m in range(1, len(values) + 1)],
        "series": [
            {"name": "Đoàn viên", "values": values},
            {"name": "Đảng viên", "values": [0] * len(values)},
        ],
    }


def bars(values) -> dict:
    return {
        "key": "areas",
        "kind": "bar",
        "labels": [f"Mặt {n}" for n in range(len(values))],
        "series": [{"name": "Hoạt động", "values": values}],
    }


@pytest.mark.parametrize(
    ("level", "children", "members", "areas", "drawn"),
    [
        # A branch of 16 members: no chart at all, however its figures move.
        ("branch", 0, [15, 15, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16], [12, 34, 3, 2, 1, 1, 3, 1], []),
        # A commune of two branches: none either.
        ("grassroots of two branches", 2, [40, 44, 48, 52, 56, 60], [12, 34, 3, 2, 1, 1, 3, 1], []),
        # A grassroots unit of five branches whose membership barely moves, activities in two areas: none.
        ("grassroots of five branches", 5, [120, 121, 121, 122, 122, 123], [10, 4, 0, 0, 0, 0, 0, 0], []),
        # A district whose membership grew 331 → 399: the line and the bars.
        (
            "district",
            4,
            [331, 338, 345, 352, 359, 363, 369, 374, 381, 389, 398, 399],
            [78, 61, 9, 27, 6, 14, 5, 25],
            ["members", "areas"],
        ),
        # The province with a flat year (4.059 → 4.070, under 3 %): the bars only.
        (
            "province",
            12,
            [4059, 4060, 4062, 4065, 4066, 4068, 4070],
            [761, 564, 82, 242, 50, 109, 79, 214],
            ["areas"],
        ),
    ],
)
def test_which_charts_a_unit_gets(level, children, members, areas, drawn):
    candidates = [line(members), bars(areas)]
    assert [c["key"] for c in candidates if charts.worth_drawing(c, children)] == drawn


def test_a_line_of_two_months_or_a_chart_of_two_targets_is_not_drawn():
    assert not charts.worth_drawing(line([100, 200]), children=10)
    targets = {
        "key": "targets",
        "kind": "bar",
        "labels": ["A", "B"],
        "series": [{"name": "Tỷ lệ đạt", "values": [80, 120]}],
    }
    assert not charts.worth_drawing(targets, children=10)
    targets["labels"].append("C")
    targets["series"][0]["values"].append(95)
    assert charts.worth_drawing(targets, children=10)


def test_a_branch_report_has_no_chart_page(tree, people):
    for n in range(16):
        admit(tree.branch_a1, people.own, full_name=f"Đoàn Viên Số {n}")
    activity(tree.branch_a1, datetime.date(2025, 3, 5), activities=12, participations=196)
    activity(tree.branch_a1, datetime.date(2025, 4, 5), area="movements", participations=30)
    activity(tree.branch_a1, datetime.date(2025, 5, 5), area="children", participations=30)
    data = report_data(unit=tree.branch_a1, period=YEAR)
    assert data["charts"] == {}
    document = document_of(tree.branch_a1)
    assert len(document.inline_shapes) == 0
    assert not any(p.text.startswith("Biểu đồ: ") for p in document.paragraphs)


def test_party_members_far_below_the_members_are_left_out_of_the_line_but_kept_in_its_table():
    members = [3498, 3541, 3582, 3644, 3700, 3755]
    party = [83, 86, 89, 89, 90, 93]
    chart = line(members) | {
        "title": "Đoàn viên và đảng viên theo tháng",
        "label_name": "Tháng",
        "unit_label": "người",
        "series": [{"name": "Đoàn viên", "values": members}, {"name": "Đảng viên", "values": party}],
    }
    assert [s["name"] for s in charts.as_drawn(chart)["series"]] == ["Đoàn viên"]
    view = charts.chart_view(chart)
    assert ">Đảng viên<" not in view.svg
    assert view.header == ["Tháng", "Đoàn viên (người)", "Đảng viên (người)"] and view.rows[0][1:] == [
        "3.498",
        "83",
    ]
    # A second line on the first one's scale is drawn.
    close = chart | {"series": [chart["series"][0], {"name": "Đoàn viên nữ", "values": [1500] * 6}]}
    assert len(charts.as_drawn(close)["series"]) == 2


def test_a_short_table_stays_on_one_page_and_only_its_total_row_is_bold(tree, people):
    admit(tree.branch_a1, people.own, full_name="Nguyễn Văn Ba")
    activity(tree.branch_a1, datetime.date(2025, 3, 5), activities=2)
    activity(tree.grassroots_a, datetime.date(2025, 4, 5), activities=1)
    table = unit_table(document_of(tree.grassroots_a))
    *rows, total = table.rows[1:]
    assert rows[-1].cells[0].text == "Cấp Đoàn xã A trực tiếp" and total.cells[0].text == "Tổng cộng"
    assert all(run.bold is not True for row in rows for cell in row.cells for run in cell.paragraphs[0].runs)
    assert all(run.bold for cell in total.cells for run in cell.paragraphs[0].runs)
    # Every row but the last is held to the next: LibreOffice and Word move the table to the next page whole.
    held = [all(c.paragraphs[0].paragraph_format.keep_with_next for c in r.cells) for r in table.rows]
    assert held == [True] * (len(table.rows) - 1) + [False]


# ---------------------------------------------------------------------------------------------------------
# Labels that never overlap


def test_a_bar_label_wraps_between_words_on_at_most_two_lines():
    area = "Xây dựng Đoàn, mở rộng mặt trận đoàn kết tập hợp thanh niên"
    assert bar_label(area) == "Xây dựng Đoàn, mở rộng mặt trận\nđoàn kết tập hợp thanh niên"  # whole
    longer = area + " và các tổ chức thanh niên khác"
    lines = bar_label(longer).split("\n")
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(part in longer.split() for line_ in lines for part in line_.removesuffix(" …").split())
    assert bar_label("Công tác thiếu nhi") == "Công tác thiếu nhi"


def test_a_line_chart_of_twenty_quarters_writes_at_most_twelve_labels_none_side_by_side():
    labels = [f"Q{q}/{y}" for y in range(23, 28) for q in range(1, 5)]
    drawn = ET.fromstring(line_chart(labels, [("Đoàn viên", list(range(100, 120)))], title="Đoàn viên"))
    written = [t.text for t in drawn.iter(f"{SVG}text") if t.text in labels]
    assert 1 < len(written) <= 12
    positions = [labels.index(text) for text in written]
    assert all(b - a >= 2 for a, b in zip(positions, positions[1:], strict=False))


def test_words_in_a_table_are_left_aligned_and_wrap_while_figures_are_right_aligned_and_never_break():
    document = open_document(DEFAULT_TEMPLATE)
    word.table(
        document,
        word.Table(
            ["Chỉ tiêu", "Đơn vị tính", "Thực hiện"], [["Đơn vị máu hiến được", "đơn vị máu", "1.408"]]
        ),
    )
    label, unit, figure = document.tables[0].rows[1].cells
    assert unit.paragraphs[0].alignment is None and unit._tc.tcPr.find(qn("w:noWrap")) is None
    assert figure.paragraphs[0].alignment == 2 and figure._tc.tcPr.find(qn("w:noWrap")) is not None  # RIGHT
    assert [word.is_figure(t) for t in ("2.145", "95,5%", "–", "đơn vị máu", "Q1/25")] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_a_cell_reads_back_as_written_with_its_line_breaks_spaces_and_style_and_every_cell_as_wide_as_its_column():
    document = open_document(DEFAULT_TEMPLATE)
    rows = [["Chi đoàn  Khóm 1 ", "12"], ["Đoàn xã Long Đức\n(đến 30/6)", "7"], ["Tổng cộng", "19"]]
    word.table(document, word.Table(["Đơn vị", "Đoàn viên"], rows, total_rows=1))
    table = document.tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows[1:]] == rows
    assert {cell.paragraphs[0].style.name for row in table.rows for cell in row.cells} == {"DV Table"}
    assert [row.cells[0].paragraphs[0].runs[0].bold for row in table.rows[1:]] == [None, None, True]
    grid = [column.width for column in table.columns]
    assert all([cell.width for cell in row.cells] == grid for row in table.rows)


@pytest.mark.skipif(
    not pdf_available() and os.environ.get("CI") != "true",
    reason="LibreOffice (soffice) is not installed here",
)
@pytest.mark.usefixtures("patient_libreoffice")
def test_on_paper_a_wide_table_that_fills_its_pages_leaves_no_page_blank_and_its_note_never_alone():
    # Tables of 22 to 31 rows on landscape pages, as the report writes its per-unit table, with a note of
    # one line and of three: some end right at a page's foot, others push their last rows over.
    document = open_document(DEFAULT_TEMPLATE)
    short = "Ghi chú: Tổng số không bằng cộng các dòng vì 2 hoạt động chỉ tính một lần."
    notes = [short, " ".join([short] * 5)]
    for size, note in [(size, note) for note in notes for size in range(22, 32)]:
        word.landscape(document)
        document.add_paragraph(f"Bảng {size}", style="DV Section")
        rows = [[f"Đoàn xã số {n}"] + ["1.234"] * 10 for n in range(size)] + [["Tổng cộng"] + ["9.999"] * 10]
        word.table(
            document, word.Table(["Đơn vị"] + [f"Cột {i}" for i in range(10)], rows, 1, note), gap=False
        )
        word.portrait(document)
        document.add_paragraph(f"Sau bảng {size}.", style="Normal")
    out = io.BytesIO()
    document.save(out)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(docx_to_pdf(out.getvalue()))).pages][1:]
    # (The text read back loses some accents: the figures and "Ghi chú" are enough.) No blank page; the
    # first page, left out, is the template's, before the tables.
    assert all(text.strip() for text in pages)
    for text in pages:
        if "Ghi chú" in text:
            assert "9.999" in text  # the total row went over with its note
    assert sum("Ghi chú" in text for text in pages) == 20


def test_the_paragraph_that_ends_a_landscape_section_is_one_point_high_so_word_adds_no_blank_page():
    document = open_document(DEFAULT_TEMPLATE)
    word.landscape(document)
    word.table(document, word.Table(["Đơn vị", "Đoàn viên"], [["Chi đoàn A1", "12"]]), gap=False)
    word.portrait(document)
    ended = document.element.body.xpath("./w:p[w:pPr/w:sectPr]")
    assert len(ended) == 2 and body_text(ended[-1]) == ""
    assert ended[-1].pPr.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val")) == "2"  # half-points
    assert ended[-1].pPr.spacing_line == Emu(12700)  # 1 pt
