"""Pages of projects and funds: list, detail, forms, fund dashboard, timeline, alerts."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView

from jingzhun.core import charts
from jingzhun.core.charts import Series
from jingzhun.core.formatting import to_percent, to_wan
from jingzhun.core.models import AuditEvent
from jingzhun.core.regioncodes import code_at, prefix_of, region_prefix, significant_prefix
from jingzhun.core.views import ScopedCreateMixin, ScopedViewMixin
from jingzhun.projects import funds, services
from jingzhun.projects.alerts import Alert, AlertParams, project_alerts
from jingzhun.projects.choices import AlertKind, MilestoneKey, ProjectStatus, ProjectType
from jingzhun.projects.exports import alerts_table_write
from jingzhun.projects.filters import ProjectFilter
from jingzhun.projects.forms import (
    AcceptanceForm,
    AllocationForm,
    BeneficiaryForm,
    BudgetChangeForm,
    DisbursementForm,
    ProgressReportForm,
    ProjectForm,
    UpkeepForm,
)
from jingzhun.projects.models import Acceptance, Asset, BudgetChange, Project
from jingzhun.regions.models import Region


def as_of(request: HttpRequest, projects: QuerySet[Project]) -> datetime.date:
    """Return the date alerts are computed for: ``?date=``, else today, at most the end of the latest plan year."""
    value = request.GET.get("date", "")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    today = timezone.localdate()
    latest = projects.order_by().aggregate(y=Max("plan_year"))["y"]
    if latest and today.year > latest:
        return datetime.date(latest, 12, 31)
    return today


def alert_params(request: HttpRequest) -> AlertParams:
    """Return the thresholds given on the page (``?stalled_days=`` …); the others stay as the parameters in force."""

    def number(name: str) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    return AlertParams(
        stalled_days=number("stalled_days"),
        money_gap=number("money_gap"),
        risk_tolerance=number("risk_tolerance"),
    )


def user_region(request: HttpRequest) -> str:
    """Return the code prefix of the user's region, whose business parameters the pages apply ("" = none)."""
    region_id = getattr(request.user, "region_id", None)
    return significant_prefix(region_id) if region_id else ""


def year_param(request: HttpRequest, projects: QuerySet[Project]) -> int | None:
    value = request.GET.get("year", "")
    if value.isdigit():
        return int(value)
    return projects.order_by().aggregate(y=Max("plan_year"))["y"]


class ProjectListView(ScopedViewMixin, FilterView):
    """项目库: filtered by type, county, status, sector, year and alert; money and alerts per row."""

    model = Project
    filterset_class = ProjectFilter
    template_name = "projects/project_list.html"
    paginate_by = 50
    nav = "projects"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("region").order_by("code")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        scoped = Project.objects.for_user(self.request.user)
        on = as_of(self.request, scoped)
        page = context["object_list"]
        ids = [p.pk for p in page]
        rows = Project.objects.filter(pk__in=ids).with_money().values("pk", "allocated", "disbursed")
        money = {r["pk"]: r for r in rows}
        by_project: dict[int, list[Alert]] = {}
        listed = Project.objects.filter(pk__in=ids)
        for alert in project_alerts(listed, on=on, params=alert_params(self.request), region=user_region(self.request)):
            by_project.setdefault(alert.project_id, []).append(alert)
        for project in page:
            project.money = money.get(project.pk, {})
            project.alerts = by_project.get(project.pk, [])
        context.update(on=on, alert_kinds=AlertKind.choices, alert=self.request.GET.get("alert", ""))
        return context

    def get_filterset(self, filterset_class: Any) -> Any:
        filterset = super().get_filterset(filterset_class)
        kind = self.request.GET.get("alert", "")
        if kind in AlertKind.values and filterset.is_valid():
            qs = filterset.qs
            on = as_of(self.request, qs)
            alerts = project_alerts(qs, on=on, params=alert_params(self.request), region=user_region(self.request))
            flagged = {a.project_id for a in alerts if a.kind == kind}
            filterset._qs = qs.filter(pk__in=flagged)
        return filterset


