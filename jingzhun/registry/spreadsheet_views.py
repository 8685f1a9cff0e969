"""The export of the registry as a workbook (a background job); its import page is the kit's (``core.imports``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from jingzhun.core.access import require
from jingzhun.core.jobs import job_start
from jingzhun.core.views import AccessMixin
from jingzhun.registry.exports import export_filename
from jingzhun.registry.filters import HouseholdFilter
from jingzhun.registry.models import Household


class ExportView(AccessMixin, View):
    """Export exactly the household list as filtered, in the canonical layout (a background job)."""

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
        region_name = user.region.name if user.region_id else _("全部")  # type: ignore[union-attr]
        job = job_start(
            kind="registry_export",
            title=_("导出贫困户名单（%(region)s）") % {"region": region_name},
            user=user,
            region_code=user.region_id or "",  # type: ignore[union-attr]
            params={
                "filters": filters,
                "unmask": unmask,
                "year": year,
                "output_name": export_filename(region_name, year),
            },
            personal_data=unmask,
        )
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))
