"""The parts of the document in order, with every cell already written out as text: what the HTML page and
the Word file both lay out, so the two say exactly the same thing. Pure: works on report_data's dict."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from doanvu.documents.official import EMPTY_SECTION, paragraphs_of
from doanvu.documents.word import Table
from doanvu.lib import vnnumbers as vn

from .charts import ChartView, charts_at
from .data import SECTIONS

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def cell(value: Any, kind: str = "flow") -> str:
    """A figure in a table: 2.145, 95% for a ratio, "–" when undefined."""
    if value is None:
        return "–"
    number = Decimal(str(value))
    if kind == "ratio":
        return vn.percent(number)
    return vn.group(number, 0 if number == number.to_integral_value() else 2)


@dataclass
class Block:
    """One numbered part of the body: a heading, then paragraphs, a table, or sub-parts."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None
    parts: list[Block] = field(default_factory=list)
    key: str = ""
    charts: list[ChartView] = field(default_factory=list)  # drawn last in the block


def targets_table(data: dict) -> Table | None:
    if not data["targets"]:
        return None
    rows = [
        [
            t["name"],
            t["unit_label"],
            cell(t["target"]),
            cell(t["value"]),
            vn.percent(Decimal(str(t["achievement"]))) if t["achievement"] is not None else "–",
        ]
        for t in data["targets"]
    ]
    return Table(["Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu giao", "Thực hiện", "Tỷ lệ đạt"], rows)


MILLION = Decimal(10) ** 6
# More columns than this do not fit a portrait page at a readable size: the table gets a landscape page.
PORTRAIT_COLUMNS = 6


def _money_column(column: dict) -> bool:
    return column["code"].endswith("_vnd")


def column_header(column: dict) -> str:
    """ "Kinh phí … (triệu đồng)" for an amount (written in millions, as the Union's reports write them);
    the unit of measure only when the name does not already say it ("Đoàn viên", not "Đoàn viên (đoàn
    viên)")."""
    name, unit_label = column["name"], column["unit_label"]
    if _money_column(column):
        return f"{name} (triệu đồng)"
    if not unit_label or unit_label.lower() in name.lower():
        return name
    return f"{name} ({unit_label})"


def _money_cell(value: Any) -> str:
    """An amount in millions of đồng: 1.100.000.000 → "1.100", 2.450.000 → "2,5"; "–" when undefined."""
    if value is None:
        return "–"
    millions = Decimal(str(value)) / MILLION
    return vn.group(millions, 0 if millions == millions.to_integral_value() else 1)


def total_note(data: dict) -> str:
    """Why the total row is not the sum of the rows above it, or "" when it is. A joint activity of several
    rows' units is counted once in the total (docs/domain.md): the note says how many there are."""
    table = data["table"]
    shared = table.get("shared_activities") or 0
    if not shared:
        return ""
    lines = [row["values"] for row in table["rows"]] + ([table["own"]] if table.get("own") else [])
    for column in table["columns"]:
        if column["kind"] == "ratio":
            continue
        code = column["code"]
        added = sum(Decimal(str(values.get(code) or 0)) for values in lines)
        if added != Decimal(str(table["total"].get(code) or 0)):
            return (
                f"Ghi chú: Tổng số không bằng cộng các dòng vì {vn.group(shared)} hoạt động do nhiều đơn vị "
                "cùng tổ chức chỉ tính một lần."
            )
    return ""


def subunits_table(data: dict) -> Table | None:
    table = data["table"]
    if not table["rows"]:
        return None
    columns = table["columns"]
    header = ["Đơn vị"] + [column_header(c) for c in columns]

    def value(values: dict, column: dict) -> str:
        if _money_column(column):
            return _money_cell(values.get(column["code"]))
        return cell(values.get(column["code"]), column["kind"])

    def line(name: str, values: dict) -> list[str]:
        return [name] + [value(values, c) for c in columns]

    rows = [line(row["name"], row["values"]) for row in table["rows"]]
    if table.get("own") is not None:
        # What the unit organised itself: a row like the others (only the total is bold).
        rows.append(line(f"Cấp {data['unit']['name']} trực tiếp", table["own"]))
    rows.append(line("Tổng cộng", table["total"]))
    return Table(
        header,
        rows,
        total_rows=1,
        note=total_note(data),
        landscape=len(header) > PORTRAIT_COLUMNS,
    )


def direction_heading(data: dict) -> str:
    """ "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026" — the period the direction is for, from report_data."""
    following = data.get("next_period", {}).get("label", "")
    return f"{SECTIONS['direction']} {following}".strip().upper()


def body(data: dict) -> list[Block]:
    """The body after the intro: I. the chapters, then targets, the subunit table, the general assessment,
    the direction and the proposals — each numbered I, II, … in the order it appears. The closing sentence
    (report_data's "closing") follows the last part."""
    blocks: list[Block] = []
    # A work area with nothing recorded and nothing written by the officer is left out (docs/domain.md,
    # "The official form").
    written_chapters = [ch for ch in data["chapters"] if ch.get("has_data", True) or ch.get("edited")]
    chapters = [
        Block(
            heading=f"{n}. {ch['name']}",
            paragraphs=paragraphs_of(ch["text"]),
            key=ch["code"],
        )
        for n, ch in enumerate(written_chapters, start=1)
    ]
    results = Block("KẾT QUẢ CÔNG TÁC ĐOÀN VÀ PHONG TRÀO THANH THIẾU NHI", parts=chapters, key="chapters")
    if not chapters:
        results.paragraphs = [
            f"Trong {data['period']['label']}, chưa có hoạt động, số liệu nào được ghi nhận."
        ]
    blocks.append(results)
    targets = targets_table(data)
    if targets:
        blocks.append(Block("KẾT QUẢ THỰC HIỆN CHỈ TIÊU", table=targets, key="targets"))
    subunits = subunits_table(data)
    if subunits:
        blocks.append(Block("SỐ LIỆU THEO ĐƠN VỊ TRỰC THUỘC", table=subunits, key="subunits"))
    sections = data["sections"]

    def written(key: str) -> list[str]:
        return paragraphs_of(sections.get(key, "")) or [EMPTY_SECTION]

    # Lessons only where the report draws them (annual and term reports) or the officer wrote some.
    keys = [k for k in ("results", "shortcomings", "causes", "lessons") if k != "lessons" or sections.get(k)]
    assessment = [
        Block(f"{n}. {SECTIONS[key]}", paragraphs=written(key), key=key)
        for n, key in enumerate(keys, start=1)
    ]
    blocks.append(Block("ĐÁNH GIÁ CHUNG", parts=assessment, key="assessment"))
    blocks.append(Block(direction_heading(data), paragraphs=written("direction"), key="direction"))
    blocks.append(Block(SECTIONS["proposals"].upper(), paragraphs=written("proposals"), key="proposals"))
    for block in blocks:
        block.charts = charts_at(data, block.key)
        for part in block.parts:
            part.charts = charts_at(data, part.key)
    for n, block in enumerate(blocks):
        block.heading = f"{ROMAN[n]}. {block.heading}"
    return blocks
