"""Pages to import the registry from a workbook and export it (both run as background jobs)."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from jingzhun.core.access import require
from jingzhun.core.jobs import job_start
from jingzhun.core.views import AccessMixin
from jingzhun.registry.exports import export_filename
from jingzhun.registry.filters import HouseholdFilter
from jingzhun.registry.models import Household
from jingzhun.registry.workbook import template_workbook

ACCEPTED = ".xlsx,.xls,.ods,.csv"
MAX_UPLOAD_MB = 100


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("建档立卡数据文件"),
        help_text=gettext_lazy("支持 .xlsx、.xls、.ods 和 .csv（UTF-8 或 GBK）。"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED, "class": "form-control"}),
    )
    year = forms.IntegerField(
        label=gettext_lazy("收入数据年度"),
        required=False,
        min_value=2010,
        max_value=2035,
        help_text=gettext_lazy("文件中没有“年度”列时，收入和生活条件记入此年度。"),
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("只检查，不写入"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith(tuple(ACCEPTED.split(","))):
            raise forms.ValidationError(_("只能导入 .xlsx、.xls、.ods 或 .csv 文件。"))
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("文件超过 %(mb)s MB，请按乡镇拆分后分批导入。") % {"mb": MAX_UPLOAD_MB})
        return upload


def _require_writer(request: HttpRequest) -> None:
    require(request.user, "add", Household, _("当前角色只能查看，不能导入建档立卡数据。"))


class ImportView(FormView):
    """导入建档立卡数据: upload a workbook; the import runs as a job and the page shows its progress."""

    form_class = ImportForm
    template_name = "registry/import.html"
    access = ("add", "registry")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _require_writer(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "nav": "import"}

    def form_valid(self, form: ImportForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        user = self.request.user
        job = job_start(
            kind="registry_import",
            title=_("导入 %(file)s") % {"file": upload.name},
            user=user,
            region_code=user.region_id or "",  # type: ignore[union-attr]
            params={
                "filename": upload.name,
                "year": form.cleaned_data["year"],
                "dry_run": form.cleaned_data["dry_run"],
            },
            input_file=upload,
            input_name=upload.name,
        )
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))


class TemplateView(AccessMixin, View):
    """The empty canonical workbook (with instructions and drop-downs) to fill in."""

    access = ("view", "registry")

    def get(self, request: HttpRequest) -> HttpResponse:
        out = io.BytesIO()
        template_workbook(out)
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename="建档立卡数据导入模板.xlsx")


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
