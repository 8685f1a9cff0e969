"""The catalogue of data-quality checks (数据质量检查项).

Each check is data (stable code, Chinese title, category, severity, explanation, how to
fix) plus one set-based query: given the region prefix and the year it returns the
offending households or members as a queryset annotated with ``q_message``. A run turns
every query's rows into one bulk write of the staging table, never a loop over households or members.

Ages are taken on the reference date of the evaluation year (31 December), as bounds on
the birth date computed here in Python, so SQLite and PostgreSQL agree.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Length, Substr
from django.utils.translation import gettext_lazy as _

from jingzhun.core.regioncodes import prefix_q
from jingzhun.quality.choices import Category, Entity, ListKind, Severity
from jingzhun.quality.expressions import (
    DateDigits,
    IdBirthDigits,
    IdBirthMismatch,
    IdCheckDigit,
    IdChecksumWrong,
    IdMalformed,
    IdSexMismatch,
    IdShape,
    IdTruncated,
    message,
)
from jingzhun.registry.choices import (
    DIBAO_ATTRIBUTES,
    EXITED_STATUSES,
    STUDENT_STATUSES,
    TEKUN_ATTRIBUTES,
    Cause,
    Health,
    Labour,
    Relation,
    SchoolStatus,
)
from jingzhun.registry.models import Household, HouseholdYear, Member
from jingzhun.standards import services as standards

# Parameters of the checks; a deployment overrides any of them with settings.QUALITY_PARAMETERS.
DEFAULT_PARAMETERS: dict[str, Any] = {
    "vehicle_price": 30000,  # 元: a car bought for more than this excludes a household (POLICY §8)
    "migrant_wages": 20000,  # 元 of wages a year with nobody away working is implausible
    "max_per_capita": 100000,  # 元 per person and year above which income is implausible
    "working_age": (16, 59),
    "school_age": (6, 15),  # compulsory education (POLICY §0)
    "survey_month_day": (12, 31),  # the year's income survey (入户收入调查) closes on this day
}

SICK = (Health.CHRONIC, Health.SERIOUS, Health.DISABLED_AND_ILL)
DISABLED = (Health.DISABLED, Health.DISABLED_AND_ILL)
ABLE = (Labour.ORDINARY, Labour.SKILLED)
STUDENTS = tuple(sorted(STUDENT_STATUSES))
CHILDREN = (Relation.SON, Relation.DAUGHTER)
PARENTS = (Relation.FATHER, Relation.MOTHER)


class CheckUnavailable(Exception):
    """The check cannot run here (e.g. no official evaluation or poverty line for the year); the message says why."""


def parameters() -> dict[str, Any]:
    return {**DEFAULT_PARAMETERS, **getattr(settings, "QUALITY_PARAMETERS", {})}


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class CheckContext:
    """What every check query is given: the region prefix, the year and the parameters."""

    prefix: str
    year: int
    params: dict[str, Any] = field(default_factory=parameters)

    @property
    def reference_date(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    @property
    def survey_date(self) -> datetime.date:
        month, day = self.params["survey_month_day"]
        return datetime.date(self.year, month, day)

    def born_q(self, low: int, high: int, field_name: str = "birth_date") -> Q:
        """Q for people aged ``low``–``high`` (inclusive) on the reference date."""
        ref = self.reference_date
        latest = _years_before(ref, low)  # born on or before this day: at least ``low``
        earliest = _years_before(ref, high + 1)  # born after this day: at most ``high``
        return Q(**{f"{field_name}__lte": latest, f"{field_name}__gt": earliest})

    def households(self) -> QuerySet:
        return Household.objects.filter(prefix_q("village_id", self.prefix))

    def members(self) -> QuerySet:
        return Member.objects.filter(prefix_q("household__village_id", self.prefix))

    def living(self) -> QuerySet:
        return self.members().filter(deceased=False, moved_out=False)


Query = Callable[[CheckContext], QuerySet]


@dataclass(frozen=True)
class Check:
    """One check of the catalogue."""

    code: str
    title: Any
    category: str
    severity: str
    entity: str
    explanation: Any
    how_to_fix: Any
    query: Query = field(repr=False)

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label)

    @property
    def severity_label(self) -> str:
        return str(Severity(self.severity).label)

    @property
    def entity_label(self) -> str:
        return str(Entity(self.entity).label)


CATALOGUE: dict[str, Check] = {}


def check(
    code: str, title: Any, category: str, severity: str, entity: str, explanation: Any, how_to_fix: Any
) -> Callable[[Query], Query]:
    """Register the decorated query as the check ``code``."""

    def register(query: Query) -> Query:
        if code in CATALOGUE:
            raise ValueError(f"duplicate check code {code}")
        CATALOGUE[code] = Check(code, title, category, severity, entity, explanation, how_to_fix, query)
        return query

    return register


def _living_of(outer: str = "pk") -> QuerySet:
    return Member.objects.filter(household_id=OuterRef(outer), deceased=False, moved_out=False)


def _living_grouped() -> Any:
    """Living members of each household, counted by grouping the join (one pass over the members)."""
    return Count("members", filter=Q(members__deceased=False, members__moved_out=False))


def _living_count(outer: str = "pk") -> Any:
    counted = _living_of(outer).order_by().values("household_id").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _yuan(expression: Any) -> Any:
    return Cast(expression, IntegerField())


def _times(count: Any, amount: Any) -> Any:
    """``count`` people times an amount in 元, as a decimal expression."""
    return ExpressionWrapper(count * amount, output_field=DecimalField(max_digits=16, decimal_places=2))


# -- identity -------------------------------------------------------------------------------


@check(
    "ID-01",
    _("证件号码校验位错误"),
    Category.IDENTITY,
    Severity.ERROR,
    Entity.MEMBER,
    _("18 位身份证号码的末位校验码与前 17 位计算结果不符，号码有录入错误。"),
    _("对照户口簿或身份证原件核对号码并更正。"),
)
def id_checksum(ctx: CheckContext) -> QuerySet:
    return (
        ctx.members()
        .filter(IdChecksumWrong(F("id_number")))
        .exclude(id_number__endswith="00")
        .annotate(
            q_message=message("校验位应为 ", IdCheckDigit(F("id_number")), "，登记为 ", Substr("id_number", 18, 1))
        )
    )


@check(
    "ID-02",
    _("15 位旧版身份证号码"),
    Category.IDENTITY,
    Severity.WARNING,
    Entity.MEMBER,
    _("仍登记一代 15 位身份证号码，无法与其他部门的 18 位号码比对。"),
    _("按户口簿或二代身份证更新为 18 位号码。"),
)
def id_legacy(ctx: CheckContext) -> QuerySet:
    return (
        ctx.members()
        .annotate(q_length=Length("id_number"))
        .filter(q_length=15)
        .filter(IdShape(F("id_number"), "15"))
        .annotate(q_message=message("登记为 15 位旧版号码"))
    )


@check(
    "ID-03",
    _("证件号码长度或格式错误"),
    Category.IDENTITY,
    Severity.ERROR,
    Entity.MEMBER,
    _("证件号码既不是 18 位也不是 15 位，或含有数字和末位 X 以外的字符。"),
    _("核对原件后重新录入完整的证件号码。"),
)
def id_format(ctx: CheckContext) -> QuerySet:
    return (
        ctx.members()
        .filter(IdMalformed(F("id_number")))
        .annotate(q_message=message("证件号码为 ", Length("id_number"), " 位或含非法字符"))
    )


@check(
    "ID-04",
    _("证件号码被 Excel 截断"),
    Category.IDENTITY,
    Severity.ERROR,
    Entity.MEMBER,
    _("号码以 00/000 结尾且校验位不符，或为科学计数法，是 Excel 把号码当数值保存后丢失了末几位。"),
    _("按文本格式重新录入完整号码，并检查同批导入的其他号码。"),
)
def id_excel(ctx: CheckContext) -> QuerySet:
    return (
        ctx.members()
        .filter(Q(IdTruncated(F("id_number"))) | Q(id_number__contains="E+"))
        .annotate(q_message=message("号码 ", F("id_number"), " 末位疑似被 Excel 截断"))
    )


@check(
    "ID-05",
    _("性别与证件号码不符"),
    Category.IDENTITY,
    Severity.ERROR,
    Entity.MEMBER,
    _("证件号码第 17 位（旧版第 15 位）奇数为男、偶数为女，与登记的性别不一致。"),
    _("核对证件，更正性别或证件号码。"),
)
def id_sex(ctx: CheckContext) -> QuerySet:
    return (
        ctx.members()
        .filter(IdSexMismatch(F("id_number"), F("sex")))
        .annotate(
            q_message=Case(
                When(sex="1", then=Value("登记为男，证件号码表示女")),
                default=Value("登记为女，证件号码表示男"),
                output_field=CharField(),
            )
        )
    )


@check(
    "ID-06",
    _("出生日期与证件号码不符"),
    Category.IDENTITY,
    Severity.ERROR,
    Entity.MEMBER,
    _("登记的出生日期与证件号码中的出生日期不一致，年龄相关的判断（学龄、劳动年龄）都会出错。"),
    _("以证件为准更正出生日期。"),
)
def id_birth(ctx: CheckContext) -> QuerySet:
    return (
        ctx.members()
        .filter(IdBirthMismatch(F("id_number"), F("birth_date")))
        .annotate(
            q_message=message(
                "登记出生日期 ", DateDigits(F("birth_date")), "，证件号码为 ", IdBirthDigits(F("id_number"))
            )
        )
    )


# -- duplicates -----------------------------------------------------------------------------


def _duplicated_ids() -> QuerySet:
    """ID numbers registered more than once (the whole registry; the index on the number answers it).

    Deceased members are counted here and left out by each check's own condition.
    """
    return (
        Member.objects.exclude(id_number="")
        .order_by()
        .values("id_number")
        .annotate(n=Count("*"))
        .filter(n__gt=1)
        .values("id_number")
    )


def _duplicate_members() -> QuerySet:
    """Living members whose ID number is registered more than once: a handful of rows to group."""
    return Member.objects.filter(deceased=False, id_number__in=_duplicated_ids()).order_by()


def _county_of(path: Any) -> Any:
    return Substr(path, 1, 6)


def _others_with_same_id() -> QuerySet:
    """Living members with the outer member's ID number in another household (for the message)."""
    return (
        Member.objects.filter(deceased=False, id_number=OuterRef("id_number"))
        .exclude(household_id=OuterRef("household_id"))
        .order_by("household__code")
    )


