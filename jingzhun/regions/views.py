"""Pages of the regions app: the children endpoint of the region picker."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from jingzhun.core.regioncodes import CODE_LENGTH, child_level, level_of
from jingzhun.core.views import ScopedViewMixin
from jingzhun.regions.forms import PICKER_LEVELS, empty_label
from jingzhun.regions.models import Region


class RegionChildrenView(ScopedViewMixin, View):
    """The ``<option>``s of the divisions under ``?parent=`` (12 digits) in the user's scope, for the picker.

    Without a parent: the counties in scope. A parent outside the scope answers 404.
    """

    model = Region

    def get_queryset(self) -> QuerySet:
        return Region.objects.for_user(self.request.user)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission()
        parent = request.GET.get("parent", "").strip()
        regions = self.get_queryset()
        if not parent:
            level = PICKER_LEVELS[0]
            children = regions.filter(level=level)
        else:
            if len(parent) != CODE_LENGTH or not parent.isdigit() or not regions.filter(code=parent).exists():
                raise Http404(_("没有这个地区，或它不在您的管辖范围内。"))
            level = child_level(level_of(parent)) or ""
            children = regions.filter(parent_id=parent)
        context = {"regions": children.order_by("code").only("code", "name"), "empty_label": empty_label(level)}
        return render(request, "regions/_region_options.html", context)
