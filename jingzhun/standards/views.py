"""Pages of the exit standards: poverty lines, rule sets and their editor, evaluation runs,
readiness per region, the gap list of a village, run comparison.

Rule sets and poverty lines are city-wide reference data: everyone reads them, the city
office (the access policy's ``change`` on standards) edits them. Runs are found through ``runs_for_user`` (404
outside scope) and their results always through ``EvaluationResult.objects.for_user``.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from jingzhun.core import charts
from jingzhun.core.regioncodes import LEVEL_DIGITS
from jingzhun.core.views import AccessMixin, ScopedViewMixin
from jingzhun.regions.models import Region
from jingzhun.regions.visibility import user_root_region, visible_region
from jingzhun.registry.models import Household
from jingzhun.registry.summaries import latest_fact_year
from jingzhun.standards import readiness, services
from jingzhun.standards.choices import Engine, Level, RunKind, RunStatus
from jingzhun.standards.dossier import DOCX_CONTENT_TYPE, household_dossier_filename, household_dossier_render
from jingzhun.standards.exports import gap_workbook_write
from jingzhun.standards.expressions import RuleError
from jingzhun.standards.filters import RunFilter
from jingzhun.standards.forms import (
    CompareForm,
    PovertyLineForm,
    PreviewForm,
    RuleForm,
    RuleSetCopyForm,
    RuleSetForm,
    RunForm,
)
from jingzhun.standards.jobs import evaluation_start, snapshot_dir, user_may_edit_standards, user_may_evaluate
from jingzhun.standards.models import (
    EvaluationResult,
    EvaluationRun,
    PovertyLine,
    Rule,
    RuleSet,
    results_for_user,
    runs_for_user,
)

NAV = "standards"


def default_year(user: Any) -> int:
    """Return the year pages start with: the latest year with village facts in the user's region."""
    region = user_root_region(user)
    return latest_fact_year(region.prefix) or timezone.now().year


class EditorRequiredMixin(AccessMixin):
    """Views that change the standards: the city office and administrators only (403 for others)."""

    access = ("change", "standards")
    access_message = _("只有市级扶贫部门可以修改退出标准。")


class EvaluatorRequiredMixin(AccessMixin):
    access = ("add", "standards")
    access_message = _("您的角色不能发起评估。")


class StandardsViewMixin(AccessMixin):
    """Pages that read the standards and evaluations (every role, each within its scope)."""

    access = ("view", "standards")


def service_error_messages(exc: ValidationError) -> list[str]:
    return list(exc.messages)


# -- standards home, poverty lines --------------------------------------------------------------------


def rulesets_listed() -> QuerySet[RuleSet]:
    official = EvaluationRun.objects.filter(ruleset=OuterRef("pk"), kind=RunKind.OFFICIAL)
    return RuleSet.objects.annotate(locked=Exists(official), rule_count=Count("rules")).order_by(
        "-effective_from", "code"
    )


class StandardsHomeView(StandardsViewMixin, TemplateView):
    """退出标准: poverty lines by year and the rule sets, with the one in force marked."""

    template_name = "standards/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        year_value = self.request.GET.get("year", "")
        year = int(year_value) if year_value.isdigit() else default_year(user)
        region = user_root_region(user)
        in_force = services.ruleset_in_force(year=year, region_code=region.code)
        context.update(
            nav=NAV,
            year=year,
            region=region,
            in_force=in_force,
            poverty_lines=PovertyLine.objects.select_related("region"),
            rulesets=rulesets_listed(),
            editor=user_may_edit_standards(user),
            evaluator=user_may_evaluate(user),
        )
        return context