@check(
    "DUP-01",
    _("同一人在本县两户重复登记"),
    Category.DUPLICATE,
    Severity.ERROR,
    Entity.MEMBER,
    _("同一证件号码登记在同一县的两个贫困户中。"),
    _("核实此人实际所在户，从另一户中删除或标记迁出。"),
)
def dup_in_county(ctx: CheckContext) -> QuerySet:
    # (ID number, county) pairs held by two or more households.
    key = Concat("id_number", Value("-"), _county_of("household__village_id"), output_field=CharField())
    pairs = (
        _duplicate_members()
        .annotate(q_key=key)
        .values("q_key")
        .annotate(n=Count("household_id", distinct=True))
        .filter(n__gt=1)
        .values("q_key")
    )
    county = _county_of(OuterRef("household__village_id"))
    others = _others_with_same_id().annotate(q_county=_county_of("household__village_id")).filter(q_county=county)
    return (
        ctx.members()
        .filter(deceased=False)
        .annotate(q_key=key)
        .filter(q_key__in=pairs)
        .annotate(q_message=message("同一证件号码还登记在本县户 ", Subquery(others.values("household__code")[:1])))
    )


@check(
    "DUP-02",
    _("同一人在其他县重复登记"),
    Category.DUPLICATE,
    Severity.ERROR,
    Entity.MEMBER,
    _("同一证件号码登记在另一个县的贫困户中（跨县重复）。"),
    _("与对方县脱贫办联系，核实后由户籍所在地保留。"),
)
def dup_other_county(ctx: CheckContext) -> QuerySet:
    # ID numbers held in two or more counties.
    spread = (
        _duplicate_members()
        .values("id_number")
        .annotate(n=Count(_county_of("household__village_id"), distinct=True))
        .filter(n__gt=1)
        .values("id_number")
    )
    county = _county_of(OuterRef("household__village_id"))
    others = _others_with_same_id().annotate(q_county=_county_of("household__village_id")).exclude(q_county=county)
    return (
        ctx.members()
        .filter(deceased=False, id_number__in=spread)
        .annotate(q_message=message("同一证件号码还登记在外县户 ", Subquery(others.values("household__code")[:1])))
    )


