"""Evidence attachments (佐证材料) for any scoped object: add, list, and the one scoped download.

A ledger row or a workflow step keeps its evidence as ``Attachment`` rows pointing at it by
model label and primary key. Files are validated once (``core.uploads``), stored under
MEDIA_ROOT and served only by ``AttachmentDownloadView`` after the owner is found in the
user's scope (404 otherwise).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import QuerySet

from jingzhun.core.audit import AuditedModel, record_event
from jingzhun.core.models import Attachment, AuditAction
from jingzhun.core.uploads import validate_upload


def _owner_region(obj: models.Model) -> str:
    if isinstance(obj, AuditedModel):
        code = obj.audit_region_code()
        if code:
            return code
    path = getattr(type(obj), "scope_field", "")
    value: Any = obj
    for part in path.split("__") if path else []:
        value = getattr(value, part, None)
        if value is None:
            return ""
    return str(value) if path else ""


def _digest(upload: Any) -> str:
    sha = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1 << 16), b""):
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


@transaction.atomic
def attachments_add(
    *, user: Any, owner: models.Model, files: Iterable[Any], label: str = "", kind: str = "evidence"
) -> list[Attachment]:
    """Validate and store ``files`` as evidence of ``owner``; return the new attachments.

    Raise ValidationError (nothing stored) if any file is not acceptable for ``kind``.
    The caller has already checked that ``user`` may change ``owner``.
    """
    uploads = [f for f in files if f]
    for upload in uploads:
        validate_upload(upload, kind=kind)
    region = _owner_region(owner)
    created = []
    for upload in uploads:
        attachment = Attachment(
            owner_label=owner._meta.label,
            owner_pk=str(owner.pk),
            region_code=region,
            label=label[:100],
            original_name=(getattr(upload, "name", "") or "upload")[:200],
            size=upload.size,
            sha256=_digest(upload),
            uploaded_by=user,
        )
        attachment.file.save(attachment.original_name, upload, save=False)
        attachment.save()
        record_event(
            action=AuditAction.CREATE,
            instance=attachment,
            root=(owner._meta.label, str(owner.pk)),
            region_code=region,
            after={"file": attachment.original_name, "size": attachment.size, "sha256": attachment.sha256},
        )
        created.append(attachment)
    return created


def attachments_for(owner: models.Model) -> QuerySet[Attachment]:
    """Return the evidence attached to ``owner``, oldest first."""
    return Attachment.objects.filter(owner_label=owner._meta.label, owner_pk=str(owner.pk))


def attachment_owner_visible(attachment: Attachment, user: Any) -> bool:
    """Return True if ``user`` may see the object ``attachment`` belongs to."""
    try:
        model = apps.get_model(attachment.owner_label)
    except LookupError:
        return False
    manager = model._default_manager
    if hasattr(manager, "for_user"):
        return bool(manager.for_user(user).filter(pk=attachment.owner_pk).exists())
    # An owner without its own scope (e.g. a workflow log entry) is scoped by the attachment's place.
    return bool(Attachment.objects.for_user(user).filter(pk=attachment.pk).exists())
