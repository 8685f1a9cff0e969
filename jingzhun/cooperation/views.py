"""Pages of East–West cooperation: the ledgers (kit pages), the dashboard and the self-assessment report."""

from __future__ import annotations

import io
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from jingzhun.cooperation import models as m
from jingzhun.cooperation.alerts import milestone_alerts
from jingzhun.cooperation.filters import FILTERS
from jingzhun.cooperation.forms import form_for
from jingzhun.cooperation.indicators import IndicatorValue, by_area, format_value, indicators_compute, region_asked
from jingzhun.cooperation.ledgers import LEDGERS
from jingzhun.cooperation.report import self_assessment_render
from jingzhun.cooperation.tables import TABLES
from jingzhun.core.access import allows
from jingzhun.core.generic import LedgerDetailView, LedgerEditView, LedgerListView
from jingzhun.core.ledger import personal_fields_of
from jingzhun.core.regioncodes import code_at, pad_code
from jingzhun.core.services import personal_data_log
from jingzhun.core.views import ScopedViewMixin
from jingzhun.projects.models import Project
from jingzhun.regions.models import Region

NAV = "cooperation"


class CooperationListView(LedgerListView):
    """A cooperation ledger: its rows on either side of the user's pairings, with the ledgers' tabs."""

    template_name = "cooperation/ledger_list.html"
    nav = NAV
    related: tuple[str, ...] = ()

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        return queryset.select_related(*self.related) if self.related else queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["ledgers"] = [(f"cooperation:{model._meta.model_name}-list", model) for _p, model, _r in LEDGERS]
        context["current"] = self.model
        return context


class CooperationDetailView(LedgerDetailView):
    nav = NAV


class CooperationEditView(LedgerEditView):
    """新增 / 修改: personal data (a labour row's ID number) in the form only for roles that may reveal it, logged."""

    nav = NAV

    def get_form(self, data: Any = None, files: Any = None) -> Any:
        form = super().get_form(data, files)
        personal = personal_fields_of(self.model)
        if self.object is None or not personal:
            return form
        user = self.request.user
        if not allows(user, "reveal", self.model):
            for name in personal:
                form.fields.pop(name, None)
        elif data is None and any(getattr(self.object, name, "") for name in personal):
            personal_data_log(
                user=user,
                model=self.model,
                count=1,
                export=False,
                description=_("修改表单"),
                region_code=self.object.scope_code,
            )
        return form


def list_view(model: type[Any], related: tuple[str, ...]) -> type[CooperationListView]:
    return type(
        f"{model.__name__}ListView",
        (CooperationListView,),
        {"table_class": TABLES[model], "filterset_class": FILTERS[model], "related": related},
    )


def edit_view(model: type[Any]) -> type[CooperationEditView]:
    return type(f"{model.__name__}EditView", (CooperationEditView,), {"form_class": form_for(model)})


# -- the dashboard and the report ----------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2010 <= year <= 2035 else timezone.localdate().year


def _prefix(request: HttpRequest) -> str:
    own = request.user.scope_prefix  # type: ignore[union-attr]
    asked = region_asked(request.GET.get("region") or "") if request.GET.get("region") else None
    return asked if asked is not None else own


class CooperationMixin(ScopedViewMixin):
    """The year and region asked, and the indicators of the region in the user's scope (either side)."""

    model = m.Pairing
    nav = NAV

    def bases(self) -> dict[str, Any]:
        user: Any = self.request.user
        return {
            model.__name__: model._default_manager.for_user(user)
            for model in (
                m.AidFund,
                m.Exchange,
                m.Training,
                m.LabourRecord,
                m.Purchase,
                m.Investment,
                m.Meeting,
                m.Pairing,
            )
        }

    def measure(
        self, year: int, prefix: str
    ) -> tuple[list[IndicatorValue], list[tuple[str, str, list[IndicatorValue]]]]:
        bases = self.bases()
        values = indicators_compute(prefix=prefix, year=year, base=bases)
        pairings = bases["Pairing"].in_region(prefix)
        codes = pairings.values_list("west_region_id", flat=True)
        counties = sorted({code_at(code, "county") for code in codes if code[4:6] != "00"})
        names = dict(Region.objects.filter(code__in=counties).values_list("code", "name"))
        rows = [
            (code, names.get(code, code), indicators_compute(prefix=code[:6], year=year, base=bases))
            for code in counties
            if code[:6] != prefix
        ]
        return values, rows


class DashboardView(CooperationMixin, TemplateView):
    """协作看板: the six areas of the assessment, target against actual, by county; the milestones missed."""

    template_name = "cooperation/dashboard.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        year, prefix = _year(self.request), _prefix(self.request)
        values, rows = self.measure(year, prefix)
        bases = self.bases()
        alerts = milestone_alerts(
            year=year,
            today=timezone.localdate(),
            pairings=bases["Pairing"].in_region(prefix),
            funds=bases["AidFund"].in_region(prefix),
            projects=Project.objects.for_user(user).in_region(prefix),
            region=prefix,
        )
        region = Region.objects.filter(code=pad_code(prefix)).first() if prefix else None
        context.update(
            title=_("东西部协作看板"),
            year=year,
            years=range(timezone.localdate().year, 2016, -1),
            region=region,
            prefix=prefix,
            areas=[
                (area, [(v, format_value(v.code, v.value), format_value(v.code, v.target)) for v in items])
                for area, items in by_area(values)
            ],
            codes=list(values),
            rows=[(code, name, [format_value(v.code, v.value) for v in row]) for code, name, row in rows],
            alerts=alerts[:50],
            alert_count=len(alerts),
            ledgers=[(f"cooperation:{model._meta.model_name}-list", model) for _p, model, _r in LEDGERS],
            current=None,
        )
        return context


class ReportView(CooperationMixin, View):
    """自评报告: the year's self-assessment of the region as a Word document."""

    action = "export"

    def get(self, request: HttpRequest) -> FileResponse:
        self.check_permission()
        year, prefix = _year(request), _prefix(request)
        values, rows = self.measure(year, prefix)
        region = Region.objects.filter(code=pad_code(prefix)).first() if prefix else None
        name = region.name if region else _("全部地区")
        data = self_assessment_render(
            region_name=name, year=year, values=values, county_rows=[(n, row) for _c, n, row in rows]
        )
        filename = _("%(region)s%(year)s年东西部扶贫协作自评报告.docx") % {"region": name, "year": year}
        return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename)


REPORT_LABEL = gettext_lazy("自评报告（Word）")