class ProjectDetailView(ScopedViewMixin, DetailView):
    """项目详情: money by source, milestones, progress reports, beneficiaries, acceptance and upkeep."""

    model = Project
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "projects/project_detail.html"
    nav = "projects"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("region__parent")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project: Project = self.object
        single = Project.objects.filter(pk=project.pk)
        on = as_of(self.request, single)
        allocations = list(project.allocations.all())
        disbursements = list(project.disbursements.all())
        total = funds.fund_total(single)
        reports = list(project.reports.prefetch_related("photos")[:50])
        beneficiaries = project.beneficiaries.select_related("household__village")
        context.update(
            on=on,
            today=on.isoformat(),
            total=total,
            ceiling=services.budget_ceiling(project),
            by_source=funds.fund_by_source(single),
            allocations=allocations,
            disbursements=disbursements,
            budget_changes=list(project.budget_changes.select_related("requested_by", "decided_by")),
            milestones=list(project.milestones.all()),
            reports=reports,
            latest=reports[0] if reports else None,
            beneficiary_totals=single.beneficiary_totals(),
            beneficiaries=beneficiaries[:100],
            villages=list(project.villages.all()),
            acceptance=Acceptance.objects.filter(project=project).first(),
            asset=Asset.objects.filter(project=project).first(),
            alerts=project_alerts(single, on=on, params=alert_params(self.request), region=user_region(self.request)),
            history=AuditEvent.objects.for_root(Project._meta.label, str(project.pk))[:50],
            ancestors=project.region.breadcrumb_for(self.request.user),
        )
        if context["asset"] is not None:
            context["upkeep"] = list(context["asset"].upkeep.prefetch_related("posts__household"))
        return context


class ServiceFormMixin:
    """Save through a service; turn its ValidationError into form errors."""

    request: HttpRequest

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.perform(form)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        messages.success(self.request, _("已保存。"))
        return HttpResponseRedirect(self.get_success_url())  # type: ignore[attr-defined]

    def perform(self, form: Any) -> None:
        raise NotImplementedError


class ProjectCreateView(ScopedCreateMixin, ServiceFormMixin, CreateView):
    model = Project
    form_class = ProjectForm
    template_name = "projects/form.html"
    nav = "projects"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        return {"plan_year": timezone.localdate().year, "region_code": self.request.user.region_id}  # type: ignore[union-attr]

    def perform(self, form: ProjectForm) -> None:
        self.object = services.project_save(user=self.request.user, project=form.instance, villages=form.villages())

    def get_success_url(self) -> str:
        return reverse("projects:detail", args=[self.object.code])


class ProjectUpdateView(ScopedViewMixin, ServiceFormMixin, UpdateView):
    model = Project
    form_class = ProjectForm
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "projects/form.html"
    action = "change"
    nav = "projects"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form: ProjectForm) -> None:
        self.object = services.project_save(
            user=self.request.user,
            project=form.instance,
            villages=form.villages(),
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )

    def get_success_url(self) -> str:
        return reverse("projects:detail", args=[self.object.code])


class ProjectActionView(ScopedViewMixin, ServiceFormMixin, FormView):
    """A form that adds something to one project: the project is looked up in scope (404), then the role (403)."""

    model = Project
    template_name = "projects/form.html"
    action = "change"
    nav = "projects"
    title = ""
    project: Project

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.request = request
        self.project = get_object_or_404(self.get_queryset(), code=kwargs["code"])
        self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "project": self.project, "title": self.title}

    def get_success_url(self) -> str:
        return reverse("projects:detail", args=[self.project.code])


class AllocationCreateView(ProjectActionView):
    form_class = AllocationForm
    title = _("登记资金下达")

    def get_initial(self) -> dict[str, Any]:
        return {"date": timezone.localdate()}

    def perform(self, form: AllocationForm) -> None:
        services.allocation_add(user=self.request.user, project=self.project, **form.cleaned_data)


class DisbursementCreateView(ProjectActionView):
    form_class = DisbursementForm
    title = _("登记资金拨付")

    def get_initial(self) -> dict[str, Any]:
        return {"date": timezone.localdate()}

    def perform(self, form: DisbursementForm) -> None:
        services.disbursement_add(user=self.request.user, project=self.project, **form.cleaned_data)


class BudgetChangeCreateView(ProjectActionView):
    form_class = BudgetChangeForm
    title = _("申请预算调整")

    def perform(self, form: BudgetChangeForm) -> None:
        services.budget_change_request(user=self.request.user, project=self.project, **form.cleaned_data)


