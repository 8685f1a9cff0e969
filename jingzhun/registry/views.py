"""Pages of the registry: household list, detail, forms; the home dashboard and the region pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView

from jingzhun.core import charts, formatting
from jingzhun.core.access import require
from jingzhun.core.charts import Series
from jingzhun.core.models import AuditEvent
from jingzhun.core.personal import reveal_log
from jingzhun.core.views import AccessMixin, ScopedCreateMixin, ScopedViewMixin
from jingzhun.regions.models import CountyYear, Region, VillageYear
from jingzhun.regions.visibility import visible_region
from jingzhun.registry import services
from jingzhun.registry.choices import Relation
from jingzhun.registry.cycle import household_registered
from jingzhun.registry.filters import HouseholdFilter
from jingzhun.registry.forms import DeleteForm, HouseholdForm, HouseholdYearForm, MemberForm
from jingzhun.registry.models import Household, HouseholdYear, Member
from jingzhun.registry.summaries import latest_fact_year, region_overview


class DashboardView(AccessMixin, TemplateView):
    """首页: the figures of the user's region and of each child region, one level down per click."""

    template_name = "registry/dashboard.html"
    access = ("view", "registry")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        region = visible_region(self.request.user, self.request.GET.get("region"))
        year = _year_param(self.request) or latest_fact_year(region.prefix)
        overview = region_overview(region, year=year)
        children, exits = overview.children, overview.exits
        people = _("人")
        chart = {
            "children": charts.stacked_bar_chart(
                [c.region.short_name for c in children],
                [
                    Series(_("未脱贫人口"), [c.figures["poor_people"] for c in children], color=charts.RED),
                    Series(_("已脱贫人口"), [c.figures["exited_people"] for c in children], color=charts.GREEN),
                    Series(
                        _("贫困发生率"),
                        [formatting.to_percent(c.incidence, 2) for c in children],
                        kind="line",
                        color=charts.AMBER,
                        axis=1,
                    ),
                ],
                unit=people,
                second_unit="%",
            ),
            "exits": charts.bar_chart(
                [str(e["exit_year"]) for e in exits],
                Series(_("脱贫人口"), [e["people"] for e in exits], color=charts.GREEN),
                unit=people,
            ),
        }
        context.update(
            nav="dashboard",
            region=region,
            ancestors=region.breadcrumb_for(self.request.user),
            year=year,
            figures=overview.figures,
            children=children,
            exits=exits,
            chart=chart,
            child_link="dashboard",
            village_households=village_households(region) if region.level == "village" else None,
        )
        return context


def village_households(village: Region) -> list[Household]:
    """Return a village's households for its dashboard: head, size, status and helper (one query)."""
    heads = Member.objects.filter(household_id=OuterRef("pk"), relation=Relation.HEAD).order_by("pk")
    return list(
        Household.objects.filter(village=village)
        .annotate(head_name=Subquery(heads.values("name")[:1]))
        .only("code", "size", "status", "planned_exit_year", "exit_year", "helper_name", "helper_unit")
        .order_by("status", "code")
    )


class RegionDetailView(ScopedViewMixin, DetailView):
    """地区: walk province → prefecture → county → township → village with the registry's key figures."""

    model = Region
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "registry/region_detail.html"
    nav = "regions"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("parent")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        region: Region = self.object
        year = _year_param(self.request) or latest_fact_year(region.prefix)
        overview = region_overview(region, year=year)
        context.update(
            year=year,
            figures=overview.figures,
            children=overview.children,
            ancestors=region.breadcrumb_for(self.request.user),
            village_years=VillageYear.objects.filter(village=region).order_by("-year")
            if region.level == "village"
            else None,
            county_years=(
                CountyYear.objects.filter(county=region).order_by("-year") if region.level == "county" else None
            ),
            child_link="regions:detail",
        )
        return context


def _year_param(request: HttpRequest) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


