"""操作日志 (the audit page) as an inspector reads it: names not codes, filters by date and region, export.

Every event is shown with the Chinese name of what changed (``registry.Member`` → 家庭成员),
the display name of who acted, the region by name, and the filters of an export written as
a sentence rather than a query string. The list filters by action, person, date range and
region, and downloads as an Excel workbook (itself an audited export).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from typing import Any

from django.apps import apps as django_apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView

from jingzhun.core.audit import audit_context, record_event
from jingzhun.core.choices import AuditAction
from jingzhun.core.excel.writer import neutralise, new_workbook
from jingzhun.core.filters import region_widget
from jingzhun.core.masking import mask_text
from jingzhun.core.models import AuditEvent
from jingzhun.core.regioncodes import pad_code, region_prefix
from jingzhun.core.views import ScopedViewMixin

FILTER_NAMES = {
    "region": "地区",
    "q": "关键词",
    "year": "年度",
    "status": "状态",
    "unmask": "显示完整信息",
}


def model_name(label: str) -> str:
    """Return the Chinese name of a model label (``registry.Member`` → 家庭成员); the label if unknown."""
    try:
        return str(django_apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def region_names(codes: Iterable[str]) -> dict[str, str]:
    """Return {code: full name} of the regions among ``codes`` (one query)."""
    wanted = {c for c in codes if c}
    if not wanted:
        return {}
    region = django_apps.get_model("regions", "Region")
    return dict(region.objects.filter(code__in=wanted).values_list("code", "name"))


def person_name(user: Any, fallback: str) -> str:
    """Return how a person is named on the page: full name or unit, with the account in brackets."""
    if user is None:
        return _("系统") if fallback in ("", "system") else fallback
    name = user.get_full_name() or getattr(user, "unit", "") or ""
    return f"{name}（{user.username}）" if name and name != user.username else user.username


def readable_filters(label: str, filters: dict[str, Any], names: dict[str, str]) -> str:
    """Return an export's filters as a sentence: 地区：汉滨区；状态：已脱贫 (never ``?status=1&region=…``)."""
    try:
        model = django_apps.get_model(label)
    except (LookupError, ValueError):
        model = None
    parts = []
    for key, value in filters.items():
        if key in ("page", "sort"):
            continue
        shown = str(value)
        title = FILTER_NAMES.get(key, key)
        if model is not None:
            try:
                field = model._meta.get_field(key)
                title = str(getattr(field, "verbose_name", title))
                choices = dict(getattr(field, "flatchoices", []) or [])
                shown = str(choices.get(value, shown))
            except FieldDoesNotExist:
                pass
        if key == "region":
            prefix = region_prefix(shown)
            shown = names.get(pad_code(prefix), shown) if prefix else shown
        if key == "unmask":
            shown = _("是")
        parts.append(f"{title}：{mask_text(shown)}")
    return "；".join(parts)


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None


class AuditListView(ScopedViewMixin, ListView):
    """操作日志: the audit events of the user's region, newest first; filters and an Excel download."""

    model = AuditEvent
    template_name = "core/audit_list.html"
    paginate_by = 50
    nav = "audit"

    def get_queryset(self) -> QuerySet:
        qs = super().get_queryset().select_related("actor")
        get = self.request.GET
        if get.get("action"):
            qs = qs.filter(action=get["action"])
        actor = get.get("actor", "").strip()
        if actor:
            qs = qs.filter(Q(actor_name=actor) | Q(actor__first_name__contains=actor) | Q(actor__unit__contains=actor))
        start, end = _date(get.get("start", "")), _date(get.get("end", ""))
        zone = timezone.get_current_timezone()
        if start:
            qs = qs.filter(at__gte=datetime.datetime.combine(start, datetime.time.min, tzinfo=zone))
        if end:
            qs = qs.filter(
                at__lt=datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
            )
        region = get.get("region", "").strip()
        if region:
            prefix = region_prefix(region)
            qs = qs.in_region(prefix) if prefix else qs.none()  # type: ignore[attr-defined]
        return qs

    def rows(self, events: Iterable[AuditEvent]) -> list[dict[str, Any]]:
        events = list(events)
        names = region_names({e.region_code for e in events} | self._filter_regions(events))
        rows = []
        for event in events:
            filters = (event.after or {}).get("filters") if isinstance(event.after, dict) else None
            rows.append(
                {
                    "event": event,
                    "at": timezone.localtime(event.at),
                    "who": person_name(event.actor, event.actor_name),
                    "what": model_name(event.model_label),
                    "region": names.get(event.region_code, event.region_code),
                    "filters": readable_filters(event.model_label, filters, names) if filters else "",
                }
            )
        return rows

    @staticmethod
    def _filter_regions(events: list[AuditEvent]) -> set[str]:
        codes = set()
        for event in events:
            filters = (event.after or {}).get("filters") if isinstance(event.after, dict) else None
            prefix = region_prefix(str(filters.get("region", ""))) if isinstance(filters, dict) else None
            if prefix:
                codes.add(pad_code(prefix))
        return codes

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("format") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self) -> HttpResponse:
        events = self.get_queryset()[:20000]
        rows = self.rows(events)
        out = io.BytesIO()
        workbook = new_workbook(out, {"in_memory": True})
        sheet = workbook.add_worksheet(_("操作日志"))
        header = [_("时间"), _("操作人"), _("操作"), _("对象类型"), _("对象"), _("地区"), _("条件"), _("原因")]
        bold = workbook.add_format({"bold": True})
        for col, title in enumerate(header):
            sheet.write(0, col, title, bold)
        for line, row in enumerate(rows, 1):
            event = row["event"]
            values = [
                row["at"].strftime("%Y-%m-%d %H:%M:%S"),
                row["who"],
                event.get_action_display(),
                row["what"],
                mask_text(event.object_repr),
                row["region"],
                row["filters"],
                mask_text(event.reason),
            ]
            for col, value in enumerate(values):
                sheet.write(line, col, neutralise(value))
        sheet.set_column(0, 0, 20)
        sheet.set_column(1, 7, 24)
        workbook.close()
        out.seek(0)
        filters = {k: v for k, v in self.request.GET.items() if v and k != "format"}
        with audit_context(actor=self.request.user):
            record_event(
                action=AuditAction.EXPORT,
                model_label=AuditEvent._meta.label,
                object_pk="*",
                object_repr=_("导出操作日志"),
                region_code=getattr(self.request.user, "region_id", None) or "",
                after={"count": len(rows), "filters": filters},
                reason="",
            )
        stamp = timezone.localtime().strftime("%Y%m%d")
        return FileResponse(out, as_attachment=True, filename=f"操作日志_{stamp}.xlsx")  # type: ignore[return-value]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["actions"] = AuditAction.choices
        context["rows"] = self.rows(context["object_list"])
        query = self.request.GET.copy()
        query.pop("page", None)
        query["format"] = "xlsx"
        context["export_query"] = query.urlencode()
        context["region_input"] = region_widget().render(
            "region",
            self.request.GET.get("region", ""),
            attrs={"id": "f-region", "class": "form-control form-control-sm"},
        )
        return context
