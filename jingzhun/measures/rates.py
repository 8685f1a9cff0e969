"""The measures of 产业·就业 by region, set-based (one grouped query per count):

- 产业覆盖率 = households exiting this year with ≥ 1 long-term industry measure ÷ households exiting this year;
- 技能覆盖率 = industry households with ≥ 1 trained or skilled member ÷ industry households;
- 经营主体覆盖率 = villages planned to exit this year with ≥ 1 business entity ÷ villages planned to exit;
- 集体经济覆盖率 = villages planned to exit with collective income this year ÷ villages planned to exit;
- 转移就业人数 = registered labourers employed ≥ N months (``measures.employment_months``) away from home;
- 公益岗位: posts, people and pay;
- 小额信贷获贷率 = households with a loan (by the year) ÷ eligible households (≥ 1 able labourer).

"Exiting this year": exited in the year, or planned to exit in it and not exited yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from jingzhun.core.parameters import parameter_value
from jingzhun.core.regioncodes import code_expression, prefix_q
from jingzhun.measures.choices import MeasureKind
from jingzhun.measures.models import (
    BusinessEntity,
    CollectiveEconomy,
    Employment,
    HouseholdMeasure,
    Training,
    WelfarePost,
)
from jingzhun.regions.models import VillageYear
from jingzhun.regions.tables import region_names
from jingzhun.registry.choices import LEFT_STATUSES, Labour
from jingzhun.registry.models import Household, Member

PAY: Any = DecimalField(max_digits=14, decimal_places=2)
POST_PAY = ExpressionWrapper(F("monthly_pay") * F("months"), output_field=PAY)
RATE_KEYS = ("industry_rate", "skill_rate", "entity_rate", "collective_rate", "loan_rate")


def fraction(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"))


@dataclass
class MeasureRates:
    """The counts of one region (or the whole scope) and the rates made of them."""

    code: str
    label: str
    counts: dict[str, Any] = field(default_factory=dict)

    def n(self, key: str) -> Any:
        return self.counts.get(key) or 0

    @property
    def industry_rate(self) -> Decimal | None:
        return fraction(self.n("exiting_with_industry"), self.n("exiting"))

    @property
    def skill_rate(self) -> Decimal | None:
        return fraction(self.n("industry_skilled"), self.n("industry_households"))

    @property
    def entity_rate(self) -> Decimal | None:
        return fraction(self.n("villages_with_entity"), self.n("villages_exiting"))

    @property
    def collective_rate(self) -> Decimal | None:
        return fraction(self.n("villages_with_collective"), self.n("villages_exiting"))

    @property
    def loan_rate(self) -> Decimal | None:
        return fraction(self.n("households_with_loan"), self.n("loan_eligible"))


def exiting_q(year: int) -> Q:
    return Q(exit_year=year) | Q(exit_year__isnull=True, planned_exit_year=year)


def long_term_industry(year: int) -> Exists:
    return Exists(
        HouseholdMeasure.objects.filter(
            household_id=OuterRef("pk"), year__lte=year, kind=MeasureKind.INDUSTRY, long_term=True
        )
    )


def _grouped(queryset: QuerySet, path: str, by: str | None, **aggregates: Any) -> dict[str, dict[str, Any]]:
    """Return the aggregates of ``queryset`` by region code at level ``by`` of ``path`` (one key "" if None)."""
    if by is None:
        return {"": queryset.aggregate(**aggregates)}
    rows = queryset.values(key=code_expression(path, by)).annotate(**aggregates).order_by()
    return {row.pop("key"): row for row in rows}


def measures_rates(*, prefix: str, year: int, by: str | None = None, months: int | None = None) -> list[MeasureRates]:
    """Return the measures of ``year`` inside ``prefix``: one row, or one per county/township (``by``)."""
    months = months or parameter_value("measures.employment_months", year=year, region=prefix)
    households = Household.objects.filter(prefix_q("village_id", prefix)).exclude(status__in=LEFT_STATUSES)
    exiting = households.filter(exiting_q(year)).annotate(q_industry=long_term_industry(year))
    industry = households.filter(
        Exists(HouseholdMeasure.objects.filter(household_id=OuterRef("pk"), year__lte=year, kind=MeasureKind.INDUSTRY))
    )
    skilled_member = Member.objects.filter(household_id=OuterRef("pk"), deceased=False).filter(
        Q(labour=Labour.SKILLED) | Exists(Training.objects.filter(member_id=OuterRef("pk"), year__lte=year))
    )
    industry = industry.annotate(q_skilled=Exists(skilled_member))
    villages = VillageYear.objects.filter(prefix_q("village_id", prefix), year=year, planned_exit_year=year)
    villages = villages.annotate(
        q_entity=Exists(BusinessEntity.objects.filter(village_id=OuterRef("village_id"))),
        q_collective=Exists(
            CollectiveEconomy.objects.filter(village_id=OuterRef("village_id"), year=year, income__gt=0)
        ),
    )
    able = Member.objects.filter(
        household_id=OuterRef("pk"), deceased=False, moved_out=False, labour__in=(Labour.ORDINARY, Labour.SKILLED)
    )
    eligible = households.filter(Exists(able)).annotate(
        q_loan=Exists(
            HouseholdMeasure.objects.filter(household_id=OuterRef("pk"), year__lte=year, kind=MeasureKind.MICROCREDIT)
        )
    )
    employed = (
        Employment.objects.filter(prefix_q("member__household__village_id", prefix), year=year)
        .values("member_id")
        .annotate(m=Sum("months"))
        .filter(m__gte=months)
        .values("member_id")
    )
    labourers = Member.objects.filter(pk__in=employed)
    posts = WelfarePost.objects.filter(prefix_q("member__household__village_id", prefix), year=year)
    parts = [
        _grouped(
            exiting,
            "village_id",
            by,
            exiting=Count("pk"),
            exiting_with_industry=Count("pk", filter=Q(q_industry=True)),
        ),
        _grouped(
            industry,
            "village_id",
            by,
            industry_households=Count("pk"),
            industry_skilled=Count("pk", filter=Q(q_skilled=True)),
        ),
        _grouped(
            villages,
            "village_id",
            by,
            villages_exiting=Count("pk"),
            villages_with_entity=Count("pk", filter=Q(q_entity=True)),
            villages_with_collective=Count("pk", filter=Q(q_collective=True)),
        ),
        _grouped(
            eligible,
            "village_id",
            by,
            loan_eligible=Count("pk"),
            households_with_loan=Count("pk", filter=Q(q_loan=True)),
        ),
        _grouped(labourers, "household__village_id", by, employed=Count("pk")),
        _grouped(
            posts,
            "member__household__village_id",
            by,
            posts=Count("pk"),
            post_people=Count("member_id", distinct=True),
            post_pay=Coalesce(
                Sum(ExpressionWrapper(F("monthly_pay") * F("months"), output_field=PAY)), Decimal(0), output_field=PAY
            ),
        ),
    ]
    keys = sorted({key for part in parts for key in part})
    names = region_names(keys) if by else {}
    result = []
    for key in keys or [""]:
        counts: dict[str, Any] = {}
        for part in parts:
            counts.update(part.get(key) or {})
        result.append(MeasureRates(key, names.get(key, key) if by else "", counts))
    return result
