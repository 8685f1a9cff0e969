"""The framework of the check catalogue: the context a query is given, the check record, the registry.

Ages are taken on the reference date of the evaluation year (31 December), as bounds on
the birth date computed here in Python, so SQLite and PostgreSQL agree.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, IntegerField, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce

from jingzhun.core.parameters import parameter_values
from jingzhun.core.regioncodes import prefix_q
from jingzhun.quality.choices import Category, Entity, Severity
from jingzhun.registry.choices import LEFT_STATUSES, STUDENT_STATUSES, Health, Labour, Relation
from jingzhun.registry.models import Household, Member

SICK = (Health.CHRONIC, Health.SERIOUS, Health.DISABLED_AND_ILL)
DISABLED = (Health.DISABLED, Health.DISABLED_AND_ILL)
ABLE = (Labour.ORDINARY, Labour.SKILLED)
STUDENTS = tuple(sorted(STUDENT_STATUSES))
CHILDREN = (Relation.SON, Relation.DAUGHTER)
PARENTS = (Relation.FATHER, Relation.MOTHER)


class CheckUnavailable(Exception):
    """The check cannot run here (e.g. no official evaluation or poverty line for the year); the message says why."""


def parameters(*, year: int, region: str = "") -> dict[str, Any]:
    """Return the thresholds of the checks in force in ``year`` for ``region`` (declared in quality/parameters.py).

    Keys are the parameter names without ``quality.``: ``vehicle_price``, ``working_age`` …
    """
    return parameter_values("quality", year=year, region=region)


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class CheckContext:
    """What every check query is given: the region prefix, the year and the parameters.

    ``params`` holds the business parameters in force for the year and region; values
    passed in replace them for this context only.
    """

    prefix: str
    year: int
    params: dict[str, Any] = field(default_factory=dict)
    # A table of the member ids (column ``member_id``) whose ID numbers are not plainly valid,
    # found once per run (``engine.id_suspects_stage``): the identity checks examine only those.
    id_suspects: str = ""
    # A table of the member ids (column ``member_id``), dead or alive, of the whole registry whose
    # ID number is registered more than once, found once per run (``engine.duplicates_stage``):
    # the duplicate checks group only those instead of every ID number each.
    duplicates: str = ""

    def __post_init__(self) -> None:
        in_force = parameters(year=self.year, region=self.prefix)
        object.__setattr__(self, "params", {**in_force, **self.params})  # frozen: set once, here

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
        latest = years_before(ref, low)  # born on or before this day: at least ``low``
        earliest = years_before(ref, high + 1)  # born after this day: at most ``high``
        return Q(**{f"{field_name}__lte": latest, f"{field_name}__gt": earliest})

    def households(self) -> QuerySet:
        """The households on the register (自然减少 and 清退 ones are off it and not checked)."""
        return Household.objects.filter(prefix_q("village_id", self.prefix)).exclude(status__in=LEFT_STATUSES)

    def members(self) -> QuerySet:
        return Member.objects.filter(prefix_q("household__village_id", self.prefix)).exclude(
            household__status__in=LEFT_STATUSES
        )

    def living(self) -> QuerySet:
        return self.members().filter(deceased=False, moved_out=False)

    def id_members(self) -> QuerySet:
        """Return the members whose ID numbers the identity checks examine.

        Every member of the region, or, within a run, only the suspects found in one pass:
        a member with a well-formed 18-digit number whose check digit, sex and birth date
        all agree cannot fail any identity check.
        """
        members = self.members()
        if self.id_suspects:
            members = members.filter(pk__in=RawSQL(f"SELECT member_id FROM {self.id_suspects}", ()))
        return members


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


def living_of(outer: str = "pk") -> QuerySet:
    return Member.objects.filter(household_id=OuterRef(outer), deceased=False, moved_out=False)


def living_kept() -> Any:
    """Living members of each household (in a households queryset), as the database keeps them.

    Read from ``registry.HouseholdMemberCounts`` (kept by triggers on the members): one
    join on the household's key, no member grouped or counted per check.
    """
    return Coalesce(F("member_counts__living"), 0)


def heads_kept() -> Any:
    """Members registered as head (户主) of each household, dead or alive, as the database keeps them."""
    return Coalesce(F("member_counts__heads"), 0)


def yuan(expression: Any) -> Any:
    return Cast(expression, IntegerField())


def times(count: Any, amount: Any) -> Any:
    """``count`` people times an amount in 元, as a decimal expression."""
    return ExpressionWrapper(count * amount, output_field=DecimalField(max_digits=16, decimal_places=2))


def catalogue() -> list[Check]:
    """Return every check, in code order."""
    return [CATALOGUE[code] for code in sorted(CATALOGUE, key=_code_order)]


_CATEGORY_ORDER = [c.value for c in Category]


def _code_order(code: str) -> tuple[int, str]:
    return (_CATEGORY_ORDER.index(CATALOGUE[code].category), code)