@check(
    "DUP-03",
    _("同一人在本户重复登记"),
    Category.DUPLICATE,
    Severity.ERROR,
    Entity.MEMBER,
    _("同一户内两名成员的证件号码相同。"),
    _("删除重复的成员记录，并核对人数。"),
)
def dup_in_household(ctx: CheckContext) -> QuerySet:
    key = Concat(Cast("household_id", CharField()), Value("-"), "id_number", output_field=CharField())
    twice = _duplicate_members().annotate(q_key=key).values("q_key").annotate(n=Count("*")).filter(n__gt=1)
    twins = Member.objects.filter(
        household_id=OuterRef("household_id"), id_number=OuterRef("id_number"), deceased=False
    ).exclude(pk=OuterRef("pk"))
    return (
        ctx.members()
        .filter(deceased=False)
        .annotate(q_key=key)
        .filter(q_key__in=twice.values("q_key"))
        .annotate(q_message=message("本户另有成员 ", Subquery(twins.values("name")[:1]), " 的证件号码相同"))
    )


@check(
    "DUP-04",
    _("同一户重复建档"),
    Category.DUPLICATE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("两个贫困户的户主是同一个人（证件号码相同），疑似同一户建档两次。"),
    _("核实后合并为一户，注销重复的户。"),
)
def dup_household(ctx: CheckContext) -> QuerySet:
    heads = Member.objects.filter(relation=Relation.HEAD).exclude(id_number="")
    repeated = heads.order_by().values("id_number").annotate(n=Count("*")).filter(n__gt=1).values("id_number")
    other = heads.filter(id_number=OuterRef("q_head_id")).exclude(household_id=OuterRef("pk"))
    own_head = heads.filter(household_id=OuterRef("pk"))
    return (
        ctx.households()
        .filter(pk__in=heads.filter(id_number__in=repeated).values("household_id"))
        .annotate(q_head_id=Subquery(own_head.values("id_number")[:1]))
        .annotate(q_message=message("户主同时是户 ", Subquery(other.values("household__code")[:1]), " 的户主"))
    )


# -- household structure --------------------------------------------------------------------


@check(
    "HH-01",
    _("无户主"),
    Category.STRUCTURE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("户内没有与户主关系为“户主”的成员。"),
    _("指定一名成员为户主（户主去世的，按户口簿变更户主）。"),
)
def no_head(ctx: CheckContext) -> QuerySet:
    heads = Member.objects.filter(household_id=OuterRef("pk"), relation=Relation.HEAD)
    return ctx.households().filter(~Exists(heads)).annotate(q_message=message("户内没有户主"))


