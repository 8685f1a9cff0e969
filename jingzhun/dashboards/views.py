"""指挥中心: the big screen (大屏) for the dispatch meeting, and the same panels on the home page."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from jingzhun.core.access import allows, require
from jingzhun.core.panels import BulletinContext, PanelContext, deadlines_for, measures_for, panels_build
from jingzhun.core.parameters import parameter_value
from jingzhun.core.regioncodes import child_level
from jingzhun.core.views import AccessMixin, ScopedViewMixin
from jingzhun.dashboards import bulletins
from jingzhun.dashboards.maps import region_map
from jingzhun.dashboards.models import Bulletin
from jingzhun.regions.models import Region
from jingzhun.regions.visibility import visible_region
from jingzhun.registry.summaries import latest_fact_year

# The big screen reloads itself this often (seconds).
REFRESH_SECONDS = 300


def panel_context(request: HttpRequest) -> PanelContext:
    """Return the place and year the request looks at (404 outside the user's scope).

    The year is ``?year=`` or the latest with village facts; a past year is seen as of its
    last day, the current year as of today.
    """
    region = visible_region(request.user, request.GET.get("region"))
    value = request.GET.get("year", "")
    today = timezone.localdate()
    year = (
        int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else latest_fact_year(region.prefix) or today.year
    )
    return PanelContext(request.user, region, year, min(today, datetime.date(year, 12, 31)))


def countdown(ctx: PanelContext, *, limit: int = 4) -> list[dict[str, Any]]:
    """Return the next hard dates of the campaign with the days left.

    The dates come from the apps' calendars (the task groups' 攻坚节点 of the place and the
    places above it); where none has any, from the parameter ``command.hard_dates``.
    """
    items = deadlines_for(ctx) or [
        (datetime.date.fromisoformat(day), label)
        for day, label in parameter_value("command.hard_dates", year=ctx.year, region=ctx.prefix)
    ]
    upcoming = [
        {"date": date, "label": label, "days": (date - ctx.today).days} for date, label in items if date >= ctx.today
    ]
    return upcoming[:limit]


def map_payload(ctx: PanelContext, *, selected: str) -> dict[str, Any]:
    """Return the measures of the region's children for the map (or the tiles), as the page's JSON."""
    region_map_ = region_map(ctx.region.code) if ctx.region.level in ("province", "prefecture") else None
    children = list(Region.objects.filter(parent=ctx.region).order_by("code"))
    measures = []
    for measure in measures_for(ctx.user):
        values = measure.values(ctx)
        items = [
            {
                "code": child.code,
                "name": child.name,
                "area": region_map_.area_for(child.code, child.name) if region_map_ else None,
                "value": values.get(child.code),
            }
            for child in children
        ]
        measures.append(
            {
                "key": measure.key,
                "label": str(measure.label),
                "unit": str(measure.unit),
                "higherIsBetter": measure.higher_is_better,
                "items": items,
            }
        )
    keys = [m["key"] for m in measures]
    return {
        "map": region_map_.name if region_map_ else None,
        "mapFile": region_map_.static_path if region_map_ else None,
        "selected": selected if selected in keys else (keys[0] if keys else ""),
        "measures": measures,
    }


def ranked_tiles(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the children ranked by the selected measure, best first (no data last)."""
    measure = next((m for m in payload["measures"] if m["key"] == payload["selected"]), None)
    if measure is None:
        return []
    known = [i for i in measure["items"] if i["value"] is not None]
    known.sort(key=lambda i: i["value"], reverse=measure["higherIsBetter"])
    return [dict(i, rank=n) for n, i in enumerate(known, start=1)] + [
        dict(i, rank=None) for i in measure["items"] if i["value"] is None
    ]


class CommandView(AccessMixin, TemplateView):
    access = ("view", "registry")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ctx = panel_context(self.request)
        context.update(ctx=ctx, region=ctx.region, year=ctx.year, panels=panels_build(ctx))
        return context


