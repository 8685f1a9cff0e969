"""Checks that match the comparison lists of other departments (数据比对) to the registry."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from jingzhun.quality.checks.base import STUDENTS, CheckContext, check
from jingzhun.quality.choices import Category, Entity, ListKind, Severity
from jingzhun.quality.expressions import message
from jingzhun.registry.choices import DIBAO_ATTRIBUTES, TEKUN_ATTRIBUTES


def _on_list(ctx: CheckContext, kind: str, entries: Q | None = None) -> tuple[QuerySet, QuerySet]:
    """Members of the region on a list of ``kind`` (entries also matching ``entries``), not excepted.

    Return the members and the matching entries (correlated to the member, for messages).
    """
    from jingzhun.quality.models import ComparisonEntry, ComparisonException

    matching = ComparisonEntry.objects.filter(comparison_list__kind=kind, id_number=OuterRef("id_number"))
    if entries is not None:
        matching = matching.filter(entries)
    matching = matching.order_by("-comparison_list__list_date", "row_number")
    # The numbers on the lists, as a set the members are looked up in by their number's index
    # (SQLite otherwise probes the entries once for every member of the region).
    listed = ComparisonEntry.objects.filter(comparison_list__kind=kind)
    if entries is not None:
        listed = listed.filter(entries)
    excepted = ComparisonException.objects.filter(kind=kind, id_number=OuterRef("id_number"))
    members = (
        ctx.members()
        .exclude(id_number="")
        .filter(id_number__in=listed.order_by().values("id_number"))
        .filter(~Exists(excepted))
    )
    return members, matching


def _first(matching: QuerySet, field_name: str) -> Any:
    return Coalesce(Cast(Subquery(matching.values(field_name)[:1]), CharField()), Value(""))


@check(
    "CMP-01",
    _("已死亡人员仍在册"),
    Category.COMPARISON,
    Severity.ERROR,
    Entity.MEMBER,
    _("公安或民政死亡名单上的人在收入调查截止日前已死亡，但仍是在册人口。"),
    _("核实后标记死亡，并把户的人数减去此人。"),
)
def compare_deaths(ctx: CheckContext) -> QuerySet:
    members, matching = _on_list(ctx, ListKind.DEATHS, Q(event_date__lte=ctx.survey_date))
    return members.filter(deceased=False).annotate(
        q_message=message("死亡日期 ", _first(matching, "event_date"), "（", _first(matching, "detail"), "），仍在册")
    )


@check(
    "CMP-02",
    _("有价值较高的车辆"),
    Category.COMPARISON,
    Severity.ERROR,
    Entity.MEMBER,
    _("车辆登记名单显示成员名下有购买价格超过 3 万元（参数）的车辆（剔除情形）。"),
    _("入户核实；车辆登记在其名下实为他人所有的，登记例外并上传佐证。"),
)
def compare_vehicles(ctx: CheckContext) -> QuerySet:
    members, matching = _on_list(ctx, ListKind.VEHICLES, Q(amount__gt=ctx.params["vehicle_price"]))
    return members.filter(deceased=False).annotate(
        q_message=message(
            "名下车辆 ",
            _first(matching, "item_code"),
            "，价格 ",
            _first(matching, "amount"),
            " 元，购于 ",
            _first(matching, "event_date"),
        )
    )


@check(
    "CMP-03",
    _("购买商品房"),
    Category.COMPARISON,
    Severity.ERROR,
    Entity.MEMBER,
    _("不动产登记名单显示成员在城镇购买了商品房或门面房（剔除情形）。"),
    _("入户核实；属易地扶贫搬迁安置房等例外的，登记例外并上传佐证。"),
)
def compare_houses(ctx: CheckContext) -> QuerySet:
    members, matching = _on_list(ctx, ListKind.HOUSES)
    return members.filter(deceased=False).annotate(
        q_message=message("购房：", _first(matching, "detail"), "，", _first(matching, "event_date"))
    )


@check(
    "CMP-04",
    _("注册有企业"),
    Category.COMPARISON,
    Severity.ERROR,
    Entity.MEMBER,
    _("市场监管部门的工商注册名单显示成员是企业的法定代表人或股东（剔除情形）。"),
    _("入户核实经营情况；属扶贫产业合作社等例外的，登记例外并上传佐证。"),
)
def compare_businesses(ctx: CheckContext) -> QuerySet:
    members, matching = _on_list(ctx, ListKind.BUSINESSES)
    return members.filter(deceased=False).annotate(
        q_message=message("注册企业：", _first(matching, "detail"), "（", _first(matching, "item_code"), "）")
    )


@check(
    "CMP-05",
    _("财政供养人员"),
    Category.COMPARISON,
    Severity.ERROR,
    Entity.MEMBER,
    _("财政供养人员名单上的人（公职人员）登记为贫困人口（剔除情形）。"),
    _("核实后按程序剔除该户或该成员。"),
)
def compare_payroll(ctx: CheckContext) -> QuerySet:
    members, matching = _on_list(ctx, ListKind.PAYROLL)
    return members.filter(deceased=False, moved_out=False).annotate(
        q_message=message("财政供养人员（", _first(matching, "detail"), "）")
    )


@check(
    "CMP-06",
    _("低保对象未标识低保"),
    Category.COMPARISON,
    Severity.WARNING,
    Entity.MEMBER,
    _("民政低保名单上的人，在建档立卡中没有标识享受低保，或所在户不是低保户。"),
    _("更正成员的低保标识和户属性。"),
)
def compare_dibao(ctx: CheckContext) -> QuerySet:
    members, _matching = _on_list(ctx, ListKind.DIBAO)
    return (
        members.filter(deceased=False, moved_out=False)
        .filter(Q(dibao=False) | ~Q(household__attribute__in=sorted(DIBAO_ATTRIBUTES)))
        .annotate(q_message=message("在民政低保名单上，建档立卡未标识低保"))
    )


@check(
    "CMP-07",
    _("特困对象未标识特困"),
    Category.COMPARISON,
    Severity.WARNING,
    Entity.MEMBER,
    _("民政特困供养名单上的人，在建档立卡中没有标识特困供养，或所在户不是特困户。"),
    _("更正成员的特困供养标识和户属性。"),
)
def compare_tekun(ctx: CheckContext) -> QuerySet:
    members, _matching = _on_list(ctx, ListKind.TEKUN)
    return (
        members.filter(deceased=False, moved_out=False)
        .filter(Q(tekun=False) | ~Q(household__attribute__in=sorted(TEKUN_ATTRIBUTES)))
        .annotate(q_message=message("在民政特困供养名单上，建档立卡未标识特困"))
    )


@check(
    "CMP-08",
    _("已参保但未标识参保"),
    Category.COMPARISON,
    Severity.WARNING,
    Entity.MEMBER,
    _("医保参保名单上的人，在建档立卡中登记为未参加基本医疗保险。"),
    _("更正参保标识。"),
)
def compare_medical(ctx: CheckContext) -> QuerySet:
    members, _matching = _on_list(ctx, ListKind.MEDICAL)
    return members.filter(deceased=False, moved_out=False, medical_insurance=False).annotate(
        q_message=message("在医保参保名单上，建档立卡登记未参保")
    )


@check(
    "CMP-09",
    _("受资助学生未登记在校"),
    Category.COMPARISON,
    Severity.WARNING,
    Entity.MEMBER,
    _("教育部门学生资助名单上的人，在建档立卡中没有登记为在校生。"),
    _("补录在校生状况和学段。"),
)
def compare_student_aid(ctx: CheckContext) -> QuerySet:
    members, matching = _on_list(ctx, ListKind.STUDENT_AID)
    return (
        members.filter(deceased=False, moved_out=False)
        .exclude(school_status__in=STUDENTS)
        .annotate(q_message=message("受学生资助（", _first(matching, "detail"), "），未登记在校"))
    )


# The check that reports the matches of each kind of comparison list.
KIND_CHECKS: dict[str, str] = {
    ListKind.DEATHS: "CMP-01",
    ListKind.VEHICLES: "CMP-02",
    ListKind.HOUSES: "CMP-03",
    ListKind.BUSINESSES: "CMP-04",
    ListKind.PAYROLL: "CMP-05",
    ListKind.DIBAO: "CMP-06",
    ListKind.TEKUN: "CMP-07",
    ListKind.MEDICAL: "CMP-08",
    ListKind.STUDENT_AID: "CMP-09",
}
