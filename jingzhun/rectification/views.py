"""Pages of 整改督办: the ledgers (inspections, problems, accountability, risks, petitions) on the kit,
the problem's page with its workflow, progress and supervision, the 整改 dashboard, the 挂牌督办
board and the special rectification report (Word)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from jingzhun.core.access import allows
from jingzhun.core.generic import LedgerDetailView, LedgerEditView, LedgerListView
from jingzhun.core.services import ledger_save
from jingzhun.core.views import ScopedViewMixin
from jingzhun.rectification import measures, services
from jingzhun.rectification.choices import SHARED_LEVELS, ProblemStatus, RiskKind
from jingzhun.rectification.filters import (
    AccountabilityFilter,
    InspectionFilter,
    PetitionFilter,
    ProblemFilter,
    RiskFilter,
)
from jingzhun.rectification.forms import (
    AccountabilityForm,
    InspectionForm,
    PetitionForm,
    ProblemForm,
    ProgressForm,
    RiskForm,
    SuperviseForm,
)
from jingzhun.rectification.models import Inspection, Petition, Problem, Risk
from jingzhun.rectification.reports import rectification_report
from jingzhun.rectification.tables import (
    AccountabilityTable,
    InspectionTable,
    PetitionTable,
    ProblemTable,
    RiskTable,
)

NAV = "rectification"


def _user(request: HttpRequest) -> Any:
    """The logged-in user (the views are behind the login)."""
    return request.user


def _first(rows: list[measures.Measures]) -> measures.Measures | None:
    return rows[0] if rows else None


def _as_of(request: HttpRequest) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return timezone.localdate()


# --- inspections ---------------------------------------------------------------------------------


class InspectionListView(LedgerListView):
    table_class, filterset_class = InspectionTable, InspectionFilter
    title = gettext_lazy("检查批次")  # type: ignore[assignment]
    nav = NAV

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("region")


class InspectionDetailView(LedgerDetailView):
    template_name = "rectification/inspection_detail.html"
    nav = NAV

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        problems = Problem.objects.for_user(_user(self.request)).filter(inspection=self.object)
        on = timezone.localdate()
        context.update(
            summary=_first(measures.problem_measures(problems, on=on)),
            by_county=measures.problem_measures(problems, on=on, by="county"),
            problems_url=reverse("rectification:problem-list") + f"?inspection={self.object.code}",
        )
        return context


class InspectionEditView(LedgerEditView):
    form_class = InspectionForm
    nav = NAV


# --- problems ------------------------------------------------------------------------------------


class ProblemListView(LedgerListView):
    """整改问题: the work list (工作清单) by unit and county, overdue rows in red, recurrences flagged."""

    table_class, filterset_class = ProblemTable, ProblemFilter
    title = gettext_lazy("整改问题")  # type: ignore[assignment]
    export_label = gettext_lazy("导出整改工作清单")  # type: ignore[assignment]
    export_filename = gettext_lazy("整改工作清单")  # type: ignore[assignment]
    template_name = "rectification/problem_list.html"
    nav = NAV

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("inspection")


class ProblemDetailView(LedgerDetailView):
    template_name = "rectification/problem_detail.html"
    nav = NAV
    fields = (
        "inspection",
        "number",
        "level",
        "category",
        "region",
        "household",
        "project",
        "description",
        "measures",
        "deadline",
        "line",
        "sector",
        "responsible_unit",
        "responsible_person",
        "leader",
        "status",
        "done_on",
        "verified_on",
        "closed_on",
        "recurrence",
        "reopened",
        "supervision_level",
        "supervising_leader",
        "special_case",
        "supervised_on",
    )

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("inspection", "region", "household", "project", "parent")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        problem: Problem = self.object
        user: Any = self.request.user
        on = timezone.localdate()
        context.update(
            overdue_days=problem.overdue_days(on),
            reports=problem.reports.order_by("date", "id"),
            accountabilities=problem.accountabilities.order_by("-date"),
            routed=Problem.objects.for_user(user).filter(parent=problem).select_related("region"),
            recurrence_of=(
                Problem.objects.for_user(user).filter(pk=problem.recurrence_of_id).select_related("inspection").first()
                if problem.recurrence_of_id
                else None
            ),
            progress_form=ProgressForm(initial={"date": on}),
            supervise_form=SuperviseForm(
                initial={
                    "supervision_level": problem.supervision_level,
                    "supervising_leader": problem.supervising_leader,
                    "special_case": problem.special_case,
                }
            ),
            may_report=allows(user, "add", "rectification.ProgressReport") and problem.status != ProblemStatus.ROUTED,
            may_supervise=allows(user, "approve", Problem) and problem.status != ProblemStatus.ROUTED,
            may_route=allows(user, "add", Problem)
            and problem.level in SHARED_LEVELS
            and problem.status == ProblemStatus.ASSIGNED,
        )
        return context


class ProblemEditView(LedgerEditView):
    form_class = ProblemForm
    nav = NAV

    @transaction.atomic
    def save(self, form: Any) -> models.Model:
        instance = form.save(commit=False)
        if instance.pk is None:
            return services.problem_create(user=self.request.user, problem=instance)
        return ledger_save(
            user=self.request.user,
            instance=instance,
            expected_version=form.cleaned_data.get("version"),
            reason=form.cleaned_data.get("reason", ""),
        )


class ProblemActionView(ScopedViewMixin, View):
    """Base of the POST forms of a problem's page: found in scope (404), then the role (403)."""

    model = Problem
    http_method_names = ["post"]

    def problem(self, pk: int) -> Problem:
        problem = get_object_or_404(Problem.objects.for_user(_user(self.request)), pk=pk)
        self.check_permission()
        return problem

    def back(self, problem: Problem) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("rectification:problem-detail", args=[problem.pk]))

    def fail(self, problem: Problem, exc: ValidationError) -> HttpResponseRedirect:
        messages.error(self.request, "；".join(exc.messages))
        return self.back(problem)


