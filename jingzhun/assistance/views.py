"""Pages of 驻村帮扶: the ledgers (generic), a cadre's field pages (phone-size), the attendance and
the scorecards, a unit's villages, and the gaps (unassigned poor villages, unpaired poor households)."""

from __future__ import annotations

import datetime
import io
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from jingzhun.accounts.models import User
from jingzhun.assistance import measures, services
from jingzhun.assistance.filters import FILTERS
from jingzhun.assistance.forms import FORMS, CheckinForm, DiaryForm, VisitForm
from jingzhun.assistance.models import Assignment, Cadre, Diary, Nomination, Pairing, Presence, Visit, WorkTeam
from jingzhun.assistance.services import presence_approve
from jingzhun.assistance.tables import TABLES
from jingzhun.assistance.units import attendance_bulletin, unassigned_villages, unit_scorecard, unpaired_households
from jingzhun.core.excel.writer import new_workbook
from jingzhun.core.generic import LedgerDetailView, LedgerEditView, LedgerListView
from jingzhun.core.views import ScopedViewMixin
from jingzhun.registry.choices import STILL_POOR_STATUSES
from jingzhun.registry.models import Household

# select_related of each ledger's list (the columns it shows).
RELATED: dict[str, tuple[str, ...]] = {
    "Assignment": ("unit",),
    "WorkGroup": ("lead_unit",),
    "Cadre": ("unit",),
    "WorkTeam": ("unit", "village", "leader", "first_secretary"),
    "Posting": ("cadre",),
    "Pairing": ("household", "cadre", "cadre__unit"),
    "PlanItem": ("household",),
    "Presence": ("cadre",),
    "Diary": ("cadre",),
    "Visit": ("cadre", "household"),
    "Survey": ("household",),
    "UnitVisit": ("unit",),
    "UnitPlan": ("unit",),
}


class AssistanceViewMixin(ScopedViewMixin):
    """A page of the app: the logged-in user (LoginRequiredMiddleware lets no anonymous user in)."""

    @property
    def user(self) -> User:
        return self.request.user  # type: ignore[return-value]


class AssistanceListView(LedgerListView):
    nav = "assistance"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related(*RELATED.get(self.model.__name__, ()))


class AssistanceEditView(LedgerEditView):
    nav = "assistance"


class NominationEditView(AssistanceEditView):
    """推荐评选: a new nomination starts its review (workflow); later edits are plain ledger saves."""

    @transaction.atomic
    def save(self, form: forms.ModelForm) -> models.Model:
        if self.object is not None:
            return super().save(form)
        return services.nomination_create(user=self.request.user, nomination=form.save(commit=False))


class PresenceDetailView(LedgerDetailView):
    template_name = "assistance/presence_detail.html"
    nav = "assistance"


class NominationDetailView(LedgerDetailView):
    template_name = "assistance/nomination_detail.html"
    nav = "assistance"


class PresenceApproveView(AssistanceViewMixin, View):
    """批准公务外出 (POST): the official absence then counts as a day in the village."""

    model = Presence
    action = "approve"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        presence = get_object_or_404(Presence.objects.for_user(self.user), pk=pk)
        self.check_permission()
        try:
            presence_approve(user=self.user, presence=presence)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已批准公务外出。"))
        return HttpResponseRedirect(reverse("assistance:presence-detail", args=[pk]))


class AwardListView(AssistanceViewMixin, TemplateView):
    """三百 表彰名单: the awarded nominations of a year."""

    model = Nomination
    template_name = "assistance/awards.html"
    nav = "assistance"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission()
        year, _date = _year_date(request)
        awards = list(services.award_list(user=self.user, year=year)[:1000])
        return self.render_to_response(self.get_context_data(year=year, awards=awards))


def list_view(model: type) -> type[AssistanceListView]:
    attrs = {"table_class": TABLES[model], "filterset_class": FILTERS[model], "__module__": __name__}
    return type(f"{model.__name__}ListView", (AssistanceListView,), attrs)


def edit_view(model: type) -> type[AssistanceEditView]:
    if model is Nomination:
        return NominationEditView
    return type(
        f"{model.__name__}EditView", (AssistanceEditView,), {"form_class": FORMS[model], "__module__": __name__}
    )


def _date_param(request: HttpRequest, name: str, default: datetime.date) -> datetime.date:
    raw = request.GET.get(name, "")
    try:
        return datetime.date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