class PageRowsPaginator(Paginator):
    """Count and order the bare filtered queryset; load the joins and annotations of one page only.

    ``object_list`` is the filtered, ordered queryset: the COUNT and the choice of the
    page's keys run on it alone, which indexes answer. ``rows`` turns those keys (a
    subquery) into the rows shown. A single query would compute the joins and head
    subqueries of every match before sorting them (SQLite does), not of one page.
    """

    def __init__(self, object_list: QuerySet, per_page: int, *, rows: Callable[[QuerySet], QuerySet], **kwargs: Any):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.rows(keys), number, self)


class HouseholdListView(ScopedViewMixin, FilterView):
    """贫困户列表: filtered, paginated, scoped; IDs masked."""

    model = Household
    filterset_class = HouseholdFilter
    template_name = "registry/household_list.html"
    paginate_by = 50
    nav = "households"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().order_by("code")

    def get_paginator(self, queryset: QuerySet, per_page: int, **kwargs: Any) -> Paginator:
        return PageRowsPaginator(queryset, per_page, rows=self.page_rows, **kwargs)

    def page_rows(self, keys: QuerySet) -> QuerySet:
        """Return the rows shown for the page whose household keys are ``keys``."""
        rows = Household.objects.for_user(self.request.user).filter(pk__in=keys).select_related("village__parent")
        return rows.with_head().order_by("code")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        code = self.request.GET.get("region", "")
        context["filter_region"] = Region.objects.for_user(self.request.user).filter(code=code).first()
        return context


class HouseholdDetailView(ScopedViewMixin, DetailView):
    """户详情: members, yearly facts with income breakdown, and the change history."""

    model = Household
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "registry/household_detail.html"
    nav = "households"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("village__parent__parent")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        household: Household = self.object
        members = list(household.members.order_by("relation", "birth_date"))
        living = sum(1 for m in members if m.counts)
        years = list(household.years.order_by("-year"))
        for facts in years:
            facts.per_capita_value = facts.per_capita(living)
            facts.exit_per_capita_value = facts.exit_income_per_capita(living)
        context.update(
            members=members,
            head=next((m for m in members if m.relation == Relation.HEAD), None),
            measures=next((y for y in years if y.assistance_measures), None),
            living=living,
            years=years,
            history=AuditEvent.objects.for_root(Household._meta.label, str(household.pk))[:100],
            ancestors=household.village.breadcrumb_for(self.request.user),
        )
        return context


class ServiceFormMixin:
    """Save through a service; turn its ValidationError into form errors."""

    request: HttpRequest
    success_message = _("已保存。")

    def save_with_service(self, form: Any) -> Any:
        raise NotImplementedError

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object = self.save_with_service(form)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())  # type: ignore[attr-defined]


class PersonalDataFormMixin:
    """An edit form shows personal data in full: log that on every display of the form."""

    request: HttpRequest
    object: Any

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)  # type: ignore[misc]
        shown = [field for field in services.PERSONAL_FIELDS[type(self.object)] if getattr(self.object, field)]
        if shown:  # one event per display of the form, naming every number it shows
            reveal_log(user=request.user, instance=self.object, fields=shown)
        return response


class HouseholdCreateView(ScopedCreateMixin, ServiceFormMixin, CreateView):
    model = Household
    form_class = HouseholdForm
    template_name = "registry/form.html"
    nav = "households"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    @transaction.atomic
    def save_with_service(self, form: HouseholdForm) -> Household:
        household = services.household_save(
            user=self.request.user, household=form.instance, reason=form.cleaned_data["reason"]
        )
        household_registered(user=self.request.user, household=household, note=form.cleaned_data["reason"])
        return household

    def get_success_url(self) -> str:
        return reverse("registry:household-detail", args=[self.object.code])


class HouseholdUpdateView(PersonalDataFormMixin, ScopedViewMixin, ServiceFormMixin, UpdateView):
    model = Household
    form_class = HouseholdForm
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "registry/form.html"
    action = "change"
    nav = "households"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save_with_service(self, form: HouseholdForm) -> Household:
        return services.household_save(
            user=self.request.user,
            household=form.instance,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )

    def get_success_url(self) -> str:
        return reverse("registry:household-detail", args=[self.object.code])


