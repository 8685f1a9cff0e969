"""Pages of 考核评估: rounds and their rankings (what-if, charts, exports, Word), where the points were lost."""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from jingzhun.assessments import reports, services
from jingzhun.assessments.choices import Level, RoundStatus
from jingzhun.assessments.exports import gaps_workbook_write, ranking_workbook_write
from jingzhun.assessments.feeds import round_feed_scores
from jingzhun.assessments.filters import AdjustmentFilter, PublishedResultFilter, RoundFilter, SchemeFilter, ScoreFilter
from jingzhun.assessments.forms import AdjustmentForm, PublishedResultForm, RoundForm, ScoreForm
from jingzhun.assessments.models import Adjustment, Entity, PeerGroup, PublishedResult, Round, Score
from jingzhun.assessments.scoring import Ranking, points_lost, ranking_compute
from jingzhun.assessments.tables import (
    AdjustmentTable,
    PublishedResultTable,
    RoundTable,
    SchemeTable,
    ScoreTable,
)
from jingzhun.core.generic import (
    DeleteForm,
    LedgerDeleteView,
    LedgerDetailView,
    LedgerEditView,
    LedgerListView,
)
from jingzhun.core.views import ScopedViewMixin

NAV = "assessments"


def weights_from(request: HttpRequest, ranking_parts: list[Any]) -> tuple[dict[str, Decimal], list[str]]:
    """Return the what-if weights asked (``?w_<code>=0.5``) and the messages of refused values."""
    weights, errors = {}, []
    for part in ranking_parts:
        raw = (request.GET.get(f"w_{part.code}") or "").strip()
        if not raw:
            continue
        try:
            value = Decimal(raw)
        except InvalidOperation:
            errors.append(_("“%(name)s”的权重“%(raw)s”不是数字，已忽略。") % {"name": part.name, "raw": raw})
            continue
        if not value.is_finite() or value < 0 or value > 100:
            errors.append(_("“%(name)s”的权重应在 0 到 100 之间，已忽略。") % {"name": part.name})
            continue
        weights[part.code] = value
    return weights, errors


def group_from(request: HttpRequest) -> PeerGroup | None:
    code = (request.GET.get("group") or "").strip()
    if not code:
        return None
    group = PeerGroup.objects.filter(code=code).first()
    if group is None:
        raise Http404(_("没有这个排名组。"))
    return group


class RoundMixin(ScopedViewMixin):
    """A page of one round: found in the user's scope (404), then the view's action (403)."""

    model = Round
    nav = NAV
    kwargs: dict[str, Any]

    def get_round(self) -> Round:
        round = self.get_queryset().select_related("scheme", "group", "previous").filter(pk=self.kwargs["pk"]).first()
        if round is None:
            raise Http404(_("没有找到该考核轮次，或它不在您的管辖范围内。"))
        self.check_permission()
        return round

    def ranking(self, round: Round, *, what_if: bool = False) -> Ranking:
        group = group_from(self.request)
        if not what_if:
            return ranking_compute(round=round, group=group)
        plain = ranking_compute(round=round, group=group)
        weights, errors = weights_from(self.request, plain.parts)
        for error in errors:
            messages.warning(self.request, error)
        drop = self.request.GET.get("drop_bonus") == "1"
        if not weights and not drop:
            return plain
        return ranking_compute(round=round, group=group, drop_bonus=drop, weights=weights)


class OverviewView(RoundMixin, TemplateView):
    """考核评估首页: 本季度排名 (the latest published round of the city's counties) and the recent rounds."""

    template_name = "assessments/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.check_permission()
        context = super().get_context_data(**kwargs)
        rounds = self.get_queryset().select_related("scheme", "group", "previous")
        context.update(
            title=_("考核评估"),
            **quarter_panel(rounds),
            rounds=rounds.order_by("-period_end", "-pk")[:12],
        )
        return context


def quarter_panel(rounds: QuerySet[Round]) -> dict[str, Any]:
    """The context of the panel 本季度排名 (``assessments/_quarter_panel.html``) from the rounds a user sees.

    The latest published round of a county scheme (else of any scheme), ranked, with arrows and
    the rank-over-rounds chart; a dashboard includes the template with this context.
    """
    published = rounds.filter(status=RoundStatus.PUBLISHED).order_by("-period_end", "-pk")
    latest = published.filter(scheme__level=Level.COUNTY).first() or published.first()
    ranking = ranking_compute(round=latest) if latest else None
    return {
        "latest": latest,
        "ranking": ranking,
        "lines": [(line, reports.movement_text(line.movement), None) for line in ranking.lines] if ranking else [],
        "chart": reports.rank_chart(ranking) if ranking and ranking.has_previous else None,
    }


class RoundListView(LedgerListView):
    table_class, filterset_class = RoundTable, RoundFilter
    nav = NAV

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("scheme", "group", "previous")


class RoundEditView(LedgerEditView):
    form_class = RoundForm
    nav = NAV

    def save(self, form: Any) -> models.Model:
        return services.round_save(
            user=self.request.user,
            round=form.save(commit=False),
            expected_version=form.cleaned_data.get("version"),
            reason=form.cleaned_data.get("reason", ""),
        )


