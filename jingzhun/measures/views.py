"""Pages of the household measures: the ledgers on the kit, the rates by region, a household's measures and a
village's 产业 and 集体经济 panel."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from jingzhun.core.generic import LedgerEditView, LedgerListView
from jingzhun.core.views import AccessMixin
from jingzhun.measures import filters, forms, rates, tables
from jingzhun.measures.models import (
    BusinessEntity,
    CollectiveEconomy,
    Employment,
    EntityLink,
    HouseholdMeasure,
    Training,
    WelfarePost,
)
from jingzhun.regions.models import Region
from jingzhun.registry.models import Household

NAV = "measures"


def _list(table: Any, filterset: Any, related: tuple[str, ...]) -> type[LedgerListView]:
    class View(LedgerListView):
        table_class, filterset_class, nav = table, filterset, NAV

        def get_queryset(self) -> QuerySet:
            return super().get_queryset().select_related(*related)

    return View


def _edit(form: Any) -> type[LedgerEditView]:
    class View(LedgerEditView):
        form_class, nav = form, NAV

    return View


MeasureList = _list(tables.MeasureTable, filters.MeasureFilter, ("household",))
MeasureEdit = _edit(forms.MeasureForm)
EntityList = _list(tables.EntityTable, filters.EntityFilter, ())
EntityEdit = _edit(forms.EntityForm)
LinkList = _list(tables.LinkTable, filters.LinkFilter, ("entity", "household"))
LinkEdit = _edit(forms.LinkForm)
TrainingList = _list(tables.TrainingTable, filters.TrainingFilter, ("member__household",))
TrainingEdit = _edit(forms.TrainingForm)
EmploymentList = _list(tables.EmploymentTable, filters.EmploymentFilter, ("member__household",))
EmploymentEdit = _edit(forms.EmploymentForm)
PostList = _list(tables.PostTable, filters.PostFilter, ("member__household",))
PostEdit = _edit(forms.PostForm)
CollectiveList = _list(tables.CollectiveTable, filters.CollectiveFilter, ())
CollectiveEdit = _edit(forms.CollectiveForm)


def _year(request: Any) -> int:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2014), 2030)


class DashboardView(AccessMixin, TemplateView):
    """产业就业看板: the coverage rates, employment, posts and loans of the year, by county or township."""

    template_name = "measures/dashboard.html"
    access = ("view", "measures")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        prefix = user.scope_prefix if user.scope_prefix != "-" else ""  # type: ignore[union-attr]
        if user.scope_prefix == "-":  # type: ignore[union-attr]
            raise Http404(_("您的账号没有管辖区域。"))
        year = _year(self.request)
        by = "township" if len(prefix) >= 6 else "county"
        context.update(
            nav="measures-dashboard",
            year=year,
            total=rates.measures_rates(prefix=prefix, year=year)[0],
            rows=rates.measures_rates(prefix=prefix, year=year, by=by),
        )
        return context


class HouseholdMeasuresView(AccessMixin, TemplateView):
    """一户的帮扶措施: the typed measures by year, the member's trainings, employment and posts, the entity links."""

    template_name = "measures/household.html"
    access = ("view", "measures")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        household = Household.objects.for_user(user).filter(code=self.kwargs["code"]).first()
        if household is None:
            raise Http404(_("没有找到该户，或它不在您的管辖范围内。"))
        context.update(
            nav=NAV,
            household=household,
            measures=HouseholdMeasure.objects.filter(household=household).order_by("-year", "kind"),
            links=EntityLink.objects.filter(household=household).select_related("entity").order_by("-year"),
            trainings=Training.objects.filter(member__household=household).select_related("member"),
            employments=Employment.objects.filter(member__household=household).select_related("member"),
            posts=WelfarePost.objects.filter(member__household=household).select_related("member"),
        )
        return context


class VillagePanelView(AccessMixin, TemplateView):
    """一村的产业与集体经济: its business entities, collective economy by year and the households' industries."""

    template_name = "measures/village.html"
    access = ("view", "measures")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        village = Region.objects.for_user(user).filter(code=self.kwargs["code"], level="village").first()
        if village is None:
            raise Http404(_("没有找到该村，或它不在您的管辖范围内。"))
        year = _year(self.request)
        context.update(
            nav=NAV,
            village=village,
            year=year,
            entities=BusinessEntity.objects.filter(village=village).order_by("kind", "name"),
            collective=CollectiveEconomy.objects.filter(village=village).order_by("-year"),
            rates=rates.measures_rates(prefix=village.code, year=year)[0],
        )
        return context
