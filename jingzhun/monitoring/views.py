"""Pages of return-to-poverty monitoring: the monitoring objects, the risk events, and the screening."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from jingzhun.core.access import require
from jingzhun.core.generic import LedgerDetailView, LedgerEditView, LedgerListView
from jingzhun.core.views import AccessMixin
from jingzhun.monitoring import services
from jingzhun.monitoring.filters import MonitoringObjectFilter, RiskEventFilter
from jingzhun.monitoring.forms import MonitoringObjectForm, RiskEventForm
from jingzhun.monitoring.models import MonitoringObject, RiskEvent
from jingzhun.monitoring.tables import MonitoringObjectTable, RiskEventTable
from jingzhun.regions.visibility import user_root_region


class MonitoringObjectList(LedgerListView):
    model = MonitoringObject
    table_class, filterset_class = MonitoringObjectTable, MonitoringObjectFilter
    title = gettext_lazy("防返贫监测对象")
    export_filename = gettext_lazy("防返贫监测对象台账")
    create_url_name = "monitoring:screen"  # objects come from the screening
    create_label = gettext_lazy("开展监测筛查")
    nav = "monitoring"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("household").order_by("-year", "household__code")


class MonitoringObjectDetail(LedgerDetailView):
    model = MonitoringObject
    template_name = "monitoring/object_detail.html"
    fields = ["household", "year", "kind", "reasons", "risk", "measures", "status", "identified_on", "eliminated_on"]
    nav = "monitoring"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        reasons = MonitoringObject._meta.get_field("reasons").verbose_name
        context["rows"] = [
            (label, self.object.reason_labels() if label == reasons else value) for label, value in context["rows"]
        ]
        return context


class MonitoringObjectEdit(LedgerEditView):
    """Keep the risk and the help up to date; a new object comes from the screening, not from this form."""

    model = MonitoringObject
    form_class = MonitoringObjectForm
    nav = "monitoring"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if "pk" not in kwargs and request.user.is_authenticated:
            require(request.user, "add", MonitoringObject)
            return HttpResponseRedirect(reverse("monitoring:screen"))
        return super().dispatch(request, *args, **kwargs)


class RiskEventList(LedgerListView):
    model = RiskEvent
    table_class, filterset_class = RiskEventTable, RiskEventFilter
    title = gettext_lazy("突发事件登记")
    nav = "monitoring-events"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("household")


class RiskEventEdit(LedgerEditView):
    model = RiskEvent
    form_class = RiskEventForm
    nav = "monitoring-events"


class ScreenForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("监测年度"),
        min_value=2016,
        max_value=2035,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )


class ScreenView(AccessMixin, FormView):
    """开展筛查: screen the user's region for a year and record the households found."""

    access = ("add", "monitoring.MonitoringObject")
    form_class = ScreenForm
    template_name = "monitoring/screen.html"

    def get_initial(self) -> dict[str, Any]:
        return {"year": timezone.localdate().year}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"nav": "monitoring", "region": user_root_region(self.request.user)}

    def form_valid(self, form: ScreenForm) -> HttpResponse:
        region = user_root_region(self.request.user)
        try:
            created = services.monitoring_record(
                user=self.request.user, year=form.cleaned_data["year"], prefix=region.prefix
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, "；".join(getattr(exc, "messages", [str(exc)])))
            return self.form_invalid(form)
        messages.success(self.request, _("筛查完成：新纳入监测对象 %(n)s 户。") % {"n": len(created)})
        return HttpResponseRedirect(reverse("monitoring:monitoringobject-list") + f"?year={form.cleaned_data['year']}")
