"""Malformed import files, generated deterministically from a seed, for tests/test_import_fuzz.py and
bench/import_members.py: truncated and nested zips, zip bombs, huge cells, wrong encodings, random bytes,
formula cells, control characters and one large file. Workbooks are written as raw XML so that any cell
reference, any text and any lie in the zip directory can be made."""

from __future__ import annotations

import codecs
import datetime
import functools
import io
import random
import struct
import zipfile
from xml.sax.saxutils import escape

from tests.import_helpers import HEADERS, csv_bytes, row

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
    'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def letter(index: int) -> str:
    text = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


def cell_xml(ref: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):  # ("f", formula, cached) or ("s", shared index)
        if value[0] == "f":
            cached = "" if value[2] is None else f"<v>{value[2]}</v>"
            return f'<c r="{ref}"><f>{escape(value[1])}</f>{cached}</c>'
        return f'<c r="{ref}" t="s"><v>{value[1]}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def sheet_xml(rows: list[list], extra: str = "") -> str:
    parts = [SHEET_HEAD]
    for number, values in enumerate(rows, start=1):
        cells = "".join(cell_xml(f"{letter(i)}{number}", v) for i, v in enumerate(values, start=1))
        parts.append(f'<row r="{number}">{cells}</row>')
    parts.append(extra)
    parts.append(SHEET_TAIL)
    return "".join(parts)