class BudgetChangeDecideView(ProjectActionView):
    """Approve or reject a pending budget change (POST only)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from django.core.exceptions import PermissionDenied

        change = get_object_or_404(BudgetChange, pk=kwargs["pk"], project=self.project)
        try:
            services.budget_change_decide(
                user=request.user, change=change, approve=request.POST.get("approve") == "1", on=timezone.localdate()
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(self.get_success_url())


class ProgressReportCreateView(ProjectActionView):
    form_class = ProgressReportForm
    title = _("填报进度")
    multipart = True

    def get_initial(self) -> dict[str, Any]:
        latest = self.project.reports.first()
        return {
            "date": as_of(self.request, Project.objects.filter(pk=self.project.pk)),
            "percent": latest.percent if latest else 0,
        }

    def perform(self, form: ProgressReportForm) -> None:
        services.progress_report_add(user=self.request.user, project=self.project, **form.cleaned_data)


class AcceptanceCreateView(ProjectActionView):
    form_class = AcceptanceForm
    title = _("登记竣工验收")

    def perform(self, form: AcceptanceForm) -> None:
        services.acceptance_record(user=self.request.user, project=self.project, **form.cleaned_data)


class UpkeepCreateView(ProjectActionView):
    form_class = UpkeepForm
    title = _("登记管护记录")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        today = timezone.localdate()
        return {"year": today.year, "date": today}

    def get_form(self, form_class: Any = None) -> Any:
        if not hasattr(self.project, "asset"):
            raise Http404(_("项目验收合格后才有资产和管护记录。"))
        return super().get_form(form_class)

    def perform(self, form: UpkeepForm) -> None:
        services.upkeep_record_add(user=self.request.user, asset=self.project.asset, **form.cleaned_data)


class BeneficiaryAddView(ProjectActionView):
    form_class = BeneficiaryForm
    title = _("添加受益贫困户")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form: BeneficiaryForm) -> None:
        services.beneficiaries_add(
            user=self.request.user,
            project=self.project,
            households=form.cleaned_data["codes"],
            how=form.cleaned_data["how"],
        )


def fund_charts(counties: list[funds.FundLine], sources: list[funds.FundLine], months: list[Any]) -> dict[str, Any]:
    """Return the ECharts options of the fund dashboard (amounts in 万元)."""
    wan = _("万元")
    return {
        "counties": charts.bar_chart(
            [c.label for c in counties],
            [
                Series(_("资金需求"), [to_wan(c.budget) for c in counties], color=charts.GREY),
                Series(_("已下达"), [to_wan(c.allocated) for c in counties], color=charts.BLUE),
                Series(_("已拨付"), [to_wan(c.disbursed) for c in counties], color=charts.GREEN),
                Series(_("资金缺口"), [to_wan(c.gap) for c in counties], color=charts.RED),
            ],
            unit=wan,
        ),
        "sources": charts.pie_chart([(s.label, to_wan(s.allocated)) for s in sources], unit=wan),
        "months": charts.bar_chart(
            [m.month for m in months],
            [
                Series(_("下达"), [to_wan(m.allocated) for m in months], color=charts.BLUE),
                Series(_("拨付"), [to_wan(m.disbursed) for m in months], color=charts.GREEN),
                Series(_("累计支出进度"), [to_percent(m.execution) for m in months], "line", charts.AMBER, axis=1),
            ],
            unit=wan,
            second_unit="%",
            second_max=100,
        ),
    }


class FundDashboardView(ScopedViewMixin, TemplateView):
    """资金看板: need, allocation, disbursement and gap by county, source and month (ECharts)."""

    model = Project
    template_name = "projects/fund_dashboard.html"
    nav = "funds"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        scoped = self.get_queryset()
        year = year_param(self.request, scoped)
        projects = scoped.of_year(year)
        on = as_of(self.request, projects)
        counties = funds.fund_by_county(projects)
        total = funds.fund_sum(counties)
        sources = funds.fund_by_source(projects)
        months = funds.fund_by_month(projects)
        types = funds.fund_by_type(projects)
        alerts = project_alerts(projects, on=on, region=user_region(self.request))
        counts = dict.fromkeys(AlertKind.values, 0)
        for alert in alerts:
            counts[alert.kind] += 1
        late = [a for a in alerts if a.kind == AlertKind.OVERDUE]
        late.sort(key=lambda a: -(a.days or 0))
        chart = fund_charts(counties, sources, months)
        context.update(
            year=year,
            years=list(scoped.order_by().values_list("plan_year", flat=True).distinct().order_by("-plan_year")),
            on=on,
            total=total,
            counties=counties,
            sources=sources,
            months=months,
            types=types,
            alert_counts=[(kind, label, counts[kind]) for kind, label in AlertKind.choices],
            late=late[:15],
            beneficiaries=projects.beneficiary_totals(),
            km=projects.filter(type=ProjectType.TRANSPORT).order_by().aggregate(s=Sum("scale_km"))["s"],
            chart=chart,
        )
        return context


class TimelineView(ScopedViewMixin, TemplateView):
    """项目进度甘特图 of one county: planned milestones and progress of each project across the year."""

    model = Project
    template_name = "projects/timeline.html"
    nav = "timeline"
    per_page = 100

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        scoped = self.get_queryset()
        year = year_param(self.request, scoped) or timezone.localdate().year
        counties = list(Region.objects.for_user(self.request.user).filter(level="county").order_by("code")) or list(
            Region.objects.filter(code=self.request.user.region_id)  # type: ignore[union-attr]
        )
        # Default: the county of the first project in scope (or the user's own region below county level).
        first = scoped.of_year(year).order_by("region_id").values_list("region_id", flat=True).first()
        default = next((c.code for c in counties if first and first.startswith(c.prefix)), None)
        code = self.request.GET.get("county") or default or (counties[0].code if counties else "")
        county = get_object_or_404(Region.objects.for_user(self.request.user), code=code)
        projects = scoped.of_year(year).in_region(county.prefix)
        if self.request.GET.get("type") in ProjectType.values:
            projects = projects.filter(type=self.request.GET["type"])
        on = as_of(self.request, projects)
        paginator = Paginator(projects.order_by("code").select_related("region"), self.per_page)
        page = paginator.get_page(self.request.GET.get("page"))
        ids = [p.pk for p in page]
        from jingzhun.projects.alerts import progress_rows
        from jingzhun.projects.models import ProjectMilestone

        progress = {r["pk"]: r for r in progress_rows(Project.objects.filter(pk__in=ids), on, statuses=None)}
        milestones: dict[int, dict[str, Any]] = {}
        for m in ProjectMilestone.objects.filter(project_id__in=ids):
            milestones.setdefault(m.project_id, {})[m.key] = m
        start_of_year = datetime.date(year, 1, 1)
        days = (datetime.date(year, 12, 31) - start_of_year).days + 1

        def pos(day: datetime.date | None) -> float | None:
            if day is None:
                return None
            return max(0.0, min(100.0, (day - start_of_year).days * 100 / days))

        bars = []
        for project in page:
            ms = milestones.get(project.pk, {})
            start = ms.get(MilestoneKey.START)
            main = ms.get(MilestoneKey.MAIN_WORKS)
            plan_left = pos(start.planned_date if start else None) or 0
            plan_right = pos(main.planned_date if main else None) or 100
            row = progress.get(project.pk, {})
            percent = row.get("percent") or (100 if project.status == ProjectStatus.ACCEPTED else 0)
            late = (
                any(m.actual_date is None and m.planned_date < on for m in ms.values())
                and project.status != ProjectStatus.ACCEPTED
            )
            # The real bar: from the actual start to the end of the main works, or to the date while unfinished.
            left = pos(start.actual_date if start and start.actual_date else None) or plan_left
            if main and main.actual_date:
                right = pos(main.actual_date) or plan_right
            else:
                right = max(plan_right, pos(on) or 0) if late else plan_right
            bars.append(
                {
                    "project": project,
                    "left": left,
                    "width": max(right - left, 1),
                    "plan_left": plan_left,
                    "plan_width": max(plan_right - plan_left, 1),
                    "percent": percent,
                    "late": late,
                    "marks": [
                        {
                            "label": m.get_key_display(),
                            "at": pos(m.planned_date),
                            "date": m.planned_date,
                            "done": m.actual_date,
                        }
                        for m in ms.values()
                    ],
                }
            )
        context.update(
            year=year,
            county=county,
            counties=counties,
            page_obj=page,
            bars=bars,
            today_at=pos(on) if on.year == year else None,
            on=on,
            months=[{"label": f"{m}月", "at": pos(datetime.date(year, m, 1))} for m in range(1, 13)],
            types=ProjectType.choices,
        )
        return context


class AlertListView(ScopedViewMixin, TemplateView):
    """调度会预警清单: every alert on a date, by county and kind; also as CSV."""

    model = Project
    template_name = "projects/alert_list.html"
    nav = "alerts"
    per_page = 100

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("format") == "csv":
            context = self.get_context_data(**kwargs)
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = content_disposition_header(True, f"项目预警清单_{context['on']}.csv")
            response.write("\ufeff")
            alerts_table_write(response, context["alerts"], county_names=context["county_names"])
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        projects = self.get_queryset()
        county = self.request.GET.get("region", "")
        region = user_region(self.request)
        if county.isdigit():
            region = region_prefix(county) or county
            projects = projects.in_region(region)
        year = self.request.GET.get("year", "")
        if year.isdigit():
            projects = projects.filter(plan_year=int(year))
        on = as_of(self.request, projects)
        params = alert_params(self.request).resolve(year=on.year, region=region)
        alerts = project_alerts(projects, on=on, params=params)
        kind = self.request.GET.get("kind", "")
        if kind in AlertKind.values:
            alerts = [a for a in alerts if a.kind == kind]
        codes = {code_at(a.region_id, "county") for a in alerts}
        names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
        by_county: dict[str, int] = {}
        for alert in alerts:
            county = prefix_of(alert.region_id, "county")
            by_county[county] = by_county.get(county, 0) + 1
        context.update(
            on=on,
            params=params,
            alerts=alerts,
            county_names={prefix_of(c, "county"): n for c, n in names.items()},
            by_county=sorted(by_county.items()),
            page_obj=Paginator(alerts, self.per_page).get_page(self.request.GET.get("page")),
            kinds=AlertKind.choices,
            kind=kind,
        )
        return context
