"""Uploaded files are checked once, here: kind, extension, size and content.

Every upload path (evidence attachments, photos, spreadsheets for import) calls
``validate_upload`` with the kind of file it expects. The extension must be one of the
kind's, the size under the limit (``JINGZHUN_UPLOAD_MAX_MB``, default 20 MB) and the first
bytes must match the extension, so a renamed executable is refused whatever it is called.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# First bytes of each format; CSV has none (plain text is checked for NUL bytes instead).
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
MAGIC: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".webp": (b"RIFF",),
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".ods": _ZIP,
    ".zip": _ZIP,
    ".doc": _OLE,
    ".xls": _OLE,
}
TEXT_EXTENSIONS = frozenset({".csv", ".txt"})


@dataclass(frozen=True)
class UploadKind:
    label: str
    extensions: tuple[str, ...]
    max_mb: int | None = None  # None: the site-wide limit for evidence (JINGZHUN_UPLOAD_MAX_MB)


KINDS: dict[str, UploadKind] = {
    "evidence": UploadKind(
        "佐证材料", (".pdf", ".jpg", ".jpeg", ".png", ".webp", ".docx", ".doc", ".xlsx", ".xls", ".zip")
    ),
    "photo": UploadKind("照片", (".jpg", ".jpeg", ".png", ".webp"), max_mb=10),
    # A city's registry workbook is large; imports parse it in a background job.
    "spreadsheet": UploadKind("表格", (".xlsx", ".xls", ".ods", ".csv"), max_mb=100),
}


def upload_limit_bytes(kind: str) -> int:
    """Return the size limit in bytes for an upload of ``kind``."""
    mb = KINDS[kind].max_mb or int(getattr(settings, "JINGZHUN_UPLOAD_MAX_MB", 20))
    return mb * 1024 * 1024


def accept_attribute(kind: str) -> str:
    """Return the HTML ``accept`` attribute for a file input of ``kind``."""
    return ",".join(KINDS[kind].extensions)


def _head(upload: Any, size: int = 16) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(size)
    upload.seek(position)
    return head if isinstance(head, bytes) else head.encode()


def validate_upload(upload: Any, *, kind: str = "evidence") -> None:
    """Raise ValidationError (Chinese) unless ``upload`` is an acceptable file of ``kind``."""
    spec = KINDS[kind]
    name = os.path.basename(getattr(upload, "name", "") or "")
    extension = os.path.splitext(name)[1].lower()
    allowed = "、".join(e.lstrip(".").upper() for e in spec.extensions)
    if extension not in spec.extensions:
        raise ValidationError(
            _("%(label)s只能是以下格式：%(allowed)s（收到：%(name)s）。")
            % {"label": spec.label, "allowed": allowed, "name": name or _("无文件名")},
            code="extension",
        )
    limit = upload_limit_bytes(kind)
    if upload.size > limit:
        raise ValidationError(
            _("%(label)s不能超过 %(mb)s MB（该文件 %(size).1f MB）。")
            % {"label": spec.label, "mb": limit // (1024 * 1024), "size": upload.size / 1024 / 1024},
            code="size",
        )
    if upload.size == 0:
        raise ValidationError(_("文件“%(name)s”是空的。") % {"name": name}, code="empty")
    head = _head(upload)
    if extension in TEXT_EXTENSIONS:
        if b"\x00" in head:
            raise ValidationError(_("文件“%(name)s”不是文本文件。") % {"name": name}, code="content")
        return
    magic = MAGIC.get(extension, ())
    valid = any(head.startswith(m) for m in magic) and not (extension == ".webp" and head[8:12] != b"WEBP")
    if not valid:
        raise ValidationError(
            _("文件“%(name)s”的内容与扩展名不符，请上传真实的 %(ext)s 文件。")
            % {"name": name, "ext": extension.lstrip(".").upper()},
            code="content",
        )


@deconstructible
class UploadValidator:
    """Field validator: ``FileField(validators=[UploadValidator("photo")])``."""

    def __init__(self, kind: str = "evidence") -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown upload kind {kind!r}")
        self.kind = kind

    def __call__(self, upload: Any) -> None:
        validate_upload(upload, kind=self.kind)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadValidator) and other.kind == self.kind