def xlsx_bytes(
    sheet: str, shared: list[str] | None = None, extra_parts: dict[str, bytes] | None = None
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        items = "".join(f"<si><t>{escape(text)}</t></si>" for text in shared or [])
        archive.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main" count="{len(shared or [])}">{items}</sst>',
        )
        for name, data in (extra_parts or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def member_rows(count: int, start: int = 1) -> list[list]:
    lines: list[list] = [list(HEADERS)]
    for n in range(start, start + count):
        values = row(n)
        lines.append([values.get(h) for h in HEADERS])
    return lines


def good_xlsx(count: int = 3) -> bytes:
    return xlsx_bytes(sheet_xml(member_rows(count)))


def _lie_about_sizes(data: bytes) -> bytes:
    """The zip directory and local headers claim every part inflates to 10 bytes."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (found := out.find(signature, start)) >= 0:
            out[found + offset : found + offset + 4] = struct.pack("<I", 10)
            start = found + 4
    return bytes(out)


def bomb(megabytes: int, lie: bool = False, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A workbook whose one part inflates to `megabytes` of zeros/spaces; small on disk."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        with archive.open(part, "w", force_zip64=True) as handle:
            block = b" " * (1 << 20)
            for _ in range(megabytes):
                handle.write(block)
    data = buffer.getvalue()
    return _lie_about_sizes(data) if lie else data


def nested_zip(depth: int = 2) -> bytes:
    data = good_xlsx()
    for level in range(depth):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", CONTENT_TYPES)
            archive.writestr("xl/worksheets/sheet1.xml", sheet_xml(member_rows(1)))
            archive.writestr("xl/embeddings/inner.bin" if level % 2 else "xl/embeddings/inner.zip", data)
        data = buffer.getvalue()
    return data


def many_parts(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for n in range(count):
            archive.writestr(f"xl/x{n}.xml", b"")
    return buffer.getvalue()


CONTROL = "".join(chr(c) for c in range(32)) + "\x7f\ufeff\u200b\ufffe"
TEXTS = ["Nguyễn Văn An", "NguyÔn V¨n An", "Nguyeãn Vaên An", "Nam", "Nữ", "15/12/2000", "x", "", "  "]


def random_text(rng: random.Random, longest: int = 40) -> str:
    kind = rng.random()
    if kind < 0.3:
        return rng.choice(TEXTS)
    if kind < 0.5:
        return "".join(rng.choice(CONTROL + "aăâ") for _ in range(rng.randint(1, longest)))
    if kind < 0.7:
        return "".join(chr(rng.randint(32, 0xD7FF)) for _ in range(rng.randint(1, longest)))
    return "".join(rng.choice("0123456789/-.,;\"' ") for _ in range(rng.randint(1, longest)))


def random_value(rng: random.Random):
    kind = rng.random()
    if kind < 0.5:
        return random_text(rng)
    if kind < 0.65:
        return rng.choice([0, -1, 2**53, 1e308, 45000, 45000.5, 3.14])
    if kind < 0.8:
        return (
            "f",
            rng.choice(["1+1", "SUM(A1:XFD1048576)", "A1", "1/0", 'HYPERLINK("x")']),
            rng.choice([None, 2]),
        )
    if kind < 0.85:
        return "x" * rng.choice([2001, 5000, 40000])
    return None


def random_workbook(rng: random.Random) -> bytes:
    lines = member_rows(rng.randint(0, 4))
    for line in lines[1:]:
        for _ in range(rng.randint(0, 3)):
            line[rng.randrange(len(line))] = random_value(rng)
    extra = ""
    if rng.random() < 0.1:
        ref = rng.choice(["XFD1048576", "A1048576", "IV65536", "HB2", "A100021"])
        extra = f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><c r="{ref}"><v>1</v></c></row>'
    shared = None
    if rng.random() < 0.1:
        shared = ["y" * rng.choice([10, 3000, 200_000])]
        lines[-1][0] = ("s", 0)
    return xlsx_bytes(sheet_xml(lines, extra), shared)


def random_csv(rng: random.Random) -> bytes:
    rows_ = [row(n) for n in range(1, rng.randint(1, 5))]
    for values in rows_:
        for _ in range(rng.randint(0, 2)):
            values[rng.choice(HEADERS)] = random_text(rng)
    if rng.random() < 0.05:
        rows_[0]["Họ và tên"] = "z" * rng.choice([2001, 100_000])
    delimiter = rng.choice([",", ";", "\t", "|"])
    encoding = rng.choice(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1258", "tcvn3"])
    if encoding == "tcvn3":
        text = csv_bytes(rows_, delimiter=delimiter).decode().replace("Nguyễn Văn An", "NguyÔn V¨n An")
        return text.encode("cp1252", errors="replace")
    if encoding == "cp1258":
        try:
            return csv_bytes(rows_, delimiter=delimiter, encoding="cp1258")
        except UnicodeEncodeError:
            return csv_bytes(rows_, delimiter=delimiter).decode().encode("cp1258", errors="replace")
    data = csv_bytes(rows_, delimiter=delimiter).decode()
    raw = data.encode(encoding, errors="surrogatepass")
    if encoding == "utf-16-le" and rng.random() < 0.5:
        raw = codecs.BOM_UTF16_LE + raw
    return raw


def mutate(rng: random.Random, data: bytes) -> bytes:
    kind = rng.random()
    if kind < 0.4:
        return data[: rng.randrange(len(data))]
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def cases(seed: int = 20261205, count: int = 1000):
    """(label, file name, bytes) of `count` small malformed files, then the few big ones."""
    rng = random.Random(seed)
    base_xlsx, base_csv = good_xlsx(), csv_bytes([row(1), row(2)])
    for n in range(count):
        kind = n % 10
        if kind == 0:
            suffix = rng.choice([".xlsx", ".xls", ".ods", ".csv"])
            yield "random bytes", f"r{n}{suffix}", rng.randbytes(rng.randint(0, 3000))
        elif kind in (1, 2):
            yield "damaged xlsx", f"d{n}.xlsx", mutate(rng, base_xlsx)
        elif kind in (3, 4, 5):
            yield "odd workbook", f"w{n}.xlsx", random_workbook(rng)
        elif kind in (6, 7):
            yield "odd csv", f"c{n}.csv", random_csv(rng)
        elif kind == 8:
            yield "damaged csv", f"m{n}.csv", mutate(rng, base_csv)
        else:
            name = rng.choice(["x.xls", "x.ods", "x.csv", "x.xlsx"])
            yield (
                "wrong kind",
                name,
                rng.choice([base_xlsx, base_csv, b"\xd0\xcf\x11\xe0" + rng.randbytes(600)]),
            )
    for label in BIG:
        yield (label, *big(label))


def _stray() -> bytes:
    return xlsx_bytes(sheet_xml(member_rows(2), '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))


def _long_shared() -> bytes:
    lines = member_rows(2)
    lines[2][2] = ("s", 0)
    return xlsx_bytes(sheet_xml(lines), ["x" * 10_000_000])


# The few big or special files, each made only when asked for.
BIG = {
    "nested zip": ("n1.xlsx", lambda: nested_zip(1)),
    "nested zip, twice": ("n2.xlsx", lambda: nested_zip(2)),
    "many parts": ("p.xlsx", lambda: many_parts(1500)),
    "bomb": ("b1.xlsx", lambda: bomb(280)),
    "bomb, sizes lied": ("b2.xlsx", lambda: bomb(280, lie=True)),
    "bomb in another part": ("b3.xlsx", lambda: bomb(280, part="xl/media/image1.png")),
    "bomb ods": ("b4.ods", lambda: bomb(280, part="content.xml")),
    "stray cell": ("s.xlsx", _stray),
    "10 MB cell": ("h1.xlsx", _long_shared),
    "10 MB inline cell": ("h2.xlsx", lambda: xlsx_bytes(sheet_xml([*member_rows(1), ["x" * 10_000_000]]))),
    "10 MB csv field": ("h3.csv", lambda: csv_bytes([row(1, **{"Họ và tên": "x" * 10_000_000})])),
    "ods repeat bomb": ("r1.ods", lambda: ods_repeated(1_000_000, 200)),
    "ods repeat bomb, within the row cap": ("r2.ods", lambda: ods_repeated(100_000, 200)),
    "50,000 rows": ("big.xlsx", lambda: xlsx_bytes(sheet_xml(member_rows(50_000)))),
}


@functools.cache
def big(label: str) -> tuple[str, bytes]:
    name, make = BIG[label]
    return name, make()


def xls_bytes(rows: list[list]) -> bytes:
    """An Excel 97–2003 workbook (dates as date cells, as Excel writes them)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Danh sách")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if isinstance(value, datetime.date):
                sheet.write(r, c, value, date_style)
            elif value is not None:
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _ods_cell(value) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, datetime.date):
        return f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}"/>'
    if isinstance(value, int | float):
        return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def ods_bytes(rows: list[list]) -> bytes:
    """An OpenDocument spreadsheet written by hand: mimetype, manifest and content."""
    body = "".join(
        "<table:table-row>" + "".join(_ods_cell(v) for v in values) + "</table:table-row>" for values in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        f'<office:spreadsheet><table:table table:name="Danh sách">{body}</table:table></office:spreadsheet>'
        "</office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
        'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def ods_repeated(rows: int, columns: int) -> bytes:
    """A few hundred bytes of XML that say "this row, `rows` times, each with `columns` cells of 1"."""
    data = ods_bytes(member_rows(1))
    source = zipfile.ZipFile(io.BytesIO(data))
    content = (
        source.read("content.xml")
        .decode()
        .replace(
            "</table:table>",
            f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated='
            f'"{columns}" office:value-type="float" office:value="1"/></table:table-row></table:table>',
        )
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            archive.writestr(name, content if name == "content.xml" else source.read(name))
    return buffer.getvalue()
