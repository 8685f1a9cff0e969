"""The ledger export of the projects (a background job); their import page is the kit's (``core.imports``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from jingzhun.accounts.choices import Sector
from jingzhun.core.jobs import job_start
from jingzhun.core.regioncodes import pad_code
from jingzhun.core.views import AccessMixin
from jingzhun.projects.exports import ledger_filename
from jingzhun.projects.filters import ProjectFilter
from jingzhun.projects.models import Project
from jingzhun.projects.views import as_of
from jingzhun.regions.models import Region


class LedgerExportView(AccessMixin, View):
    """台账: export the list's projects (e.g. one county, one sector) as a workbook, as a background job."""

    access = ("export", "projects")

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        filters = {k: v for k, v in request.GET.items() if k in ProjectFilter.base_filters and v}
        parts = []
        if filters.get("region"):
            region = Region.objects.for_user(user).filter(code=pad_code(filters["region"])).first()
            parts.append(region.name if region else filters["region"])
        elif user.region_id:  # type: ignore[union-attr]
            parts.append(user.region.name)  # type: ignore[union-attr]
        if filters.get("sector") in Sector.values:
            parts.append(str(Sector(filters["sector"]).label))
        name = "_".join(parts) or _("全部")
        year = int(filters["plan_year"]) if str(filters.get("plan_year", "")).isdigit() else None
        on = as_of(request, Project.objects.for_user(user))
        job = job_start(
            kind="projects_ledger",
            title=_("导出项目资金台账（%(name)s）") % {"name": name},
            user=user,
            region_code=user.region_id or "",  # type: ignore[union-attr]
            params={"filters": filters, "on": on.isoformat(), "output_name": ledger_filename(name, year)},
        )
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))
