"""Pages of the household exit procedure: the board, proposals, batch steps, cases, objections, notices."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from jingzhun.core.access import allows
from jingzhun.core.filters import within_region
from jingzhun.core.generic import LedgerDetailView, LedgerListView
from jingzhun.core.regioncodes import significant_prefix
from jingzhun.core.views import ScopedViewMixin
from jingzhun.core.workflow import workflow_for
from jingzhun.exits import boards, services
from jingzhun.exits.choices import CaseStatus, CountyExitStatus, VillageExitStatus
from jingzhun.exits.documents import publicity_notice
from jingzhun.exits.filters import ExitCaseFilter, ObjectionFilter
from jingzhun.exits.forms import BatchForm, ObjectionForm, ProposeForm, ResolveForm
from jingzhun.exits.models import CountyExit, ExitCase, Objection, VillageExit
from jingzhun.exits.standing import HOUSEHOLD, official_result
from jingzhun.exits.tables import ExitCaseTable, ObjectionTable
from jingzhun.regions.models import Region
from jingzhun.registry.choices import STILL_POOR_STATUSES
from jingzhun.registry.models import Household


def _year(request: HttpRequest) -> int:
    """The year asked (``?year=``); the latest year with exits when absent or not a plausible year."""
    raw = str(request.GET.get("year") or request.POST.get("year") or "")
    if raw.isdigit() and len(raw) == 4 and 2014 <= int(raw) <= 2035:
        return int(raw)
    return default_year()


def default_year() -> int:
    latest = ExitCase.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or timezone.localdate().year


def _region(request: HttpRequest) -> Region:
    """The region asked (``?region=``), inside the user's scope (404 outside it); else the user's own."""
    user: Any = request.user
    code = request.GET.get("region") or getattr(user, "region_id", None) or ""
    if code and not (code.isdigit() and len(code) <= 12):
        raise Http404(_("没有找到该地区，或它不在您的管辖范围内。"))
    if not code:
        city = Region.objects.filter(level="prefecture").order_by("code").first()
        if city is None:
            raise Http404(_("没有找到该地区。"))
        return city
    region = Region.objects.for_user(user).filter(code=code).first()
    if region is None:
        raise Http404(_("没有找到该地区，或它不在您的管辖范围内。"))
    return region


def _me(request: HttpRequest) -> Any:
    """The logged-in user (pages are behind the login)."""
    return request.user


class BoardView(ScopedViewMixin, TemplateView):
    """退出进度看板: per village, the households at each step; the open cases and what blocks them."""

    model = ExitCase
    template_name = "exits/board.html"
    nav = "exits-board"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = _me(self.request)
        region = _region(self.request)
        year = _year(self.request)
        prefix = significant_prefix(region.code)
        cases = within_region(ExitCase.objects.for_user(user).filter(year=year), region.code)
        lines = boards.village_lines(cases)
        names = dict(Region.objects.filter(code__in=[line.code for line in lines]).values_list("code", "name"))
        open_cases = boards.board_cases(cases, year=year, region=prefix, today=timezone.localdate())
        workflow = workflow_for(ExitCase)
        steps = [
            (t.name, t.label)
            for t in workflow.transitions.values()
            if t.offered and t.name != "roll_back" and (allows(user, t.action, ExitCase))
        ]
        context.update(
            region=region,
            year=year,
            lines=[(line, names.get(line.code, line.code)) for line in lines],
            statuses=list(CaseStatus.choices),
            open_cases=open_cases,
            truncated=len(open_cases) >= boards.BOARD_ROWS,
            batch_form=BatchForm(steps=steps) if steps else None,
            village_exits=within_region(
                VillageExit.objects.for_user(user).filter(year=year), region.code
            ).select_related("village")[:100],
            county_exits=CountyExit.objects.for_user(user)
            .filter(year=year, county_id=region.code[:6] + "000000")
            .select_related("county")[:20]
            if len(prefix) >= 6
            else within_region(CountyExit.objects.for_user(user).filter(year=year), region.code).select_related(
                "county"
            )[:20],
            village_states=dict(VillageExitStatus.choices),
            county_states=dict(CountyExitStatus.choices),
            can_propose=allows(user, "add", ExitCase),
            is_village=region.level == "village",
        )
        return context


class BatchStepView(ScopedViewMixin, TemplateView):
    """One step for the cases ticked on the board (one meeting, one publicity for a village): all or nothing."""

    model = ExitCase
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission()
        ids = [int(i) for i in request.POST.getlist("case") if i.isdigit() and len(i) <= 12]
        cases = list(ExitCase.objects.for_user(_me(request)).filter(pk__in=ids).select_related("household"))
        back = request.POST.get("next") or reverse("exits:board")
        if not back.startswith("/"):
            back = reverse("exits:board")
        workflow = workflow_for(ExitCase)
        steps = [(t.name, t.label) for t in workflow.transitions.values() if t.offered]
        form = BatchForm(request.POST, request.FILES, steps=steps)
        if not form.is_valid():
            messages.error(request, _("请选择办理环节。"))
            return HttpResponseRedirect(back)
        if not cases:
            messages.error(request, _("请至少勾选一户。"))
            return HttpResponseRedirect(back)
        try:
            done = services.case_step(
                user=request.user,
                cases=cases,
                step=form.cleaned_data["step"],
                note=form.cleaned_data["note"],
                files=form.cleaned_data["evidence"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("当前角色不能办理该环节。"))
        else:
            messages.success(
                request,
                _("已为 %(n)s 户办理“%(step)s”。")
                % {"n": done, "step": workflow.transition(form.cleaned_data["step"]).label},
            )
        return HttpResponseRedirect(back)


class ProposeView(ScopedViewMixin, TemplateView):
    """民主评议: a village's meeting proposes the exit of the households chosen (one meeting, many households)."""

    model = ExitCase
    action = "add"
    template_name = "exits/propose.html"
    nav = "exits-board"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.request = request
            self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def village(self) -> Region | None:
        code = self.request.GET.get("village") or ""
        if code and not (code.isdigit() and len(code) == 12):
            raise Http404(_("没有找到该行政村，或它不在您的管辖范围内。"))
        if not code and getattr(self.request.user, "role", "") == "village":
            code = getattr(self.request.user, "region_id", "") or ""
        if not code:
            return None
        village = Region.objects.for_user(_me(self.request)).filter(code=code, level="village").first()
        if village is None:
            raise Http404(_("没有找到该行政村，或它不在您的管辖范围内。"))
        return village

    def candidates(self, village: Region | None, year: int) -> QuerySet[Household]:
        if village is None:
            return Household.objects.none()
        taken = ExitCase.objects.filter(year=year).exclude(status=CaseStatus.ROLLED_BACK).values("household_id")
        return (
            Household.objects.for_user(_me(self.request))
            .filter(village=village, status__in=STILL_POOR_STATUSES)
            .exclude(pk__in=taken)
            .order_by("code")
        )

    def render_form(
        self, form: ProposeForm | None, village: Region | None, year: int, status: int = 200
    ) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form, village=village, year=year), status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        village, year = self.village(), _year(request)
        form = None
        if village is not None:
            form = ProposeForm(
                households=self.candidates(village, year), initial={"year": year, "meeting_on": timezone.localdate()}
            )
        return self.render_form(form, village, year)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        village, year = self.village(), _year(request)
        households = self.candidates(village, year)
        form = ProposeForm(request.POST, request.FILES, households=households)
        if village is None or not form.is_valid():
            return self.render_form(form, village, year, status=400)
        chosen = list(households.filter(pk__in=form.cleaned_data["households"]))
        try:
            cases = services.case_propose(
                user=request.user,
                households=chosen,
                year=form.cleaned_data["year"],
                meeting_on=form.cleaned_data["meeting_on"],
                attendance=form.cleaned_data["attendance"],
                note=form.cleaned_data["note"],
                files=form.cleaned_data["evidence"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_form(form, village, year, status=400)
        messages.success(request, _("已登记 %(n)s 户的民主评议。") % {"n": len(cases)})
        query = urlencode({"region": village.code, "year": form.cleaned_data["year"]})
        return HttpResponseRedirect(f"{reverse('exits:board')}?{query}")


class CaseList(LedgerListView):
    table_class, filterset_class = ExitCaseTable, ExitCaseFilter
    nav = "exits-cases"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("household")


class CaseDetail(LedgerDetailView):
    """One household's exit: its fields, the workflow panel, its objections, the official verdict."""

    template_name = "exits/case_detail.html"
    nav = "exits-cases"
    fields = [
        "household",
        "year",
        "status",
        "meeting_on",
        "attendance",
        "publicity_start",
        "closed_on",
        "rollback_reason",
        "note",
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        case = kwargs["object"]
        context.update(
            objections=case.objections.order_by("raised_on", "pk"),
            verdict=official_result(level=HOUSEHOLD, year=case.year, code=case.household.code),
            objection_form=ObjectionForm(initial={"raised_on": timezone.localdate()}),
            resolve_form=ResolveForm(),
            may_object=case.status == CaseStatus.PUBLICISING and allows(self.request.user, "change", ExitCase),
        )
        return context


class ObjectionCreateView(ScopedViewMixin, TemplateView):
    """登记公示异议 (POST from the case page)."""

    model = ExitCase
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = get_object_or_404(ExitCase.objects.for_user(_me(request)), pk=kwargs["pk"])
        self.check_permission()
        form = ObjectionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请填写异议内容和提出日期。"))
        else:
            try:
                services.objection_record(user=request.user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, _("已登记异议。"))
        return HttpResponseRedirect(reverse("exits:exitcase-detail", args=[case.pk]))


class ObjectionResolveView(ScopedViewMixin, TemplateView):
    """处理公示异议 (POST)."""

    model = Objection
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        objection = get_object_or_404(Objection.objects.for_user(_me(request)), pk=kwargs["pk"])
        self.check_permission()
        form = ResolveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请填写处理结果。"))
        else:
            try:
                services.objection_resolve(
                    user=request.user, objection=objection, resolution=form.cleaned_data["resolution"]
                )
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            else:
                messages.success(request, _("异议已处理。"))
        return HttpResponseRedirect(reverse("exits:exitcase-detail", args=[objection.case_id]))


class ObjectionList(LedgerListView):
    table_class, filterset_class = ObjectionTable, ObjectionFilter
    nav = "exits-cases"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("case__household")


class NoticeView(ScopedViewMixin, TemplateView):
    """公示 (Word): the households of a village in publicity (or further) for a year."""

    model = ExitCase

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission()
        code = request.GET.get("village", "")
        if code and not (code.isdigit() and len(code) == 12):
            raise Http404(_("没有找到该行政村，或它不在您的管辖范围内。"))
        if not code:
            return HttpResponse(_("请用 ?village=行政村区划代码&year=年度 指定公示的行政村。"), status=400)
        village = Region.objects.for_user(_me(request)).filter(code=code, level="village").first()
        if village is None:
            raise Http404(_("没有找到该行政村，或它不在您的管辖范围内。"))
        year = _year(request)
        cases = ExitCase.objects.for_user(_me(request)).filter(
            household__village=village,
            year=year,
            status__in=(CaseStatus.PUBLICISING, CaseStatus.REVIEWED, CaseStatus.APPROVED, CaseStatus.CLOSED),
        )
        data = publicity_notice(village=village, year=year, cases=cases)
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        filename = f"{village.short_name}{year}年拟退出贫困户公示.docx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
        return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