class ProgressAddView(ProblemActionView):
    """整改进展: a dated report with its files; 已完成 submits, 已销号 closes (see the service)."""

    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        problem = self.problem(pk)
        form = ProgressForm(request.POST)
        if not form.is_valid():
            return self.fail(problem, ValidationError([e for errors in form.errors.values() for e in errors]))
        try:
            services.progress_report_add(
                user=request.user,
                problem=problem,
                date=form.cleaned_data["date"],
                progress=form.cleaned_data["progress"],
                note=form.cleaned_data["note"],
                files=request.FILES.getlist("files"),
            )
        except ValidationError as exc:
            return self.fail(problem, exc)
        messages.success(request, _("已记录整改进展。"))
        return self.back(problem)


class SuperviseView(ProblemActionView):
    """挂牌督办 (or 摘牌): the county or the city office."""

    action = "approve"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        problem = self.problem(pk)
        form = SuperviseForm(request.POST)
        if not form.is_valid():
            return self.fail(problem, ValidationError(_("请检查挂牌级别和督办领导。")))
        try:
            services.problem_supervise(
                user=request.user,
                problem=problem,
                level=form.cleaned_data["supervision_level"],
                leader=form.cleaned_data["supervising_leader"],
                special_case=form.cleaned_data["special_case"],
            )
        except ValidationError as exc:
            return self.fail(problem, exc)
        messages.success(request, _("已更新挂牌督办。"))
        return self.back(problem)


class RouteView(ProblemActionView):
    """Route a shared problem to every county of its region."""

    action = "add"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        problem = self.problem(pk)
        try:
            children = services.problem_route(user=request.user, problem=problem)
        except ValidationError as exc:
            return self.fail(problem, exc)
        except PermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        messages.success(request, _("已分解到 %(n)s 个县区。") % {"n": len(children)})
        return self.back(problem)