@check(
    "HH-02",
    _("多个户主"),
    Category.STRUCTURE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("一户登记了两名及以上户主。"),
    _("只保留户口簿上的户主，其余成员改为相应的与户主关系。"),
)
def two_heads(ctx: CheckContext) -> QuerySet:
    many = (
        Member.objects.filter(relation=Relation.HEAD)
        .order_by()
        .values("household_id")
        .annotate(n=Count("*"))
        .filter(n__gt=1)
        .values("household_id")
    )
    return ctx.households().filter(pk__in=many).annotate(q_message=message("登记了多名户主"))


@check(
    "HH-03",
    _("户主与配偶性别相同"),
    Category.STRUCTURE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("户主与登记为“配偶”的成员性别相同。"),
    _("核对性别、证件号码和与户主关系。"),
)
def head_spouse_same_sex(ctx: CheckContext) -> QuerySet:
    same = Member.objects.filter(household_id=OuterRef("household_id"), relation=Relation.HEAD, sex=OuterRef("sex"))
    spouses = Member.objects.filter(relation=Relation.SPOUSE).filter(Exists(same))
    return (
        ctx.households().filter(pk__in=spouses.values("household_id")).annotate(q_message=message("户主与配偶性别相同"))
    )


@check(
    "HH-04",
    _("人数与在册成员数不符"),
    Category.STRUCTURE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("户的“人数”与未死亡、未迁出的成员数不一致，人均收入和贫困人口数都会算错。"),
    _("核对成员名单，更正人数或成员的死亡、迁出标记。"),
)
def size_mismatch(ctx: CheckContext) -> QuerySet:
    return (
        ctx.households()
        .annotate(q_living=_living_grouped())
        .exclude(size=F("q_living"))
        .annotate(q_message=message("登记人数 ", F("size"), "，在册成员 ", F("q_living")))
    )


@check(
    "HH-05",
    _("子女年龄不小于户主"),
    Category.STRUCTURE,
    Severity.WARNING,
    Entity.MEMBER,
    _("登记为户主之子或之女的成员出生不晚于户主。"),
    _("核对出生日期和与户主关系（是否应为兄弟姐妹或其他）。"),
)
def child_older(ctx: CheckContext) -> QuerySet:
    head = Member.objects.filter(
        household_id=OuterRef("household_id"), relation=Relation.HEAD, birth_date__gte=OuterRef("birth_date")
    )
    return (
        ctx.members()
        .filter(relation__in=CHILDREN)
        .filter(Exists(head))
        .annotate(q_message=message("出生于 ", F("birth_date"), "，不晚于户主"))
    )


@check(
    "HH-06",
    _("父母年龄不大于户主"),
    Category.STRUCTURE,
    Severity.WARNING,
    Entity.MEMBER,
    _("登记为户主之父或之母的成员出生不早于户主。"),
    _("核对出生日期和与户主关系。"),
)
def parent_younger(ctx: CheckContext) -> QuerySet:
    head = Member.objects.filter(
        household_id=OuterRef("household_id"), relation=Relation.HEAD, birth_date__lte=OuterRef("birth_date")
    )
    return (
        ctx.members()
        .filter(relation__in=PARENTS)
        .filter(Exists(head))
        .annotate(q_message=message("出生于 ", F("birth_date"), "，不早于户主"))
    )


@check(
    "HH-07",
    _("无在册成员"),
    Category.STRUCTURE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("户内成员全部死亡或迁出，却仍作为贫困户在册。"),
    _("核实后按程序注销该户（自然消亡）。"),
)
def no_living(ctx: CheckContext) -> QuerySet:
    return ctx.households().filter(~Exists(_living_of())).annotate(q_message=message("成员全部死亡或迁出"))


# -- causes and facts ------------------------------------------------------------------------


def _cause_without(ctx: CheckContext, cause: str, condition: Q, text: str) -> QuerySet:
    return (
        ctx.households()
        .filter(main_cause=cause)
        .filter(~Exists(_living_of().filter(condition)))
        .annotate(q_message=message(text))
    )


@check(
    "CA-01",
    _("因病致贫但成员均健康"),
    Category.CAUSE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("主要致贫原因为因病，但没有一名在册成员登记为患病（长期慢性病、大病或残疾且患病）。"),
    _("核实致贫原因；确有病人的，更正该成员的健康状况。"),
)
def cause_illness(ctx: CheckContext) -> QuerySet:
    return _cause_without(ctx, Cause.ILLNESS, Q(health__in=SICK), "因病致贫，但在册成员均无患病登记")


@check(
    "CA-02",
    _("因学致贫但无在校生"),
    Category.CAUSE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("主要致贫原因为因学，但没有一名在册成员是在校生。"),
    _("核实致贫原因或补录成员的在校生状况。"),
)
def cause_education(ctx: CheckContext) -> QuerySet:
    return _cause_without(ctx, Cause.EDUCATION, Q(school_status__in=STUDENTS), "因学致贫，但无在校生")


