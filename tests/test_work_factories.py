"""Helpers for the work-record tests: the catalogue, activities recorded through the services, locked
reports, and small evidence files of each kind. No tests of their own."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from doanvu.reports.models import Report
from doanvu.work import services
from doanvu.work.catalogue import ensure_catalogue
from doanvu.work.models import Indicator

DAY = datetime.date(2025, 3, 10)  # in 2025Q1, 2025S1, 2025M9, 2025, 202503


@pytest.fixture
def catalogue(db):
    ensure_catalogue()  # a transactional test before this one may have flushed the data migration's rows


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def record(unit, by, *, title="Tuyên truyền Luật Thanh niên", start_on=DAY, work_area="education", **kwargs):
    data = {"title": title, "work_area": work_area, "start_on": start_on, **kwargs.pop("data", {})}
    return services.activity_create(unit=unit, data=data, by=by, **kwargs)


def lock(unit, period: str, state: str = Report.State.SUBMITTED) -> Report:
    return Report.objects.create(unit=unit, period=period, state=state)


def own_indicator(owner, by, code="hien_mau_tinh", source=Indicator.Source.ACTIVITY, **kwargs) -> Indicator:
    kwargs.setdefault("name", "Lượt tham gia Hành trình đỏ của tỉnh")
    kwargs.setdefault("unit_label", "lượt")
    kwargs.setdefault("kind", Indicator.Kind.FLOW)
    return services.indicator_create(owner_unit=owner, code=code, source=source, by=by, **kwargs)


# Evidence files: the smallest content each check accepts.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def office(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(main_part, "<document/>")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def png(name="anh-hoat-dong.png"):
    return upload(name, PNG, "image/png")


def pdf(name="ke-hoach.pdf"):
    return upload(name, PDF, "application/pdf")


def docx(name="bao-cao.docx"):
    return upload(name, office("word/document.xml"))


def xlsx(name="danh-sach.xlsx"):
    return upload(name, office("xl/workbook.xml"))