# --- accountability, risks, petitions ------------------------------------------------------------


class AccountabilityListView(LedgerListView):
    table_class, filterset_class = AccountabilityTable, AccountabilityFilter
    title = gettext_lazy("问责记录")  # type: ignore[assignment]
    nav = NAV

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("problem__inspection")


class AccountabilityEditView(LedgerEditView):
    form_class = AccountabilityForm
    nav = NAV


class RiskListView(LedgerListView):
    table_class, filterset_class = RiskTable, RiskFilter
    title = gettext_lazy("一票否决风险台账")  # type: ignore[assignment]
    nav = NAV


class RiskEditView(LedgerEditView):
    form_class = RiskForm
    nav = NAV


class PetitionListView(LedgerListView):
    table_class, filterset_class = PetitionTable, PetitionFilter
    title = gettext_lazy("信访台账")  # type: ignore[assignment]
    template_name = "rectification/petition_list.html"
    nav = NAV

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.action == "view":
            context["years"] = measures.petition_years(self.get_queryset())
        return context


class PetitionEditView(LedgerEditView):
    form_class = PetitionForm
    nav = NAV

    @transaction.atomic
    def save(self, form: Any) -> models.Model:
        return services.petition_save(
            user=self.request.user,
            petition=form.save(commit=False),
            expected_version=form.cleaned_data.get("version"),
            reason=form.cleaned_data.get("reason", ""),
        )


# --- dashboard, board, report --------------------------------------------------------------------


class DashboardView(ScopedViewMixin, TemplateView):
    """整改看板: the measures by county, line and category as at a date (overdue in red), open risks, petitions."""

    model = Problem
    template_name = "rectification/dashboard.html"
    nav = NAV

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.check_permission()
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        on = _as_of(self.request)
        problems = Problem.objects.for_user(user)
        risks = Risk.objects.for_user(user) if allows(user, "view", Risk) else Risk.objects.none()
        petitions = Petition.objects.for_user(user) if allows(user, "view", Petition) else None
        context.update(
            on=on,
            title=_("整改看板"),
            total=_first(measures.problem_measures(problems, on=on)),
            groups=[
                (label, measures.problem_measures(problems, on=on, by=key))
                for key, label in measures.GROUPS.items()
                if key in ("county", "line", "category", "inspection")
            ],
            risks=measures.open_risks_by_county(risks),
            risk_kinds=RiskKind.choices,
            petition_years=measures.petition_years(petitions) if petitions is not None else None,
        )
        return context


class BoardView(ScopedViewMixin, TemplateView):
    """挂牌督办板: the supervised problems, most overdue first, with their leader and last progress."""

    model = Problem
    template_name = "rectification/board.html"
    nav = NAV

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.check_permission()
        context = super().get_context_data(**kwargs)
        on = timezone.localdate()
        rows = list(
            Problem.objects.for_user(_user(self.request))
            .exclude(supervision_level="")
            .select_related("inspection", "region")
            .order_by("deadline", "pk")
        )
        context.update(
            title=_("挂牌督办"),
            rows=[(p, p.overdue_days(on)) for p in rows],
            open_count=sum(1 for p in rows if p.is_open),
        )
        return context


class ReportView(ScopedViewMixin, View):
    """整改专项报告 (Word): the measures and the open problems of the user's scope, to send to the province."""

    model = Problem
    action = "export"

    def get(self, request: HttpRequest) -> HttpResponse:
        self.check_permission()
        on = _as_of(request)
        inspection = None
        code = request.GET.get("inspection", "")
        if code:
            inspection = Inspection.objects.for_user(_user(self.request)).filter(code=code).first()
            if inspection is None:
                raise Http404(_("没有找到该检查批次，或它不在您的管辖范围内。"))
        data = rectification_report(user=request.user, on=on, inspection=inspection)
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        filename = f"整改专项报告-{on:%Y%m%d}.docx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
        return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
