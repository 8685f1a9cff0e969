"""Pages of data quality: catalogue, runs, findings (list, counts, detail and workflow, Excel), comparison lists."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView

from jingzhun.core.access import allows, require
from jingzhun.core.generic import LedgerListView
from jingzhun.core.imports.views import ImportFormMixin
from jingzhun.core.regioncodes import pad_code
from jingzhun.core.views import AccessMixin, ScopedViewMixin
from jingzhun.quality import services
from jingzhun.quality.checks import CATALOGUE, KIND_CHECKS, catalogue
from jingzhun.quality.choices import Category, FindingStatus
from jingzhun.quality.comparisons import ComparisonListImporter
from jingzhun.quality.filters import FindingFilter
from jingzhun.quality.forms import ExceptionForm, ListUploadForm, RunForm
from jingzhun.quality.models import CheckRun, ComparisonEntry, ComparisonException, ComparisonList, Finding
from jingzhun.quality.tables import FindingTable
from jingzhun.regions.models import Region
from jingzhun.regions.tables import place_of, region_names
from jingzhun.registry.choices import Relation
from jingzhun.registry.models import Member
from jingzhun.registry.summaries import latest_fact_year


def default_year(user: Any) -> int:
    """Return the year a run starts with: the latest year with village facts in the user's region, else this year."""
    prefix = user.region.prefix if user.region_id else ""
    return latest_fact_year(prefix) or timezone.localdate().year


class CatalogueView(AccessMixin, TemplateView):
    """检查项目录: every check with its explanation and the active findings in the user's scope."""

    template_name = "quality/catalogue.html"
    access = ("view", "quality")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        counts = {
            row["check_code"]: row["n"]
            for row in Finding.objects.for_user(self.request.user)
            .active()
            .order_by()
            .values("check_code")
            .annotate(n=Count("pk"))
        }
        groups: dict[str, list[dict[str, Any]]] = {}
        for check in catalogue():
            groups.setdefault(check.category_label, []).append({"check": check, "active": counts.get(check.code, 0)})
        context.update(nav="quality", groups=groups, total=len(CATALOGUE))
        return context


class RunListView(ScopedViewMixin, ListView):
    """检查批次: the runs in the user's scope, and the form to start one."""

    model = CheckRun
    template_name = "quality/run_list.html"
    paginate_by = 30
    nav = "quality"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("started_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or RunForm(
            initial={"year": default_year(self.request.user)}, user=self.request.user
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        require(request.user, "add", CheckRun, _("当前角色只能查看，不能发起检查。"))
        form = RunForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                region = services.region_prefix_of(request.user, form.cleaned_data["region"])  # type: ignore[arg-type]
                code = pad_code(region)
                if not Region.objects.filter(code=code).exists():
                    raise ValidationError(_("没有这个地区。"))
                run = services.quality_run_start(user=request.user, region_code=code, year=form.cleaned_data["year"])  # type: ignore[arg-type]
            except ValidationError as exc:
                form.add_error("region", exc)
            else:
                return HttpResponseRedirect(reverse("jobs:detail", args=[run.job_id]))
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form))


class RunDetailView(ScopedViewMixin, DetailView):
    """检查批次详情: hits per check, checks that could not run, timings."""

    model = CheckRun
    template_name = "quality/run_detail.html"
    nav = "quality"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        run = self.object
        rows = []
        for check in catalogue():
            rows.append(
                {
                    "check": check,
                    "count": run.counts.get(check.code),
                    "unavailable": run.unavailable.get(check.code, ""),
                    "seconds": run.timings.get(check.code),
                }
            )
        context["rows"] = rows
        return context