class ScreenView(CommandView):
    """指挥中心大屏: the map, the targets, the countdown and every panel, for 1920×1080, refreshed."""

    template_name = "dashboards/screen.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ctx: PanelContext = context["ctx"]
        payload = map_payload(ctx, selected=self.request.GET.get("measure", ""))
        panels = context["panels"]
        context.update(
            nav="screen",
            payload=payload,
            tiles=ranked_tiles(payload) if payload["map"] is None else [],
            selected=next((m for m in payload["measures"] if m["key"] == payload["selected"]), None),
            countdown=countdown(ctx),
            columns=[panels[0::3], panels[1::3], panels[2::3]],
            refresh=REFRESH_SECONDS,
            child_level=child_level(ctx.region.level),
            ancestors=ctx.region.breadcrumb_for(self.request.user),
            title=_("{region}脱贫攻坚指挥中心").format(region=ctx.region.name),
        )
        return context


class PanelsView(CommandView):
    """The command centre's panels in the home page's layout (loaded into the home page)."""

    template_name = "dashboards/_panels.html"


def bulletin_context(request: HttpRequest, month_text: str | None) -> BulletinContext:
    """Return the month (``YYYY-MM``, default: last month) and region of a bulletin request (404 outside scope)."""
    region = visible_region(request.user, request.GET.get("region") or request.POST.get("region"))
    month = bulletins.parse_month(month_text) if month_text else None
    if month is None:
        month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    return BulletinContext(request.user, region, month)


class BulletinForm(forms.Form):
    month = forms.CharField(label=gettext_lazy("月份"), max_length=7, help_text=gettext_lazy("如 2019-07"))
    preface = forms.CharField(label=gettext_lazy("开头语"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    closing = forms.CharField(label=gettext_lazy("结束语"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_month(self) -> datetime.date:
        month = bulletins.parse_month(self.cleaned_data["month"])
        if month is None:
            raise forms.ValidationError(_("月份应写作“年-月”，如 2019-07。"))
        return month


class BulletinView(AccessMixin, TemplateView):
    """月通报: the month's sections as a page; the office edits the opening and closing and generates the Word file."""

    access = ("view", "dashboards.Bulletin")
    template_name = "dashboards/bulletin.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ctx = kwargs.get("bulletin_ctx") or bulletin_context(self.request, self.request.GET.get("month"))
        content = bulletins.bulletin_content(ctx)
        form = kwargs.get("form") or BulletinForm(
            initial={"month": f"{ctx.month:%Y-%m}", "preface": content.preface, "closing": content.closing}
        )
        context.update(
            nav="bulletin",
            content=content,
            region=ctx.region,
            month=ctx.month,
            form=form,
            may_generate=allows(self.request.user, "add", Bulletin),
            kept=Bulletin.objects.for_user(ctx.user).filter(region=ctx.region).select_related("created_by")[:12],
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(request.user, "add", Bulletin, _("当前角色无权生成月通报。"))
        form = BulletinForm(request.POST)
        if not form.is_valid():
            ctx = bulletin_context(request, None)
            return self.render_to_response(self.get_context_data(form=form, bulletin_ctx=ctx), status=400)
        ctx = bulletin_context(request, f"{form.cleaned_data['month']:%Y-%m}")
        bulletin = bulletins.bulletin_generate(
            user=request.user, ctx=ctx, preface=form.cleaned_data["preface"], closing=form.cleaned_data["closing"]
        )
        messages.success(request, _("已生成并存档：%(name)s") % {"name": bulletin})
        return HttpResponseRedirect(reverse("command:bulletin-download", args=[bulletin.pk]))


class BulletinDownloadView(ScopedViewMixin, DetailView):
    """Download a kept bulletin (scoped: 404 outside the user's region)."""

    model = Bulletin

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:  # type: ignore[override]
        bulletin: Any = self.get_object()
        name = bulletin.file.name.rsplit("/", 1)[-1]
        return FileResponse(bulletin.file.open("rb"), as_attachment=True, filename=name)