class PovertyLineEditView(EditorRequiredMixin, FormView):
    """扶贫标准 add or edit: a national line of a year, or a province's own higher line."""

    form_class = PovertyLineForm
    template_name = "standards/form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            kwargs["instance"] = get_object_or_404(PovertyLine, pk=self.kwargs["pk"])
        return kwargs

    def form_valid(self, form: PovertyLineForm) -> HttpResponse:
        try:
            services.poverty_line_save(
                user=self.request.user, data=form.cleaned_data, line=form.instance if form.instance.pk else None
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("扶贫标准已保存。"))
        return HttpResponseRedirect(reverse("standards:home"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        title = _("修改扶贫标准") if "pk" in self.kwargs else _("新增扶贫标准")
        return super().get_context_data(**kwargs) | {"nav": NAV, "title": title, "cancel": reverse("standards:home")}


# -- rule sets and the rule editor ----------------------------------------------------------------------


def ruleset_or_404(code: str) -> RuleSet:
    return get_object_or_404(RuleSet, code=code)


class RuleSetDetailView(StandardsViewMixin, TemplateView):
    """规则集: its rules per level, readable and as JSON, with the editor's buttons for the city office."""

    template_name = "standards/ruleset_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ruleset = ruleset_or_404(self.kwargs["code"])
        rules = list(ruleset.rules.all())
        levels = [(value, label, [r for r in rules if r.level == value]) for value, label in Level.choices]
        user = self.request.user
        context.update(
            nav=NAV,
            ruleset=ruleset,
            levels=levels,
            locked=ruleset.is_locked,
            editor=user_may_edit_standards(user),
            copies=ruleset.copies.order_by("code"),
        )
        return context


class LockedRedirectMixin:
    """Edit views of a rule set that an official run used send the user back with the reason."""

    request: HttpRequest
    ruleset: RuleSet

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.ruleset = ruleset_or_404(kwargs["code"])
        if request.user.is_authenticated and user_may_edit_standards(request.user) and self.ruleset.is_locked:
            messages.error(request, _("该规则集已用于正式评估，请复制为新版本后修改。"))
            return HttpResponseRedirect(reverse("standards:ruleset-detail", args=[self.ruleset.code]))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class RuleSetCopyView(EditorRequiredMixin, FormView):
    form_class = RuleSetCopyForm
    template_name = "standards/form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.ruleset = ruleset_or_404(kwargs["code"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"code": f"{self.ruleset.code}-v2", "name": _("%(name)s（修订）") % {"name": self.ruleset.name}}

    def form_valid(self, form: RuleSetCopyForm) -> HttpResponse:
        try:
            copy = services.ruleset_copy(user=self.request.user, ruleset=self.ruleset, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in getattr(exc, "error_dict", {None: exc.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("已复制为新版本 %(code)s，可以修改。") % {"code": copy.code})
        return HttpResponseRedirect(reverse("standards:ruleset-detail", args=[copy.code]))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "nav": NAV,
            "title": _("复制规则集 %(name)s 为新版本") % {"name": self.ruleset.name},
            "cancel": reverse("standards:ruleset-detail", args=[self.ruleset.code]),
        }


class RuleSetUpdateView(EditorRequiredMixin, LockedRedirectMixin, FormView):
    form_class = RuleSetForm
    template_name = "standards/form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"instance": RuleSet.objects.get(pk=self.ruleset.pk)}

    def form_valid(self, form: RuleSetForm) -> HttpResponse:
        try:
            services.ruleset_update(user=self.request.user, ruleset=self.ruleset, data=form.cleaned_data)
        except ValidationError as exc:
            for field, errors in getattr(exc, "error_dict", {None: exc.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("规则集已保存。"))
        return HttpResponseRedirect(reverse("standards:ruleset-detail", args=[self.ruleset.code]))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "nav": NAV,
            "title": _("修改规则集 %(name)s") % {"name": self.ruleset.name},
            "cancel": reverse("standards:ruleset-detail", args=[self.ruleset.code]),
        }


class RuleEditView(EditorRequiredMixin, LockedRedirectMixin, FormView):
    """Add or change a rule; the JSON is validated by ``rule_save`` and errors name their path."""

    form_class = RuleForm
    template_name = "standards/rule_form.html"

    def get_rule(self) -> Rule | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(Rule, pk=self.kwargs["pk"], ruleset=self.ruleset)

    def get_initial(self) -> dict[str, Any]:
        rule = self.get_rule()
        if rule is None:
            level = self.request.GET.get("level", Level.HOUSEHOLD)
            return {"level": level, "veto": True, "expression": {}, "parameters": {}, "position": 0}
        return {name: getattr(rule, name) for name in RuleForm.base_fields if hasattr(rule, name)}

    def form_valid(self, form: RuleForm) -> HttpResponse:
        try:
            rule = services.rule_save(
                user=self.request.user, ruleset=self.ruleset, data=form.cleaned_data, rule=self.get_rule()
            )
        except ValidationError as exc:
            form.add_service_error(exc)
            return self.form_invalid(form)
        messages.success(self.request, _("指标 %(code)s 已保存。") % {"code": rule.code})
        return HttpResponseRedirect(reverse("standards:ruleset-detail", args=[self.ruleset.code]) + f"#rule-{rule.pk}")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        rule = self.get_rule()
        user = self.request.user
        return super().get_context_data(**kwargs) | {
            "nav": NAV,
            "ruleset": self.ruleset,
            "rule": rule,
            "preview_year": default_year(user),
            "preview_region": user_root_region(user).code,
        }


class RuleDeleteView(EditorRequiredMixin, View):
    def post(self, request: HttpRequest, code: str, pk: int) -> HttpResponse:
        rule = get_object_or_404(Rule, pk=pk, ruleset__code=code)
        try:
            services.rule_delete(user=request.user, rule=rule)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("指标 %(code)s 已删除。") % {"code": rule.code})
        return HttpResponseRedirect(reverse("standards:ruleset-detail", args=[code]))


class RulePreviewView(EditorRequiredMixin, View):
    """预览: how many entities of a region the rule being edited fails, on the current data (htmx)."""

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        ruleset = ruleset_or_404(code)
        form = RuleForm(request.POST)
        preview = PreviewForm(
            {"year": request.POST.get("preview_year"), "region": request.POST.get("preview_region")}, user=request.user
        )
        context: dict[str, Any] = {"errors": []}
        if not preview.is_valid():
            context["errors"] = [e for errors in preview.errors.values() for e in errors]
        elif not form.is_valid() and {"expression", "parameters", "level"} & set(form.errors):
            context["errors"] = [e for name in ("level", "expression", "parameters") for e in form.errors.get(name, [])]
        else:
            data = form.cleaned_data
            rule = Rule(
                ruleset=ruleset,
                level=data["level"],
                code="preview",
                name=data.get("name") or "preview",
                expression=data["expression"],
                parameters=data.get("parameters") or {},
            )
            try:
                entities, failing = services.rule_preview(
                    ruleset=ruleset,
                    rule=rule,
                    year=preview.cleaned_data["year"],
                    region_code=preview.cleaned_data["region"].code,
                )
            except ValidationError as exc:
                context["errors"] = exc.messages
            except RuleError as exc:
                context["errors"] = [str(exc)]
            else:
                context.update(
                    entities=entities,
                    failing=failing,
                    noun=Level(data["level"]).label,
                    region=preview.cleaned_data["region"],
                    year=preview.cleaned_data["year"],
                )
        return render(request, "standards/_preview.html", context)


# -- evaluation runs ---------------------------------------------------------------------------------------


class RunCreateView(EvaluatorRequiredMixin, FormView):
    """发起评估: checked at once, then run as a background job whose page links to the run."""

    form_class = RunForm
    template_name = "standards/run_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        user = self.request.user
        in_force = services.ruleset_in_force(year=default_year(user), region_code=user_root_region(user).code)
        return super().get_form_kwargs() | {"user": user, "parameter_ruleset": in_force}

    def get_initial(self) -> dict[str, Any]:
        user = self.request.user
        initial = {"year": default_year(user), "region": user_root_region(user).code, "level": Level.VILLAGE}
        for name in ("year", "region", "level", "ruleset"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        return initial

    def form_valid(self, form: RunForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            job = evaluation_start(
                user=self.request.user,
                ruleset=data["ruleset"],
                level=data["level"],
                year=data["year"],
                region=data["region"],
                overrides=data.get("overrides") or {},
                official=bool(data.get("official")),
                engine=data.get("engine") or Engine.DB,
                note=data.get("note", ""),
            )
        except (RuleError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        year = default_year(self.request.user)
        region = user_root_region(self.request.user)
        return super().get_context_data(**kwargs) | {
            "nav": NAV,
            "in_force": services.ruleset_in_force(year=year, region_code=region.code),
            "snapshot": snapshot_dir(),
        }


class RunListView(StandardsViewMixin, FilterView):
    """评估批次: the runs a user may open, newest first, filtered by level, year, type and region."""

    filterset_class = RunFilter
    template_name = "standards/run_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[EvaluationRun]:
        return runs_for_user(self.request.user).select_related("ruleset", "region", "created_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"nav": NAV, "evaluator": user_may_evaluate(self.request.user)}


def run_or_404(user: Any, pk: int) -> EvaluationRun:
    return get_object_or_404(runs_for_user(user).select_related("ruleset", "region", "created_by"), pk=pk)


def display_region(user: Any, run: EvaluationRun, code: str | None) -> Region:
    """Return the region of ``run`` shown: ``code`` if inside both the run and the user's scope.

    Default: the run's region, or the user's own when the run covers more than his scope.
    """
    if code:
        region = visible_region(user, code)
        if not region.code.startswith(run.region.prefix):
            raise Http404(_("该地区不在本次评估范围内。"))
        return region
    if user.scope_prefix == "" or run.region.code.startswith(user.scope_prefix):
        return run.region
    return user.region


class RunDetailView(StandardsViewMixin, TemplateView):
    """评估结果: counts, parameters, rules, failing indicators, readiness per child region, drill-down."""

    template_name = "standards/run_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        run = run_or_404(user, self.kwargs["pk"])
        region = display_region(user, run, self.request.GET.get("region"))
        results = results_for_user(user, run).in_region(region.prefix)
        rules = readiness.level_rules(run)
        rule_counts = readiness.failing_rule_counts(results, rules)
        areas = readiness.area_rows(results, run=run, region=region)
        entities = None
        if run.level != Level.HOUSEHOLD:
            entities = self._entities(run, results)
        prefix = user.scope_prefix
        ancestors = [(r, prefix != "-" and r.code.startswith(prefix)) for r in region.ancestors()]
        context.update(
            nav=NAV,
            run=run,
            region=region,
            ancestors=[(r, visible) for r, visible in ancestors if r.code.startswith(run.region.prefix)],
            counts=readiness.result_counts(results),
            rule_counts=rule_counts,
            chart=charts.ranked_bar_chart(
                [(r.name, r.failing) for r in rule_counts], name=_("不达标"), color=charts.RED
            ),
            areas=areas,
            threshold=readiness.incidence_threshold(run),
            entities=entities,
            parameters=readiness.parameter_rows(run),
            overrides=run.overrides,
            override_labels=readiness.override_labels(run),
            may_delete=run.kind == RunKind.WHAT_IF and (run.created_by_id == user.pk or user_may_edit_standards(user)),
            is_village=region.level == "village",
            village_scope=readiness.village_scope(region, run.year) if run.level == Level.VILLAGE else None,
        )
        return context

    def _entities(self, run: EvaluationRun, results: QuerySet) -> Any:
        rows = results.order_by("passed", "code")
        page = Paginator(rows, 50).get_page(self.request.GET.get("page"))
        names = readiness.region_names([r.code for r in page.object_list])
        book = readiness.RuleBook(run)
        page.rows = [  # type: ignore[attr-defined]
            {"result": r, "region": names.get(r.code), "failures": book.failures(r)} for r in page.object_list
        ]
        return page


class RunDeleteView(AccessMixin, View):
    access = ("delete", "standards")
    access_message = _("当前角色只能查看，不能修改。")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = run_or_404(request.user, pk)
        try:
            services.evaluation_run_delete(user=request.user, run=run)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(reverse("standards:run-detail", args=[pk]))
        messages.success(request, _("模拟评估 #%(pk)s 已删除。") % {"pk": pk})
        return HttpResponseRedirect(reverse("standards:run-list"))


# -- the gap list of a village ----------------------------------------------------------------------------


class GapMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    def gap_context(self) -> dict[str, Any]:
        user = self.request.user
        run = run_or_404(user, self.kwargs["pk"])
        if run.level != Level.HOUSEHOLD:
            raise Http404(_("缺什么补什么清单需要户级评估。"))
        village = get_object_or_404(Region.objects.for_user(user), code=self.kwargs["village"], level="village")
        if not village.code.startswith(run.region.prefix):
            raise Http404(_("该村不在本次评估范围内。"))
        results = results_for_user(user, run).filter(region_code=village.code)
        return {
            "run": run,
            "village": village,
            "counts": readiness.result_counts(results),
            "rows": readiness.gap_rows(results, run=run),
            "override_labels": readiness.override_labels(run),
            **village_failures(village, run.year),
        }


def village_failures(village: Region, year: int) -> dict[str, Any]:
    """The village's own failing indicators in the newest official village run of ``year`` that covers it."""
    run = services.latest_official_run(level=Level.VILLAGE, year=year, region_code=village.code)
    result = EvaluationResult.objects.filter(run=run, code=village.code).first() if run else None
    failures = readiness.RuleBook(run).failures(result) if run and result else []
    return {"village_run": run, "village_result": result, "village_failures": failures}


class GapListView(StandardsViewMixin, GapMixin, TemplateView):
    """缺什么补什么: each failing household of a village, each failing indicator, its values, what to fix."""

    template_name = "standards/gap_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs) | self.gap_context()
        context["nav"] = NAV
        context["ancestors"] = context["village"].breadcrumb_for(self.request.user)
        return context


class GapListExcelView(AccessMixin, GapMixin, View):
    access = ("export", "standards")
    """The gap list as an Excel workbook for the work team (one row per failing indicator)."""

    def get(self, request: HttpRequest, pk: int, village: str) -> FileResponse:
        context = self.gap_context()
        out = io.BytesIO()
        gap_workbook_write(out, run=context["run"], village=context["village"], rows=context["rows"])
        out.seek(0)
        name = _("缺什么补什么清单_%(village)s_%(year)s.xlsx") % {
            "village": context["village"].short_name,
            "year": context["run"].year,
        }
        return FileResponse(out, as_attachment=True, filename=name)


class GapResolveView(StandardsViewMixin, View):
    """The gap list of a village for a year: always from the newest official household run that covers it.

    A what-if run is never taken for the official answer: without an official household run
    the page says so, shows the village's own failing indicators of an official village run,
    and lists the what-if household runs only as such (marked, opened on purpose).
    """

    def get(self, request: HttpRequest, village: str) -> HttpResponse:
        user = request.user
        region = get_object_or_404(Region.objects.for_user(user), code=village, level="village")
        year_value = request.GET.get("year", "")
        year = int(year_value) if year_value.isdigit() else default_year(user)
        run = services.latest_official_run(level=Level.HOUSEHOLD, year=year, region_code=region.code)
        if run is not None:
            return HttpResponseRedirect(reverse("standards:gap-list", args=[run.pk, region.code]))
        candidates = runs_for_user(user).filter(
            level=Level.HOUSEHOLD, year=year, status=RunStatus.DONE, kind=RunKind.WHAT_IF
        )
        candidates = candidates.select_related("ruleset", "region")[:50]
        what_ifs = [r for r in candidates if region.code.startswith(r.region.prefix)]
        return render(
            request,
            "standards/gap_missing.html",
            {
                "nav": NAV,
                "village": region,
                "year": year,
                "evaluator": user_may_evaluate(user),
                "what_ifs": what_ifs[:10],
                **village_failures(region, year),
            },
        )


class VillageGapsView(StandardsViewMixin, TemplateView):
    """The village dashboard's gaps (htmx): the failing households of the official run and the village's indicators."""

    template_name = "standards/_village_gaps.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        village = get_object_or_404(Region.objects.for_user(user), code=self.kwargs["village"], level="village")
        year_value = self.request.GET.get("year", "")
        year = int(year_value) if year_value.isdigit() else default_year(user)
        run = services.latest_official_run(level=Level.HOUSEHOLD, year=year, region_code=village.code)
        rows = counts = None
        if run is not None:
            results = results_for_user(user, run).filter(region_code=village.code)
            counts = readiness.result_counts(results)
            rows = readiness.gap_rows(results, run=run)
        return super().get_context_data(**kwargs) | {
            "village": village,
            "year": year,
            "run": run,
            "counts": counts,
            "rows": rows,
            **village_failures(village, year),
        }


# -- comparison -------------------------------------------------------------------------------------------


class CompareView(StandardsViewMixin, TemplateView):
    """评估对比: who changes status between two runs of the same level, per village or county."""

    template_name = "standards/compare.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        runs = runs_for_user(user).filter(status=RunStatus.DONE).select_related("ruleset", "region")
        form = CompareForm(self.request.GET or None, runs=runs)
        context.update(nav=NAV, form=form)
        if form.is_bound and form.is_valid():
            base, other = form.cleaned_data["base"], form.cleaned_data["other"]
            group = form.cleaned_data.get("group") or ("village" if base.level == Level.HOUSEHOLD else "county")
            changes = services.run_compare(base=base, other=other).for_user(user)
            page = Paginator(changes, 50).get_page(self.request.GET.get("page"))
            names = readiness.region_names(sorted({r.region_code for r in page.object_list}))
            book = readiness.RuleBook(other)
            base_book = readiness.RuleBook(base)
            page.rows = [  # type: ignore[attr-defined]
                {
                    "result": r,
                    "region": names.get(r.region_code),
                    "now": [book.name(c) for c in r.failed_codes],
                    "before": [base_book.name(c) for c in (r.base_failed_rules or "").split(";") if c],
                }
                for r in page.object_list
            ]
            context.update(
                base=base,
                other=other,
                group=group,
                summary=readiness.compare_summary(changes, digits=LEVEL_DIGITS[group]),
                page_obj=page,
            )
        return context


# -- exit readiness of the year on the home dashboard (an htmx fragment) --------------------------------


class ExitReadinessView(StandardsViewMixin, TemplateView):
    """今年计划退出的村和县，按最近一次正式评估着色."""

    template_name = "standards/_exit_readiness.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        region = visible_region(user, self.request.GET.get("region"))
        year_value = self.request.GET.get("year", "")
        year = int(year_value) if year_value.isdigit() else default_year(user)
        village_facts, county_facts = readiness.planned_exit_facts(region, year)
        village_run = services.latest_official_run(level=Level.VILLAGE, year=year, region_code=region.code)
        county_run = services.latest_official_run(level=Level.COUNTY, year=year, region_code=region.code)
        villages, village_counts = readiness.planned_exits(village_facts, code_field="village_id", run=village_run)
        counties, county_counts = readiness.planned_exits(county_facts, code_field="county_id", run=county_run)
        context.update(
            region=region,
            year=year,
            sections=[
                (_("贫困村出列"), villages, village_counts, village_run, Level.VILLAGE),
                (_("贫困县摘帽"), counties, county_counts, county_run, Level.COUNTY),
            ],
            evaluator=user_may_evaluate(user),
        )
        return context


class HouseholdStandingView(StandardsViewMixin, TemplateView):
    """一户的退出评估结果: the household's verdict in each official household run, newest first."""

    template_name = "standards/_household_standing.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from jingzhun.registry.models import Household

        household = get_object_or_404(Household.objects.for_user(self.request.user), code=self.kwargs["code"])
        rows = services.household_verdicts(household_code=household.code)
        return super().get_context_data(**kwargs) | {"household": household, "rows": rows}


class HouseholdDossierView(ScopedViewMixin, DetailView):
    """下载一户一档: the household's dossier as a Word file (ID numbers masked unless ``?unmask=1``).

    In scope like the household page (404 outside); an unmasked dossier is for roles that may
    see personal data (403 otherwise) and every number written out is logged.
    """

    model = Household
    slug_field = "code"
    slug_url_kwarg = "code"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        household: Household = self.get_object()  # type: ignore[assignment]
        data = household_dossier_render(household=household, user=request.user, unmask=request.GET.get("unmask") == "1")
        response = HttpResponse(data, content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, household_dossier_filename(household))
        return response
