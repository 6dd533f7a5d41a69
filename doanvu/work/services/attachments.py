"""Evidence files of an activity: photos, PDF, Word and Excel documents.

Files are stored under MEDIA_ROOT (evidence/<activity id>/…) and are served only through a scope-checked
view: there is no public media URL. What a file is comes from its first bytes, not from what the browser
claims, so a script renamed to .jpg is refused.
"""

from __future__ import annotations

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from doanvu.accounts.audit import audit_log
from doanvu.lib.vntext import fold
from doanvu.work.models import Activity, Attachment
from doanvu.work.selectors import organiser_units

from ._common import ensure_unlocked, require_edit

# extension → content type; the signature check below decides whether the content matches.
ALLOWED = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".heic": "image/heic",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


def upload_max_mb() -> int:
    configured = getattr(settings, "UPLOAD_MAX_MB", None)
    return int(configured) if configured else settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)


def _matches(extension: str, upload: UploadedFile) -> bool:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if extension in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension == ".gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if extension == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension == ".heic":
        return head[4:8] == b"ftyp"
    if extension == ".pdf":
        return head.startswith(b"%PDF")
    # DOCX and XLSX are zip packages whose main part names the kind of document.
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        upload.seek(0)
    return ("word/document.xml" if extension == ".docx" else "xl/workbook.xml") in names


def _clean_name(name: str) -> str:
    """An ASCII file name for the disk (the original name is kept as the caption when none is given)."""
    stem, extension = os.path.splitext(os.path.basename(name))
    stem = get_valid_filename(fold(stem).replace(" ", "-"))[:80] or "tep"
    return f"{stem}{extension.lower()}"


def attachment_check(upload: UploadedFile) -> str:
    """The content type of an acceptable upload; ValidationError naming the file otherwise."""
    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    if extension not in ALLOWED:
        raise ValidationError(
            {
                "file": _(
                    "Tệp «%(name)s» không đúng loại: chỉ nhận ảnh (JPG, PNG, GIF, WEBP, HEIC), PDF, Word (DOCX) "
                    "và Excel (XLSX)."
                )
                % {"name": name}
            }
        )
    limit = upload_max_mb()
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(
            {"file": _("Tệp «%(name)s» quá lớn: tối đa %(mb)s MB.") % {"name": name, "mb": limit}}
        )
    if upload.size == 0 or not _matches(extension, upload):
        raise ValidationError(
            {
                "file": _("Nội dung tệp «%(name)s» không phải là tệp %(ext)s hợp lệ.")
                % {"name": name, "ext": extension[1:].upper()}
            }
        )
    return ALLOWED[extension]


@transaction.atomic
def attachment_add(*, activity: Activity, upload: UploadedFile, caption: str = "", by) -> Attachment:
    require_edit(by, activity.unit)
    for unit in organiser_units(activity):
        ensure_unlocked(unit=unit, day=activity.start_on)
    content_type = attachment_check(upload)
    original = os.path.basename(upload.name)
    upload.name = _clean_name(original)
    attachment = Attachment(
        activity=activity,
        caption=(caption or "").strip()[:255] or original[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    attachment.file.save(upload.name, upload, save=False)
    try:
        attachment.save()
        audit_log(
            actor=by,
            action="activity.attach",
            unit=activity.unit,
            effective_on=activity.start_on,
            summary=_("Thêm minh chứng «%(caption)s» cho hoạt động «%(title)s»")
            % {"caption": attachment.caption, "title": activity.title},
            data={"activity": activity.pk, "attachment": attachment.pk, "file": attachment.file.name},
        )
    except BaseException:
        # Nothing half-written: no file on disk without its row.
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by) -> None:
    activity = attachment.activity
    require_edit(by, activity.unit)
    for unit in organiser_units(activity):
        ensure_unlocked(unit=unit, day=activity.start_on)
    name = attachment.file.name
    storage = attachment.file.storage
    audit_log(
        actor=by,
        action="activity.detach",
        unit=activity.unit,
        effective_on=activity.start_on,
        summary=_("Xóa minh chứng «%(caption)s» của hoạt động «%(title)s»")
        % {"caption": attachment.caption, "title": activity.title},
        data={"activity": activity.pk, "attachment": attachment.pk, "file": name},
    )
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