@check(
    "CA-03",
    _("因残致贫但无残疾成员"),
    Category.CAUSE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("主要致贫原因为因残，但没有一名在册成员登记为残疾。"),
    _("核实致贫原因，或按残疾证更正成员健康状况。"),
)
def cause_disability(ctx: CheckContext) -> QuerySet:
    return _cause_without(ctx, Cause.DISABILITY, Q(health__in=DISABLED), "因残致贫，但无残疾成员")


@check(
    "CA-04",
    _("缺劳力但有多名劳动力"),
    Category.CAUSE,
    Severity.WARNING,
    Entity.HOUSEHOLD,
    _("主要致贫原因为缺劳力，但有两名及以上劳动年龄内的普通或技能劳动力。"),
    _("核实致贫原因或成员的劳动技能。"),
)
def cause_labour(ctx: CheckContext) -> QuerySet:
    low, high = ctx.params["working_age"]
    able = (
        _living_of()
        .filter(ctx.born_q(low, high), labour__in=ABLE)
        .order_by()
        .values("household_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return (
        ctx.households()
        .filter(main_cause=Cause.LABOUR)
        .annotate(q_able=Coalesce(Subquery(able, output_field=IntegerField()), 0))
        .filter(q_able__gte=2)
        .annotate(q_message=message("缺劳力致贫，但有 ", F("q_able"), " 名劳动力"))
    )


# -- welfare flags ---------------------------------------------------------------------------


@check(
    "WF-01",
    _("低保户无低保成员"),
    Category.WELFARE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("贫困户属性为低保户，但没有一名在册成员登记享受低保。"),
    _("与民政低保名单核对，更正户属性或成员的低保标识。"),
)
def dibao_without_member(ctx: CheckContext) -> QuerySet:
    return (
        ctx.households()
        .filter(attribute__in=sorted(DIBAO_ATTRIBUTES))
        .filter(~Exists(_living_of().filter(dibao=True)))
        .annotate(q_message=message("低保户，但无成员享受低保"))
    )


@check(
    "WF-02",
    _("特困户有劳动年龄劳动力"),
    Category.WELFARE,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("特困供养户应无劳动能力，但有劳动年龄内的普通或技能劳动力。"),
    _("核实特困供养资格或成员的劳动技能。"),
)
def tekun_with_worker(ctx: CheckContext) -> QuerySet:
    low, high = ctx.params["working_age"]
    return (
        ctx.households()
        .filter(attribute__in=sorted(TEKUN_ATTRIBUTES))
        .filter(Exists(_living_of().filter(ctx.born_q(low, high), labour__in=ABLE)))
        .annotate(q_message=message("特困供养户，但有劳动年龄劳动力"))
    )


@check(
    "WF-03",
    _("享受低保成员不在低保户"),
    Category.WELFARE,
    Severity.WARNING,
    Entity.MEMBER,
    _("成员登记享受低保，但所在户的贫困户属性不是低保户。"),
    _("更正户属性（低保贫困户等）或成员的低保标识。"),
)
def dibao_member_household(ctx: CheckContext) -> QuerySet:
    return (
        ctx.members()
        .filter(dibao=True, deceased=False, moved_out=False)
        .exclude(household__attribute__in=sorted(DIBAO_ATTRIBUTES))
        .annotate(q_message=message("享受低保，但户属性不是低保户"))
    )


@check(
    "WF-04",
    _("特困供养成员不在特困户"),
    Category.WELFARE,
    Severity.WARNING,
    Entity.MEMBER,
    _("成员登记为特困供养，但所在户的贫困户属性不是特困供养户。"),
    _("更正户属性或成员的特困供养标识。"),
)
def tekun_member_household(ctx: CheckContext) -> QuerySet:
    return (
        ctx.members()
        .filter(tekun=True, deceased=False, moved_out=False)
        .exclude(household__attribute__in=sorted(TEKUN_ATTRIBUTES))
        .annotate(q_message=message("特困供养，但户属性不是特困供养户"))
    )


# -- income logic ----------------------------------------------------------------------------


def _year_facts(ctx: CheckContext) -> QuerySet:
    return HouseholdYear.objects.filter(household_id=OuterRef("pk"), year=ctx.year)


def _with_year(ctx: CheckContext) -> QuerySet:
    """Households of the region that have the year's facts, joined to them (one join, not a subquery per column)."""
    return (
        ctx.households()
        .annotate(q_facts=FilteredRelation("years", condition=Q(years__year=ctx.year)))
        .filter(q_facts__year=ctx.year)
        .annotate(
            q_net=F("q_facts__net_income"),
            q_wages=F("q_facts__wage_income"),
            q_business=F("q_facts__business_income"),
            q_cost=F("q_facts__production_cost"),
        )
    )


@check(
    "IN-01",
    _("收入为负或人均纯收入不合理"),
    Category.INCOME,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("本年度家庭纯收入为负或为零，或人均纯收入超过 10 万元（参数），多为录入单位（元/万元）错误。"),
    _("核对收入调查表，按元录入各项收入。"),
)
def income_implausible(ctx: CheckContext) -> QuerySet:
    living = _living_count()
    top = ctx.params["max_per_capita"]
    return (
        _with_year(ctx)
        .annotate(q_living=living)
        # Above ``top`` first: the living members are counted only for the few households that pass it.
        .filter(
            Q(q_net__lte=0) | Q(q_business__lt=0) | (Q(q_net__gt=top) & Q(q_net__gt=_times(F("q_living"), Value(top))))
        )
        .annotate(q_message=message(f"{ctx.year} 年家庭纯收入 ", _yuan(F("q_net")), " 元，在册 ", F("q_living"), " 人"))
    )


@check(
    "IN-02",
    _("有经营收入无经营支出"),
    Category.INCOME,
    Severity.WARNING,
    Entity.HOUSEHOLD,
    _("本年度有生产经营性收入，但生产经营性支出为零（种养殖都有成本），纯收入被高估。"),
    _("补录种子、化肥、饲料等生产经营性支出。"),
)
def business_no_cost(ctx: CheckContext) -> QuerySet:
    return (
        _with_year(ctx)
        .filter(q_business__gt=0, q_cost=0)
        .annotate(q_message=message(f"{ctx.year} 年生产经营性收入 ", _yuan(F("q_business")), " 元，支出为 0"))
    )


@check(
    "IN-03",
    _("有务工收入无务工人员"),
    Category.INCOME,
    Severity.WARNING,
    Entity.HOUSEHOLD,
    _("本年度工资性收入超过 2 万元（参数），但没有一名在册成员有务工时间。"),
    _("补录成员的务工时间，或核实工资性收入。"),
)
def wages_no_migrant(ctx: CheckContext) -> QuerySet:
    return (
        _with_year(ctx)
        .filter(q_wages__gt=ctx.params["migrant_wages"])
        .filter(~Exists(_living_of().filter(migrant_months__gt=0)))
        .annotate(q_message=message(f"{ctx.year} 年工资性收入 ", _yuan(F("q_wages")), " 元，但无人外出务工"))
    )


@check(
    "IN-04",
    _("务工时间超出 0–12 个月"),
    Category.INCOME,
    Severity.ERROR,
    Entity.MEMBER,
    _("务工时间应在 0 到 12 个月之间。"),
    _("按实际务工月数更正。"),
)
def migrant_months(ctx: CheckContext) -> QuerySet:
    return (
        ctx.members()
        .filter(Q(migrant_months__gt=12) | Q(migrant_months__lt=0))
        .annotate(q_message=message("务工时间 ", F("migrant_months"), " 个月"))
    )


@check(
    "IN-05",
    _("缺少本年度收入调查"),
    Category.INCOME,
    Severity.WARNING,
    Entity.HOUSEHOLD,
    _("本年度以前识别的贫困户没有本年度的收入和生活条件数据，无法评估退出。"),
    _("补录本年度的收入调查。"),
)
def missing_year(ctx: CheckContext) -> QuerySet:
    return (
        ctx.households()
        .filter(identification_year__lte=ctx.year)
        .filter(~Exists(_year_facts(ctx)))
        .annotate(q_message=message(f"缺少 {ctx.year} 年度收入调查"))
    )


# -- education and health ----------------------------------------------------------------------


@check(
    "ED-01",
    _("学龄儿童无在校状况"),
    Category.EDUCATION,
    Severity.WARNING,
    Entity.MEMBER,
    _("义务教育年龄（6–15 周岁，参数）的在册儿童既未登记在校，也未登记失学辍学原因。"),
    _("补录在校生状况；确已失学辍学的，登记原因并落实控辍保学。"),
)
def school_age_unknown(ctx: CheckContext) -> QuerySet:
    low, high = ctx.params["school_age"]
    return (
        ctx.living()
        .filter(ctx.born_q(low, high))
        .filter(school_status__in=[SchoolStatus.NONE, SchoolStatus.PRESCHOOL_CHILD], dropout_reason="")
        .annotate(q_message=message("出生于 ", F("birth_date"), "，无在校生状况"))
    )


@check(
    "ED-02",
    _("学段与年龄不符"),
    Category.EDUCATION,
    Severity.WARNING,
    Entity.MEMBER,
    _("小学在读已满 16 周岁、初中在读已满 19 周岁，或 14 周岁及以下读普通高中。"),
    _("核对出生日期和在校生状况。"),
)
def school_grade_age(ctx: CheckContext) -> QuerySet:
    ref = ctx.reference_date
    too_old = Q(school_status=SchoolStatus.PRIMARY, birth_date__lte=_years_before(ref, 16)) | Q(
        school_status=SchoolStatus.JUNIOR, birth_date__lte=_years_before(ref, 19)
    )
    too_young = Q(school_status=SchoolStatus.SENIOR, birth_date__gt=_years_before(ref, 15))
    return (
        ctx.living()
        .filter(too_old | too_young)
        .annotate(q_message=message("出生于 ", F("birth_date"), "，在读学段与年龄不符"))
    )


@check(
    "ED-03",
    _("义务教育阶段辍学"),
    Category.EDUCATION,
    Severity.ERROR,
    Entity.MEMBER,
    _("义务教育年龄的在册儿童失学辍学，原因不是因病、因残或智力障碍（不能保障义务教育）。"),
    _("落实控辍保学，劝返复学或送教上门，并更新在校生状况。"),
)
def dropout(ctx: CheckContext) -> QuerySet:
    low, high = ctx.params["school_age"]
    return (
        ctx.living()
        .filter(ctx.born_q(low, high))
        .filter(school_status__in=[SchoolStatus.NONE, SchoolStatus.PRESCHOOL_CHILD], dropout_reason__in=["4", "5", "9"])
        .annotate(q_message=message("义务教育阶段失学辍学"))
    )


@check(
    "HE-01",
    _("未参加基本医疗保险"),
    Category.EDUCATION,
    Severity.WARNING,
    Entity.MEMBER,
    _("在册成员未参加城乡居民基本医疗保险（基本医疗保障不达标）。"),
    _("动员参保（贫困人口个人缴费由财政补贴），并更新参保标识。"),
)
def no_medical_insurance(ctx: CheckContext) -> QuerySet:
    return ctx.living().filter(medical_insurance=False).annotate(q_message=message("未参加基本医疗保险"))


# -- exits -----------------------------------------------------------------------------------


def poverty_line(*, year: int, region_code: str) -> Decimal:
    """Return the poverty line of ``year`` for the region (raise CheckUnavailable if none is entered)."""
    line = standards.poverty_line_for(year=year, region_code=region_code)
    if line is None:
        raise CheckUnavailable(str(_("没有 %(year)s 年的扶贫标准") % {"year": year}))
    return Decimal(line)


def _region_code(prefix: str) -> str:
    return prefix.ljust(12, "0") if prefix else "610000000000"


@check(
    "EX-01",
    _("识别当年即脱贫"),
    Category.EXIT,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("新识别的贫困户不能在识别当年退出（陕西实施细则）。"),
    _("核实识别年度和脱贫年度；确属当年识别的，撤销当年的退出。"),
)
def exited_in_identification_year(ctx: CheckContext) -> QuerySet:
    return (
        ctx.households()
        .filter(status__in=EXITED_STATUSES, exit_year=F("identification_year"))
        .annotate(q_message=message(F("exit_year"), " 年识别，当年即脱贫"))
    )


@check(
    "EX-02",
    _("已脱贫户本年度人均纯收入未超过贫困线"),
    Category.EXIT,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("已脱贫户本年度家庭纯收入除以在册人数未超过当年贫困线，存在错退或返贫风险。"),
    _("入户核实收入；确实低于贫困线的，纳入返贫监测并落实帮扶。"),
)
def exited_below_line(ctx: CheckContext) -> QuerySet:
    line = poverty_line(year=ctx.year, region_code=_region_code(ctx.prefix))
    return (
        _with_year(ctx)
        .filter(status__in=EXITED_STATUSES, exit_year__lte=ctx.year)
        .annotate(q_living=_living_grouped())
        # One count per household (a second reference would run the subquery again); a household
        # with nobody left trips only if it has no income either (HH-07 reports it anyway).
        .filter(q_net__lte=_times(F("q_living"), Value(line)))
        .annotate(
            q_message=message(
                f"{ctx.year} 年家庭纯收入 ",
                _yuan(F("q_net")),
                " 元，在册 ",
                F("q_living"),
                f" 人，未超过贫困线 {line} 元",
            )
        )
    )


@check(
    "EX-03",
    _("脱贫当年人均纯收入未超过贫困线"),
    Category.EXIT,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("已脱贫户脱贫年度的家庭纯收入除以在册人数未超过该年贫困线，不符合退出的收入标准。"),
    _("核实脱贫年度的收入调查；不达标的，按错退处理。"),
)
def exited_year_below_line(ctx: CheckContext) -> QuerySet:
    lines = {}
    for year in range(2014, ctx.year + 1):
        try:
            lines[year] = poverty_line(year=year, region_code=_region_code(ctx.prefix))
        except CheckUnavailable:
            continue
    money: DecimalField = DecimalField(max_digits=13, decimal_places=2)
    line = Case(*(When(exit_year=y, then=Value(v)) for y, v in lines.items()), output_field=money)
    return (
        ctx.households()
        .filter(status__in=EXITED_STATUSES, exit_year__in=list(lines))
        .annotate(q_facts=FilteredRelation("years", condition=Q(years__year=F("exit_year"))))
        .filter(q_facts__year=F("exit_year"))
        .annotate(q_net=F("q_facts__net_income"), q_living=_living_grouped())
        .annotate(q_line=line)
        .filter(q_net__lte=_times(F("q_living"), F("q_line")))
        .annotate(
            q_message=message(
                F("exit_year"),
                " 年（脱贫年度）家庭纯收入 ",
                _yuan(F("q_net")),
                " 元，未超过贫困线 ",
                _yuan(F("q_line")),
            )
        )
    )


@check(
    "EX-04",
    _("已脱贫但未通过最新评估（错退风险）"),
    Category.EXIT,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("标记为已脱贫的户在本年度最新一次正式的户级退出评估中未达标。"),
    _("按评估未达标的指标逐项入户核实，落实帮扶；不能稳定达标的，按错退处理。"),
)
def exited_failing_evaluation(ctx: CheckContext) -> QuerySet:
    latest = standards.latest_official_run(level="household", year=ctx.year, region_code=ctx.prefix)
    if latest is None:
        raise CheckUnavailable(str(_("%(year)s 年尚无户级正式评估") % {"year": ctx.year}))
    failures = standards.household_failures_latest(year=ctx.year)
    rules = failures.filter(household_id=OuterRef("pk")).values("failed_rules")[:1]
    return (
        ctx.households()
        .filter(status__in=EXITED_STATUSES, pk__in=failures.values("household_id"))
        .annotate(q_message=message("最新评估未达标：", Coalesce(Subquery(rules, output_field=CharField()), Value(""))))
    )


# -- members still counted -------------------------------------------------------------------


def _overcounted(ctx: CheckContext) -> QuerySet:
    return ctx.households().annotate(q_living=_living_count()).filter(size__gt=F("q_living")).values("pk")


@check(
    "MB-01",
    _("已死亡成员仍计入人数"),
    Category.MEMBERS,
    Severity.ERROR,
    Entity.MEMBER,
    _("成员已标记死亡，但户的人数仍把他算在内（人数多于在册成员）。"),
    _("把户的人数减去已死亡成员。"),
)
def deceased_counted(ctx: CheckContext) -> QuerySet:
    return (
        ctx.members()
        .filter(deceased=True, household_id__in=_overcounted(ctx))
        .annotate(q_message=message("已死亡，户人数 ", F("household__size"), " 仍计入"))
    )


@check(
    "MB-02",
    _("已迁出成员仍计入人数"),
    Category.MEMBERS,
    Severity.ERROR,
    Entity.MEMBER,
    _("成员已标记迁出，但户的人数仍把他算在内（人数多于在册成员）。"),
    _("把户的人数减去已迁出成员。"),
)
def moved_out_counted(ctx: CheckContext) -> QuerySet:
    return (
        ctx.members()
        .filter(moved_out=True, deceased=False, household_id__in=_overcounted(ctx))
        .annotate(q_message=message("已迁出，户人数 ", F("household__size"), " 仍计入"))
    )


# -- helpers (帮扶责任人) ---------------------------------------------------------------------


@check(
    "HP-01",
    _("未落实帮扶责任人"),
    Category.HELPER,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("贫困户没有登记帮扶责任人（结对帮扶全覆盖）。"),
    _("由帮扶单位指派帮扶责任人并登记姓名、单位和电话。"),
)
def no_helper(ctx: CheckContext) -> QuerySet:
    return ctx.households().filter(helper_name="").annotate(q_message=message("未登记帮扶责任人"))


@check(
    "HP-02",
    _("帮扶责任人本人是贫困人口"),
    Category.HELPER,
    Severity.ERROR,
    Entity.HOUSEHOLD,
    _("帮扶责任人的姓名和电话与一名在册贫困人口相同，帮扶人自己是建档立卡对象。"),
    _("更换帮扶责任人。"),
)
def helper_is_poor(ctx: CheckContext) -> QuerySet:
    poor = (
        Member.objects.filter(deceased=False, moved_out=False)
        .exclude(phone="")
        .filter(name=OuterRef("helper_name"), phone=OuterRef("helper_phone"))
    )
    return (
        ctx.households()
        .exclude(helper_phone="")
        .filter(Exists(poor))
        .annotate(
            q_message=message(
                "帮扶责任人 ", F("helper_name"), " 是户 ", Subquery(poor.values("household__code")[:1]), " 的成员"
            )
        )
    )


# -- comparison lists (数据比对) --------------------------------------------------------------


def _on_list(ctx: CheckContext, kind: str, entries: Q | None = None) -> tuple[QuerySet, QuerySet]:
    """Members of the region on a list of ``kind`` (entries also matching ``entries``), not excepted.

    Return the members and the matching entries (correlated to the member, for messages).
    """
    from jingzhun.quality.models import ComparisonEntry, ComparisonException

    matching = ComparisonEntry.objects.filter(comparison_list__kind=kind, id_number=OuterRef("id_number"))
    if entries is not None:
        matching = matching.filter(entries)
    matching = matching.order_by("-comparison_list__list_date", "row_number")
    excepted = ComparisonException.objects.filter(kind=kind, id_number=OuterRef("id_number"))
    members = ctx.members().exclude(id_number="").filter(Exists(matching)).filter(~Exists(excepted))
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


def catalogue() -> list[Check]:
    """Return every check, in code order."""
    return [CATALOGUE[code] for code in sorted(CATALOGUE, key=_code_order)]


_CATEGORY_ORDER = [c.value for c in Category]


def _code_order(code: str) -> tuple[int, str]:
    return (_CATEGORY_ORDER.index(CATALOGUE[code].category), code)


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
