"""Pages to import a project workbook and export ledgers (both run as background jobs)."""

from __future__ import annotations

import io
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from jingzhun.accounts.choices import Sector
from jingzhun.core.access import require
from jingzhun.core.jobs import job_start
from jingzhun.core.regioncodes import pad_code
from jingzhun.core.views import AccessMixin
from jingzhun.projects.exports import ledger_filename
from jingzhun.projects.filters import ProjectFilter
from jingzhun.projects.forms import ProjectImportForm
from jingzhun.projects.models import Project
from jingzhun.projects.views import as_of
from jingzhun.projects.workbook import template_workbook
from jingzhun.regions.models import Region

ACCEPTED = (".xlsx", ".xls", ".ods", ".csv")
MAX_UPLOAD_MB = 50


class ProjectImportView(FormView):
    """导入项目计划与资金下达: upload a workbook; the import runs as a job with a progress page."""

    form_class = ProjectImportForm
    template_name = "projects/import.html"
    access = ("add", "projects")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            require(request.user, "add", Project, _("当前角色只能查看，不能导入项目数据。"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "nav": "projects"}

    def form_valid(self, form: ProjectImportForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        if not upload.name.lower().endswith(ACCEPTED) or upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            form.add_error(
                "file", _("只能导入不超过 %(mb)s MB 的 .xlsx、.xls、.ods 或 .csv 文件。") % {"mb": MAX_UPLOAD_MB}
            )
            return self.form_invalid(form)
        user = self.request.user
        job = job_start(
            kind="projects_import",
            title=_("导入项目 %(file)s") % {"file": upload.name},
            user=user,
            region_code=user.region_id or "",  # type: ignore[union-attr]
            params={"filename": upload.name, "dry_run": form.cleaned_data["dry_run"]},
            input_file=upload,
            input_name=upload.name,
        )
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))


class TemplateView(AccessMixin, View):
    access = ("view", "projects")

    def get(self, request: HttpRequest) -> HttpResponse:
        out = io.BytesIO()
        template_workbook(out)
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename="项目计划与资金下达导入模板.xlsx")


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
