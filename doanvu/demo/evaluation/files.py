"""Small generated files for the demo's "file" evidence: a one-page PDF (a scanned plan, decision or
certificate, as units upload them) and a PNG standing in for a photo of the activity. The files are
written to the default storage when the seed's transaction commits, so a rolled-back seed (the tests)
leaves nothing on disk."""

from __future__ import annotations

import io
import random
import unicodedata

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction


def ascii_text(text: str) -> str:
    """The text without diacritics (the PDF's built-in font has no Vietnamese letters)."""
    text = text.replace("Đ", "D").replace("đ", "d").replace("–", "-").replace("“", '"').replace("”", '"')
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and ord(c) < 128)


def _pdf_string(text: str) -> str:
    return "(" + ascii_text(text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def pdf_bytes(lines: list[str]) -> bytes:
    """A valid one-page A4 PDF with `lines` of text (Helvetica; the first line bold as a heading)."""
    stream = ["BT", "/F2 13 Tf", "72 770 Td", f"{_pdf_string(lines[0])} Tj", "/F1 11 Tf"]
    for line in lines[1:]:
        stream += ["0 -20 Td", f"{_pdf_string(line)} Tj"]
    stream.append("ET")
    content = "\n".join(stream).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def png_bytes(rng: random.Random, caption: str) -> bytes:
    """A small picture: a sky, a field, a banner with the caption — a stand-in for an activity photo."""
    from PIL import Image, ImageDraw

    width, height = 480, 300
    image = Image.new("RGB", (width, height), (120 + rng.randint(0, 60), 170, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 190, width, height], fill=(70, 140 + rng.randint(0, 40), 70))
    for _i in range(rng.randint(6, 12)):  # people in blue shirts
        x = rng.randint(20, width - 30)
        draw.ellipse([x, 150, x + 16, 166], fill=(230, 190, 160))
        draw.rectangle([x - 2, 166, x + 18, 205], fill=(30, 90, 200))
    draw.rectangle([40, 30, width - 40, 90], fill=(200, 30, 30))
    draw.text((52, 42), ascii_text(caption)[:60], fill=(255, 255, 0))
    draw.text((52, 64), "Doan TNCS Ho Chi Minh", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def write_on_commit(files: dict[str, bytes]) -> None:
    """Write each `name → content` to the default storage once the transaction commits."""

    def write() -> None:
        for name, content in files.items():
            if not default_storage.exists(name):
                default_storage.save(name, ContentFile(content))

    if files:
        transaction.on_commit(write)
