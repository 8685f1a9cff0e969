"""Pages of relocation and housing: the four ledgers on the kit and the site dashboard with its rates and alerts."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView

from jingzhun.core.generic import LedgerDeleteView, LedgerEditView, LedgerListView
from jingzhun.core.parameters import parameter_value
from jingzhun.core.views import AccessMixin
from jingzhun.relocation import rates, services
from jingzhun.relocation.filters import FacilityFilter, RelocationFilter, RenovationFilter, SiteFilter
from jingzhun.relocation.forms import FacilityForm, RelocationForm, RenovationForm, SiteForm
from jingzhun.relocation.models import Relocation, Renovation, Site
from jingzhun.relocation.tables import FacilityTable, RelocationTable, RenovationTable, SiteTable


class SiteList(LedgerListView):
    table_class, filterset_class, nav = SiteTable, SiteFilter, "relocation"


class SiteEdit(LedgerEditView):
    form_class, nav = SiteForm, "relocation"


class FacilityList(LedgerListView):
    table_class, filterset_class, nav = FacilityTable, FacilityFilter, "relocation"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("site", "project")


class FacilityEdit(LedgerEditView):
    form_class, nav = FacilityForm, "relocation"


class RelocationList(LedgerListView):
    table_class, filterset_class, nav = RelocationTable, RelocationFilter, "relocation"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("household", "site")


class RelocationEdit(LedgerEditView):
    form_class, nav = RelocationForm, "relocation"


class RenovationList(LedgerListView):
    table_class, filterset_class, nav = RenovationTable, RenovationFilter, "renovation"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("household")


class RenovationEdit(LedgerEditView):
    """Renovation rows are saved through ``renovation_save`` (only the housing department among sectors)."""

    form_class, nav = RenovationForm, "renovation"

    def save(self, form: forms.ModelForm) -> Any:
        return services.renovation_save(
            user=self.request.user,
            renovation=form.save(commit=False),
            expected_version=form.cleaned_data.get("version"),
            reason=form.cleaned_data.get("reason", ""),
        )


class RenovationDelete(LedgerDeleteView):
    """Deleting a renovation row: among sector departments only housing (住建), as in ``renovation_delete``."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        services.renovation_writer_check(request.user)
        return super().post(request, *args, **kwargs)


class DashboardView(AccessMixin, TemplateView):
    """搬迁与住房安全看板: the rates by county, township, batch year and site, and the deadline alerts."""

    template_name = "relocation/dashboard.html"
    access = ("view", "relocation")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        sites = Site.objects.for_user(user)
        relocations = Relocation.objects.for_user(user)
        today = timezone.localdate()
        try:
            year = int(self.request.GET.get("year") or today.year)
        except ValueError:
            year = today.year
        year = min(max(year, 2014), 2030)
        prefix = getattr(user, "scope_prefix", "") or ""
        by = "township" if len(prefix) >= 6 else "county"
        move_in_days = parameter_value("relocation.move_in_days", year=year, region=prefix)
        late_keys = relocations.filter(
            keys_on__isnull=False, moved_in_on__isnull=True, keys_on__lt=today - datetime.timedelta(days=move_in_days)
        )
        overdue_sites = sites.filter(deadline__lt=today, completed_units__lt=F("planned_units"))
        deadline = rates.renovation_deadline(year, prefix)
        renovations = Renovation.objects.for_user(user)
        late_renovations = renovations.filter(plan_year=year).filter(
            Q(accepted_on__isnull=True) | Q(moved_in_on__isnull=True)
        )
        context.update(
            nav="relocation-dashboard",
            year=year,
            by=by,
            groups=rates.grouped_rates(sites, relocations, by=by),
            batches=rates.grouped_rates(sites, relocations, by="batch"),
            sites=rates.site_rates(sites)[:200],
            renovation_rates=rates.renovation_rates(renovations, year=year, by=by, region=prefix),
            renovation_deadline=deadline,
            late_keys=late_keys.select_related("household", "site").order_by("keys_on")[:50],
            late_keys_count=late_keys.count(),
            move_in_days=move_in_days,
            overdue_sites=overdue_sites.order_by("deadline")[:50],
            late_renovations_count=late_renovations.count() if today > deadline else 0,
        )
        return context
