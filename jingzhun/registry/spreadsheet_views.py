"""The export of the registry as a workbook (a background job); its import page is the kit's (``core.imports``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from jingzhun.core.access import require
from jingzhun.core.jobs import job_start
from jingzhun.core.regioncodes import pad_code, region_prefix
from jingzhun.core.views import AccessMixin
from jingzhun.regions.models import Region
from jingzhun.registry.exports import LAYOUTS, export_filename
from jingzhun.registry.filters import HouseholdFilter
from jingzhun.registry.models import Household


def export_region(user: Any, value: str) -> Region | None:
    """Return the region an export covers: the one its region filter picks, else the user's own.

    The job's title, its file name and its audit entry name this region, never a wider one.
    """
    prefix = region_prefix(value) if value else None
    if prefix:
        picked = Region.objects.for_user(user).filter(code=pad_code(prefix)).first()
        if picked is not None:
            return picked
    return user.region if user.region_id else None


class ExportView(AccessMixin, View):
    """Export exactly the household list as filtered, in the canonical or national layout (a background job)."""

    access = ("export", "registry")

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        unmask = request.GET.get("unmask") == "1"
        require(user, "export", Household)
        if unmask:
            require(user, "reveal", Household, _("当前角色无权导出完整的证件号码。"))
        filters = {k: v for k, v in request.GET.items() if k in HouseholdFilter.base_filters and v}
        year_value = request.GET.get("year", "")
        year = int(year_value) if year_value.isdigit() else None
        region = export_region(user, filters.get("region", ""))
        region_name = region.name if region is not None else _("全部")
        layout = request.GET.get("layout", "canonical")
        if layout not in LAYOUTS:
            layout = "canonical"
        output_name = export_filename(region_name, year)
        if layout == "national":
            output_name = output_name.replace(".xlsx", "_全国系统格式.xlsx")
        job = job_start(
            kind="registry_export",
            title=_("导出贫困户名单（%(region)s）") % {"region": region_name},
            user=user,
            region_code=region.code if region is not None else "",
            params={
                "filters": filters,
                "unmask": unmask,
                "year": year,
                "layout": layout,
                "output_name": output_name,
            },
            personal_data=unmask,
        )
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))
