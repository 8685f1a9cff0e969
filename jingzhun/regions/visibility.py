"""The region a page starts from, and the regions a user may open (404 outside his scope)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from jingzhun.regions.models import Region


def user_root_region(user: Any) -> Region:
    """Return the region a user's pages start from (the province for administrators)."""
    if user.region_id:
        return user.region
    root = Region.objects.filter(parent__isnull=True).order_by("code").first()
    if root is None:
        raise Http404(_("尚未导入行政区划，请联系系统管理员导入。"))
    return root


def visible_region(user: Any, code: str | None) -> Region:
    """Return the region ``code`` if the user may see it (404 otherwise); default: the user's own."""
    if not code:
        return user_root_region(user)
    return get_object_or_404(Region.objects.for_user(user), code=code)
