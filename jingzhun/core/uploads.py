"""Uploaded files are checked once, here: kind, extension, size and content.

Every upload path (evidence attachments, photos, spreadsheets for import) calls
``validate_upload`` with the kind of file it expects. The extension must be one of the
kind's, the size under the limit (``JINGZHUN_UPLOAD_MAX_MB``, default 20 MB, for evidence;
``JINGZHUN_IMPORT_MAX_MB``, default 100 MB, for spreadsheets) and the first bytes must match
the extension, so a renamed executable is refused whatever it is called.

Two guards hold for every path, page or API, whatever its form or serializer checks:
``request_limit_bytes`` — the request guard (``core.middleware``) refuses a larger body with
413 before it is read — and ``check_unpacked_size``, which the spreadsheet reader
(``core.excel.reader``) calls before parsing, so that a small .xlsx/.ods that unpacks to
hundreds of megabytes (a "zip bomb") is refused instead of filling the worker's memory.
"""

from __future__ import annotations

import os
import zipfile
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
    # A county's registry workbook is large; imports parse it in a background job.
    "spreadsheet": UploadKind("表格", (".xlsx", ".xls", ".ods", ".csv")),
}
MB = 1024 * 1024


def upload_limit_bytes(kind: str) -> int:
    """Return the size limit in bytes for an upload of ``kind``."""
    if kind == "spreadsheet":
        return int(getattr(settings, "JINGZHUN_IMPORT_MAX_MB", 100)) * MB
    mb = KINDS[kind].max_mb or int(getattr(settings, "JINGZHUN_UPLOAD_MAX_MB", 20))
    return mb * MB


def request_limit_bytes() -> int:
    """Return the largest request body accepted: the largest upload of any kind, plus the form around it."""
    return max(upload_limit_bytes(kind) for kind in KINDS) + MB


def unpacked_limit_bytes() -> int:
    """Return how large an uploaded spreadsheet may be once unpacked (``JINGZHUN_IMPORT_MAX_UNPACKED_MB``)."""
    return int(getattr(settings, "JINGZHUN_IMPORT_MAX_UNPACKED_MB", 200)) * MB


def check_upload_size(size: int, *, kind: str, name: str = "") -> None:
    """Raise ValidationError (Chinese) if ``size`` bytes exceed the limit for ``kind``."""
    limit = upload_limit_bytes(kind)
    if size > limit:
        raise ValidationError(
            _("%(label)s不能超过 %(mb)s MB（%(name)s %(size).1f MB），请拆分后分批上传。")
            % {"label": KINDS[kind].label, "mb": limit // MB, "name": name, "size": size / MB},
            code="size",
        )


def check_unpacked_size(file: Any, *, name: str = "") -> None:
    """Raise ValidationError if a zip-based file (.xlsx, .ods, .docx) unpacks to more than the limit.

    Reads only the archive's directory (the sizes it declares), never the contents; a
    declared size that lies is caught by the reader's own bounds. Not a zip: nothing to do.
    """
    position = file.tell() if hasattr(file, "tell") else None
    try:
        if not zipfile.is_zipfile(file):
            return
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # a damaged file: the reader says so in its own words
    finally:
        if position is not None:
            file.seek(position)
    limit = unpacked_limit_bytes()
    if unpacked > limit:
        raise ValidationError(
            _("文件“%(name)s”解压后达 %(size)s MB，超过 %(mb)s MB 的上限，请拆分后分批导入。")
            % {"name": name, "size": unpacked // MB, "mb": limit // MB},
            code="unpacked_size",
        )


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
    check_upload_size(upload.size, kind=kind, name=name)
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