class RoundDetailView(RoundMixin, LedgerDetailView):
    """考核轮次: the ranking with movement arrows, without-bonus ranks and published results; what-if; charts."""

    template_name = "assessments/round_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        round = self.object
        ranking = self.ranking(round, what_if=True)
        actual = ranking_compute(round=round, group=ranking.group) if ranking.what_if else ranking
        actual_ranks = {line.code: line.rank for line in actual.lines}
        context.update(
            ranking=ranking,
            lines=[(line, reports.movement_text(line.movement), actual_ranks.get(line.code)) for line in ranking.lines],
            groups=PeerGroup.objects.order_by("code"),
            group_code=ranking.group.code if ranking.group else "",
            weights={part.code: self.request.GET.get(f"w_{part.code}", "") for part in ranking.parts},
            drop_bonus=self.request.GET.get("drop_bonus") == "1",
            totals_chart=reports.totals_chart(ranking) if ranking.lines else None,
            rank_chart=reports.rank_chart(ranking) if ranking.has_previous else None,
            summary=reports.summary(ranking),
            query=self.request.GET.urlencode(),
            has_feeds=round.scheme.components.exclude(feed="").exists(),
        )
        return context


class FeedScoresView(RoundMixin, TemplateView):
    """POST: score the round's components that name a feed from the system's data (round not locked)."""

    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        round = self.get_round()
        try:
            written = round_feed_scores(user=request.user, round=round)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已由系统数据计算 %(n)s 个得分。") % {"n": written})
        return HttpResponseRedirect(reverse("assessments:round-detail", args=[round.pk]))


class RankingExportView(RoundMixin, TemplateView):
    """The ranking table as an Excel workbook (the same group and what-if as the page)."""

    action = "export"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        round = self.get_round()
        out = io.BytesIO()
        ranking_workbook_write(self.ranking(round, what_if=True), out)
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename=f"{round.name}排名.xlsx")  # type: ignore[return-value]


class RankingSectionView(RoundMixin, TemplateView):
    """The 季点评 / 月通报 ranking section as Word (tables and charts)."""

    action = "export"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        round = self.get_round()
        data = reports.ranking_section(self.ranking(round))
        return FileResponse(  # type: ignore[return-value]
            io.BytesIO(data), as_attachment=True, filename=f"{round.name}排名情况.docx"
        )


class EntityView(RoundMixin, TemplateView):
    """失分分析: where one body lost points against the leaders, its adjustments and its rank over the rounds."""

    template_name = "assessments/entity.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        round = self.get_round()
        entity = Entity.objects.filter(code=self.kwargs["code"]).first()
        if entity is None:
            raise Http404(_("没有这个考核对象。"))
        ranking = self.ranking(round)
        line = ranking.line(entity.code)
        if line is None:
            raise Http404(_("该对象不在本轮次的排名中。"))
        context = super().get_context_data(**kwargs)
        index = ranking.lines.index(line)
        context.update(
            title=_("%(entity)s · %(round)s失分分析") % {"entity": entity.name, "round": round.name},
            round=round,
            entity=entity,
            ranking=ranking,
            line=line,
            movement=reports.movement_text(line.movement),
            above=ranking.lines[index - 1] if index > 0 else None,
            below=ranking.lines[index + 1] if index + 1 < len(ranking.lines) else None,
            gaps=points_lost(ranking, entity.code),
            # What it takes to win a place back: strictly more than the body above (totals in cents).
            to_pass=line.margin_above + Decimal("0.01") if line.margin_above is not None else None,
            gaps_chart=reports.gaps_chart(ranking, entity.code),
            rank_chart=reports.rank_chart(ranking, codes=[entity.code]) if ranking.has_previous else None,
            adjustments=Adjustment.objects.filter(round=round, entity=entity).order_by("-points"),
            group_code=ranking.group.code if ranking.group else "",
        )
        return context


class EntityExportView(EntityView):
    """The table "where we lost points" of one body as an Excel workbook."""

    action = "export"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = self.get_context_data(**kwargs)
        out = io.BytesIO()
        gaps_workbook_write(context["gaps"], out)
        out.seek(0)
        filename = f"{context['entity'].name}{context['round'].name}失分分析.xlsx"
        return FileResponse(out, as_attachment=True, filename=filename)  # type: ignore[return-value]


class RoundChildEditView(LedgerEditView):
    nav = NAV

    def save(self, form: Any) -> models.Model:
        return services.round_child_save(  # type: ignore[no-any-return]
            user=self.request.user,
            instance=form.save(commit=False),
            expected_version=form.cleaned_data.get("version"),
            reason=form.cleaned_data.get("reason", ""),
        )


class RoundChildDeleteView(LedgerDeleteView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        form = DeleteForm(request.POST)
        if form.is_valid():
            try:
                services.round_child_delete(user=request.user, instance=self.object, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已删除。"))
                return HttpResponseRedirect(self.ledger_url("list") or "/")
        return self.render_to_response(self.get_context_data(object=self.object, form=form), status=400)


class ScoreListView(LedgerListView):
    table_class, filterset_class = ScoreTable, ScoreFilter
    nav = NAV

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("round", "entity", "component")


class ScoreEditView(RoundChildEditView):
    form_class = ScoreForm


class AdjustmentListView(LedgerListView):
    table_class, filterset_class = AdjustmentTable, AdjustmentFilter
    nav = NAV

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("round", "entity")


class AdjustmentEditView(RoundChildEditView):
    form_class = AdjustmentForm


class PublishedResultListView(LedgerListView):
    table_class, filterset_class = PublishedResultTable, PublishedResultFilter
    nav = NAV

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("round", "entity")


class PublishedResultEditView(RoundChildEditView):
    form_class = PublishedResultForm


class SchemeListView(LedgerListView):
    table_class, filterset_class = SchemeTable, SchemeFilter
    nav = NAV


class SchemeDetailView(LedgerDetailView):
    template_name = "assessments/scheme_detail.html"
    nav = NAV


__all__ = ["PublishedResult", "Score"]