class HouseholdChildMixin(ScopedViewMixin):
    """Views of a member or a year's facts: found through the household in the user's scope."""

    action = "change"
    nav = "households"
    template_name = "registry/form.html"

    def get_household(self) -> Household:
        household = get_object_or_404(Household.objects.for_user(self.request.user), code=self.kwargs["code"])
        self.check_permission()
        return household

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().filter(household__code=self.kwargs["code"])

    def get_success_url(self) -> str:
        return reverse("registry:household-detail", args=[self.kwargs["code"]])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["household"] = getattr(self, "household", None) or self.object.household
        return context


class HouseholdChildCreateMixin(HouseholdChildMixin):
    """Create views of a member or a year's facts: the household is looked up (and checked) first."""

    household: Household

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.household = self.get_household()
        return super().dispatch(request, *args, **kwargs)


class MemberCreateView(HouseholdChildCreateMixin, ServiceFormMixin, CreateView):
    model = Member
    form_class = MemberForm

    def get_initial(self) -> dict[str, Any]:
        count = self.household.members.count()
        return {"code": f"{self.household.code}{count + 1:02d}"}

    def save_with_service(self, form: MemberForm) -> Member:
        form.instance.household = self.household
        return services.member_save(user=self.request.user, member=form.instance, reason=form.cleaned_data["reason"])


class MemberUpdateView(PersonalDataFormMixin, HouseholdChildMixin, ServiceFormMixin, UpdateView):
    model = Member
    form_class = MemberForm
    slug_field = "code"
    slug_url_kwarg = "member"

    def save_with_service(self, form: MemberForm) -> Member:
        return services.member_save(
            user=self.request.user,
            member=form.instance,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )


class HouseholdYearCreateView(HouseholdChildCreateMixin, ServiceFormMixin, CreateView):
    model = HouseholdYear
    form_class = HouseholdYearForm

    def save_with_service(self, form: HouseholdYearForm) -> HouseholdYear:
        form.instance.household = self.household
        return services.household_year_save(
            user=self.request.user, facts=form.instance, reason=form.cleaned_data["reason"]
        )


class HouseholdYearUpdateView(HouseholdChildMixin, ServiceFormMixin, UpdateView):
    model = HouseholdYear
    form_class = HouseholdYearForm
    slug_field = "year"
    slug_url_kwarg = "year"

    def save_with_service(self, form: HouseholdYearForm) -> HouseholdYear:
        return services.household_year_save(
            user=self.request.user,
            facts=form.instance,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )


class HouseholdDeleteView(ScopedViewMixin, FormView):
    """Delete a household with everything in it; a reason is required and audited."""

    model = Household
    form_class = DeleteForm
    template_name = "registry/confirm_delete.html"
    action = "delete"
    nav = "households"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = get_object_or_404(self.get_queryset(), code=kwargs["code"])
        self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "object": self.object}

    def form_valid(self, form: DeleteForm) -> HttpResponse:
        services.registry_delete(user=self.request.user, instance=self.object, reason=form.cleaned_data["reason"])
        messages.success(self.request, _("已删除户 %(code)s。") % {"code": self.object.code})
        return HttpResponseRedirect(reverse("registry:household-list"))


class MemberRevealView(View):
    """Return a member's full ID number (or phone, or bank card) as an HTML fragment, and log the access."""

    http_method_names = ["post"]
    access = ("reveal", "registry")

    def post(self, request: HttpRequest, code: str, member: str) -> HttpResponse:
        obj = get_object_or_404(Member.objects.for_user(request.user), household__code=code, code=member)
        field = request.POST.get("field", "id_number")
        if field not in ("id_number", "phone", "bank_account"):
            raise Http404
        require(request.user, "reveal", obj, _("当前角色无权查看完整的个人敏感信息。"))
        reason = request.POST.get("reason", "").strip()
        if not reason:
            message = _("请填写查看原因（将记入操作日志）。")
            return HttpResponse(f'<span class="text-danger small" id="reveal-error">{message}</span>', status=400)
        value = services.personal_data_reveal(user=request.user, instance=obj, field=field, reason=reason)
        return render(request, "registry/_revealed.html", {"value": value})