def _year_date(request: HttpRequest) -> tuple[int, datetime.date]:
    today = timezone.localdate()
    date = _date_param(request, "date", today)
    try:
        year = int(request.GET.get("year") or date.year)
    except ValueError:
        year = date.year
    if not 2014 <= year <= 2030:
        year = date.year
    return year, date


# -- field pages (a cadre on a phone) --------------------------------------------------------


class FieldView(AssistanceViewMixin, TemplateView):
    """驻村工作（手机）: today's check-in, diary and visits of the cadre linked to the account."""

    model = Presence
    template_name = "assistance/field.html"
    nav = "assistance-field"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission()
        return self.render_to_response(self.context())

    def context(self, **forms: Any) -> dict[str, Any]:
        cadre = Cadre.objects.select_related("village", "unit").filter(user=self.user).first()
        today = timezone.localdate()
        context: dict[str, Any] = {"cadre": cadre, "today": today, "nav": self.nav}
        if cadre is None:
            return context
        households = list(services.paired_households(cadre))
        year_rows = measures.attendance(year=today.year, date=today, cadres=Cadre.objects.filter(pk=cadre.pk))
        context.update(
            presence=Presence.objects.filter(cadre=cadre, date=today).first(),
            diary=Diary.objects.filter(cadre=cadre, date=today).first(),
            visits=Visit.objects.filter(cadre=cadre, date=today).select_related("household"),
            attendance=year_rows[0] if year_rows else None,
            checkin_form=forms.get("checkin_form") or CheckinForm(),
            diary_form=forms.get("diary_form")
            or DiaryForm(initial={"content": getattr(context.get("diary"), "content", "")}),
            visit_form=forms.get("visit_form") or VisitForm(households=households),
            households=households,
        )
        if context["diary"] is not None and "diary_form" not in forms:
            context["diary_form"] = DiaryForm(initial={"content": context["diary"].content})
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission()
        what = request.POST.get("what", "")
        cadre = Cadre.objects.filter(user=self.user).first()
        households = list(services.paired_households(cadre)) if cadre else []
        form: Any
        if what == "checkin":
            form, key = CheckinForm(request.POST, request.FILES), "checkin_form"
        elif what == "diary":
            form, key = DiaryForm(request.POST), "diary_form"
        elif what == "visit":
            form, key = VisitForm(request.POST, households=households), "visit_form"
        else:
            messages.error(request, _("请求无效。"))
            return HttpResponseRedirect(reverse("assistance:field"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                if what == "checkin":
                    photo = data.get("photo")
                    services.presence_checkin(
                        user=request.user,
                        kind=data["kind"],
                        note=data["note"],
                        latitude=data.get("latitude"),
                        longitude=data.get("longitude"),
                        files=[photo] if photo else [],
                    )
                    messages.success(request, _("已打卡。"))
                elif what == "diary":
                    services.diary_write(user=request.user, content=data["content"])
                    messages.success(request, _("日志已保存。"))
                else:
                    services.visit_record(
                        user=request.user,
                        household_code=data["household_code"],
                        purpose=data["purpose"],
                        done=data["done"],
                        needs=data["needs"],
                    )
                    messages.success(request, _("走访已记录。"))
            except ValidationError as exc:
                form.add_error(None, "；".join(exc.messages))
            else:
                return HttpResponseRedirect(reverse("assistance:field"))
        return self.render_to_response(self.context(**{key: form}), status=400)


# -- attendance and scorecards ----------------------------------------------------------------


class AttendanceView(AssistanceViewMixin, TemplateView):
    """驻村考勤统计: each resident cadre's days, required days to date and 住村率."""

    model = Cadre
    template_name = "assistance/attendance.html"
    nav = "assistance"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission()
        year, date = _year_date(request)
        cadres = Cadre.objects.for_user(self.user)
        rows = measures.attendance(year=year, date=date, cadres=cadres)
        below = [row for row in rows if row.below]
        return self.render_to_response(
            self.get_context_data(year=year, date=date, rows=rows[:500], total=len(rows), below=len(below))
        )


class BulletinView(AssistanceViewMixin, TemplateView):
    """The monthly attendance section of the bulletin (Word), for the user's scope."""

    model = Cadre
    action = "export"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]
        self.check_permission()
        year, date = _year_date(request)
        data = attendance_bulletin(year=year, date=date, cadres=Cadre.objects.for_user(self.user, "export"))
        return FileResponse(io.BytesIO(data), as_attachment=True, filename=f"驻村考勤通报{date.isoformat()}.docx")


SCORE_HEADERS = (
    "排名",
    "县（区）代码",
    "干部",
    "帮扶单位",
    "行政村代码",
    "住村率",
    "入户率",
    "日志完整率",
    "政策知晓率",
    "满意度",
    "综合得分",
    "约谈",
    "召回理由",
)


def _percent(value: Any) -> str:
    if value is None:
        return "—"
    return f"{(Decimal(value) * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


class ScorecardView(AssistanceViewMixin, TemplateView):
    """干部考核（三率一度一日志）: the composite score ranked within each county, 约谈 and 召回 flagged."""

    model = Cadre
    template_name = "assistance/scorecard.html"
    nav = "assistance"

    def scores(self) -> tuple[int, datetime.date, list[measures.Score]]:
        year, date = _year_date(self.request)
        cadres = Cadre.objects.for_user(self.user, self.action)
        return year, date, measures.scorecard(year=year, date=date, cadres=cadres)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission()
        year, date, scores = self.scores()
        return self.render_to_response(
            self.get_context_data(
                year=year,
                date=date,
                scores=scores[:500],
                total=len(scores),
                interview=[s for s in scores if s.interview],
                recall=[s for s in scores if s.recall_reasons],
            )
        )


class ScorecardExportView(ScorecardView):
    """The cadre scorecard as an Excel workbook."""

    action = "export"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]
        self.check_permission()
        year, date, scores = self.scores()
        out = io.BytesIO()
        workbook = new_workbook(out, {"in_memory": True})
        sheet = workbook.add_worksheet(_("干部考核"))
        sheet.write_row(0, 0, SCORE_HEADERS)
        for number, s in enumerate(scores, 1):
            sheet.write_row(
                number,
                0,
                [
                    s.rank,
                    s.county,
                    s.name,
                    s.unit,
                    s.village,
                    _percent(s.residence),
                    _percent(s.visits),
                    _percent(s.diary),
                    _percent(s.awareness),
                    _percent(s.satisfaction),
                    float(s.score),
                    _("是") if s.interview else "",
                    s.recall,
                ],
            )
        workbook.close()
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename=f"干部考核{year}-{date.isoformat()}.xlsx")


