"""Pages of village 出列, county 摘帽 and sample verification (抽样核查)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from jingzhun.core.access import allows
from jingzhun.core.generic import LedgerDetailView, LedgerEditView, LedgerListView
from jingzhun.core.views import ScopedViewMixin
from jingzhun.exits import services
from jingzhun.exits.documents import verification_report
from jingzhun.exits.filters import CountyExitFilter, SampleFilter, SampleItemFilter, VillageExitFilter
from jingzhun.exits.forms import ApplyForm, DrawForm
from jingzhun.exits.models import CountyExit, Sample, SampleItem, VillageExit
from jingzhun.exits.standing import COUNTY, VILLAGE, official_result
from jingzhun.exits.tables import CountyExitTable, SampleItemTable, SampleTable, VillageExitTable
from jingzhun.regions.models import Region

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _me(request: HttpRequest) -> Any:
    """The logged-in user (pages are behind the login)."""
    return request.user


class VillageExitList(LedgerListView):
    table_class, filterset_class = VillageExitTable, VillageExitFilter
    nav = "exits-regions"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("village")


class CountyExitList(LedgerListView):
    table_class, filterset_class = CountyExitTable, CountyExitFilter
    nav = "exits-regions"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("county", "sample")


class RegionExitDetail(LedgerDetailView):
    """A village's 出列 or a county's 摘帽: fields, the workflow panel, the official evaluation it rests on."""

    template_name = "exits/region_exit_detail.html"
    nav = "exits-regions"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = kwargs["object"]
        if isinstance(obj, VillageExit):
            context["verdict"] = official_result(level=VILLAGE, year=obj.year, code=obj.village_id)
        else:
            context["verdict"] = official_result(level=COUNTY, year=obj.year, code=obj.county_id)
            sample = obj.sample or services.sample_in_force(county_code=obj.county_id, year=obj.year)
            if sample is not None:
                context["sample"] = sample
                context["rates"] = services.sample_rates(sample)
                context["rate_failures"] = services.rates_failures(sample=sample)
        return context


class ApplyView(ScopedViewMixin, TemplateView):
    """村申请出列 / 县申请摘帽: the form opening the procedure."""

    template_name = "exits/apply.html"
    model: Any = VillageExit
    action = "add"
    nav = "exits-regions"
    level = "village"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.request = request
            self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ApplyForm(user=request.user, initial={"region": getattr(request.user, "region_id", "")})
        return self.render_to_response(self.get_context_data(form=form, title=self.title()))

    def title(self) -> str:
        return _("村申请出列") if self.level == "village" else _("县申请摘帽")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ApplyForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            region = Region.objects.for_user(_me(request)).filter(code=form.cleaned_data["region"]).first()
            try:
                if region is None:
                    raise ValidationError(_("请选择本辖区的地区。"))
                data = {
                    "year": form.cleaned_data["year"],
                    "note": form.cleaned_data["note"],
                    "files": form.cleaned_data["evidence"],
                }
                if self.level == "village":
                    obj: Any = services.village_exit_apply(user=request.user, village=region, **data)
                    url = reverse("exits:villageexit-detail", args=[obj.pk])
                else:
                    obj = services.county_exit_apply(user=request.user, county=region, **data)
                    url = reverse("exits:countyexit-detail", args=[obj.pk])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已提交申请。"))
                return HttpResponseRedirect(url)
        return self.render_to_response(self.get_context_data(form=form, title=self.title()), status=400)


class VillageApplyView(ApplyView):
    model = VillageExit
    level = "village"


class CountyApplyView(ApplyView):
    model = CountyExit
    level = "county"


class SampleList(LedgerListView):
    table_class, filterset_class = SampleTable, SampleFilter
    nav = "exits-samples"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("county")


class SampleDetail(LedgerDetailView):
    """抽样核查: the design, the measured rates with intervals, links to the list and the report."""

    template_name = "exits/sample_detail.html"
    nav = "exits-samples"
    fields = ["county", "year", "round", "kind", "seed", "applied_at"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        sample = kwargs["object"]
        rates = services.sample_rates(sample)
        context.update(
            rates=rates,
            rate_rows=[
                (_("错退率（人）"), rates.wrong_exit),
                (_("漏评率（人）"), rates.missed),
                (_("群众认可度（户）"), rates.recognition),
                (_("政策知晓率（户）"), rates.awareness),
            ],
            rate_failures=services.rates_failures(sample=sample, rates=rates) if rates.households else [],
            items=SampleItem.objects.filter(sample=sample).count(),
            can_apply=allows(self.request.user, "approve", Sample),
        )
        return context


class DrawView(ScopedViewMixin, TemplateView):
    """抽样: draw a reproducible stratified sample of a county for a year."""

    model = Sample
    action = "add"
    template_name = "exits/draw.html"
    nav = "exits-samples"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.request = request
            self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=DrawForm(user=request.user)))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = DrawForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            county = Region.objects.for_user(_me(request)).filter(code=data["county"], level="county").first()
            try:
                if county is None:
                    raise ValidationError({"county": _("请选择本辖区的一个县（区）。")})
                sample = services.sample_draw(
                    user=request.user,
                    county=county,
                    year=data["year"],
                    round=data["round"],
                    kind=data["kind"],
                    **{k: data[k] for k in ("villages", "exited", "poor", "non_registered", "seed")},
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已抽样。"))
                return HttpResponseRedirect(reverse("exits:sample-detail", args=[sample.pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SampleApplyView(ScopedViewMixin, TemplateView):
    """写入县级指标 (POST): the measured rates become the county's year facts."""

    model = Sample
    action = "approve"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        sample = get_object_or_404(Sample.objects.for_user(_me(request)), pk=kwargs["pk"])
        self.check_permission()
        try:
            services.sample_apply(user=request.user, sample=sample)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("实测的三率一度已写入县级年度指标。"))
        return HttpResponseRedirect(reverse("exits:sample-detail", args=[sample.pk]))


class SampleReportView(ScopedViewMixin, TemplateView):
    """县级抽样核查报告 (Word)."""

    model = Sample
    action = "export"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        sample = get_object_or_404(Sample.objects.for_user(_me(request)), pk=kwargs["pk"])
        self.check_permission()
        response = HttpResponse(verification_report(sample=sample), content_type=DOCX)
        filename = f"{sample.county.name}{sample.year}年抽样核查报告.docx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response


class SampleItemList(LedgerListView):
    table_class, filterset_class = SampleItemTable, SampleItemFilter
    nav = "exits-samples"
    title = _("抽样名单与核查结果")

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("sample", "household")


class SampleItemEdit(LedgerEditView):
    fields = ["people", "conclusion", "recognised", "aware"]
    nav = "exits-samples"