class FindingListView(LedgerListView):
    """问题线索: filtered, paginated, with counts by status, category, severity and place; the work list in Excel.

    The table (``FindingTable``) is the page's and the Excel work list's: the same columns,
    ID numbers masked unless a role that may see them asks (and the export is logged).
    """

    model = Finding
    table_class = FindingTable
    filterset_class = FindingFilter
    template_name = "quality/finding_list.html"
    title = gettext_lazy("问题线索")
    export_label = gettext_lazy("导出工作清单")
    export_filename = gettext_lazy("问题线索工作清单")
    nav = "quality"

    def get_queryset(self) -> QuerySet:
        heads = Member.objects.filter(household_id=OuterRef("household_id"), relation=Relation.HEAD).order_by("pk")
        return (
            super()
            .get_queryset()
            .annotate(head_name=Subquery(heads.values("name")[:1]))
            .annotate(person_name=Coalesce(F("member__name"), F("head_name")))
            .order_by("village_code", "check_code", "entity_key")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.action != "view":
            return context
        filtered = self.object_list
        user = self.request.user
        digits = len(user.scope_prefix) if user.scope_prefix != "-" else 0  # type: ignore[union-attr]
        level = "county" if digits < 6 else "township" if digits < 9 else "village"
        by_place = filtered.counts_by(level)  # type: ignore[attr-defined]
        by_category = filtered.counts_by("category")  # type: ignore[attr-defined]
        names = region_names({pad_code(r["group"]) for r in by_place})
        categories = dict(Category.choices)
        context.update(
            counts=filtered.counts(),  # type: ignore[attr-defined]
            by_place=[{**r, "name": names.get(pad_code(r["group"]), r["group"])} for r in by_place],
            by_category=[{**r, "name": categories.get(r["group"], r["group"])} for r in by_category],
            statuses=FindingStatus.choices,
        )
        return context


class FindingDetailView(ScopedViewMixin, DetailView):
    """问题线索详情: what the check found, and its workflow panel (history, the steps the user may take)."""

    model = Finding
    template_name = "quality/finding_detail.html"
    nav = "quality"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("proposed_by", "approved_by", "first_run", "last_run")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        finding = self.object
        names = region_names({finding.village_code})
        context.update(check=CATALOGUE.get(finding.check_code), place=place_of(finding.village_code, names))
        return context


class ComparisonListListView(ImportFormMixin, ScopedViewMixin, ListView):
    """数据比对: the lists uploaded in the user's scope and the upload form (the import kit's)."""

    importer = ComparisonListImporter
    form_class = ListUploadForm
    import_page = False
    model = ComparisonList
    template_name = "quality/list_list.html"
    paginate_by = 30
    nav = "quality"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("uploaded_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or self.import_form()
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.import_form()
        if form.is_valid():
            return self.import_start(form)
        self.object_list = self.get_queryset()
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 400
        return response


class ComparisonListDetailView(ScopedViewMixin, DetailView):
    """比对名单详情: the entries that match members in the user's scope, with their exceptions."""

    model = ComparisonList
    template_name = "quality/list_detail.html"
    nav = "quality"
    paginate_by = 100

    def matches(self) -> QuerySet:
        members = Member.objects.for_user(self.request.user)
        excepted = ComparisonException.objects.filter(kind=self.object.kind, id_number=OuterRef("id_number"))
        return (
            ComparisonEntry.objects.filter(comparison_list=self.object)
            .filter(id_number__in=members.values("id_number"))
            .annotate(excepted=Exists(excepted))
            .order_by("row_number")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        matches = list(self.matches()[: self.paginate_by * 10])
        members = {
            m.id_number: m
            for m in Member.objects.for_user(self.request.user)
            .filter(id_number__in=[e.id_number for e in matches])
            .select_related("household")
        }
        exceptions = {
            e.id_number: e
            for e in ComparisonException.objects.filter(
                kind=self.object.kind, id_number__in=[e.id_number for e in matches]
            )
        }
        for entry in matches:
            entry.member = members.get(entry.id_number)
            entry.exception = exceptions.get(entry.id_number)
        context.update(
            matches=matches,
            check=CATALOGUE.get(KIND_CHECKS.get(self.object.kind, "")),
            form=kwargs.get("form") or ExceptionForm(),
            can_except=allows(self.request.user, "add", ComparisonException),
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.object = self.get_object()
        require(request.user, "add", ComparisonException, _("当前角色只能查看。"))
        form = ExceptionForm(request.POST, request.FILES)
        if form.is_valid():
            entry = get_object_or_404(self.matches(), pk=form.cleaned_data["entry"])
            try:
                services.comparison_exception_record(
                    user=request.user,  # type: ignore[arg-type]
                    kind=self.object.kind,
                    id_number=entry.id_number,
                    reason=form.cleaned_data["reason"],
                    evidence=form.cleaned_data["evidence"],
                    entry=entry,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已登记例外，该比对结果不再作为问题线索报告。"))
                return HttpResponseRedirect(reverse("quality:list-detail", args=[self.object.pk]))
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 400
        return response