class UnitScorecardView(AssistanceViewMixin, TemplateView):
    """帮扶单位考核: villages, cadres, average cadre score, months with a head's visit, 四个一."""

    model = Assignment
    template_name = "assistance/units.html"
    nav = "assistance"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission()
        year, date = _year_date(request)
        rows = unit_scorecard(user=request.user, year=year, date=date)
        return self.render_to_response(self.get_context_data(year=year, date=date, rows=rows))


class MyVillagesView(AssistanceViewMixin, TemplateView):
    """我的帮扶村: the villages of the user's units (or of his region), each with its team and figures."""

    model = Assignment
    template_name = "assistance/my_villages.html"
    nav = "assistance"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission()
        assignments = list(
            Assignment.objects.for_user(self.user).select_related("unit", "village").order_by("village_id")[:300]
        )
        villages = [a.village_id for a in assignments]
        teams = {
            t.village_id: t
            for t in WorkTeam.objects.filter(village_id__in=villages).select_related("leader", "first_secretary")
        }
        households = dict(
            Household.objects.filter(village_id__in=villages, status__in=STILL_POOR_STATUSES)
            .values("village_id")
            .annotate(n=Count("pk"))
            .values_list("village_id", "n")
        )
        paired = dict(
            Pairing.objects.filter(household__village_id__in=villages, household__status__in=STILL_POOR_STATUSES)
            .values("household__village_id")
            .annotate(n=Count("pk"))
            .values_list("household__village_id", "n")
        )
        rows = [
            (a, teams.get(a.village_id), households.get(a.village_id, 0), paired.get(a.village_id, 0))
            for a in assignments
        ]
        return self.render_to_response(self.get_context_data(rows=rows))


class GapsView(AssistanceViewMixin, TemplateView):
    """帮扶全覆盖: poor villages without a helping unit and poor households without a cadre (both must be zero)."""

    model = Pairing
    template_name = "assistance/gaps.html"
    nav = "assistance"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission()
        year, _date = _year_date(request)
        villages = unassigned_villages(user=request.user, year=year)
        households = unpaired_households(user=request.user)
        return self.render_to_response(
            self.get_context_data(
                year=year,
                villages=villages[:300],
                village_total=len(villages),
                households=households[:300],
                household_total=households.count(),
            )
        )
