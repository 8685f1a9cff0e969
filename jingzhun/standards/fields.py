"""The whitelisted fields a rule may read, per level, with the SQL that computes each.

SQL refers to fixed table aliases of the compiled statement (see ``compiler``):
household ``h``, its facts of the evaluation year ``y``, its member counts ``m`` (kept by the
database, ``registry_householdmembercounts``);
village facts ``vy`` and household aggregates ``ha``; county facts ``cy``, household
aggregates ``ha`` and village aggregates ``va``. ``{p:NAME}`` is a bound value and
``{birth_year}`` the dialect's year of ``mm.birth_date``. Nothing here comes from a user.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from jingzhun.registry.choices import (
    EXITED_STATUSES,
    GUARANTEED_DROPOUT_REASONS,
    SAFE_HOUSING_RATINGS,
    STILL_POOR_STATUSES,
    STUDENT_STATUSES,
)
from jingzhun.standards.choices import Level


@dataclass(frozen=True)
class Field:
    name: str
    label: object  # a lazy translation
    type: str  # number | bool | text
    sql: str
    percent: bool = False  # a fraction shown as a percentage
    explains: tuple[str, ...] = ()  # fields shown beside it as evidence (what the value is made of)


def sql_list(values: object) -> str:
    """Return constant codes (from choices, never user input) as an SQL list."""
    return "(" + ", ".join(f"'{v}'" for v in sorted(str(v) for v in values)) + ")"  # type: ignore[attr-defined]


STILL_POOR = sql_list(STILL_POOR_STATUSES)
EXITED = sql_list(EXITED_STATUSES)
STUDENTS = sql_list(STUDENT_STATUSES)
SAFE_RATINGS = sql_list(SAFE_HOUSING_RATINGS)
GUARANTEED_REASONS = sql_list(GUARANTEED_DROPOUT_REASONS)

HOUSING_SAFE_SQL = f"(y.housing_rating IN {SAFE_RATINGS} OR (y.relocated AND y.relocation_moved_in))"
# A year with no income components (all 0) and a declared per-capita figure (a national-system
# export states only 人均纯收入) is judged on the declared figure; otherwise on the components.
USES_DECLARED_INCOME_SQL = (
    "(y.declared_income_per_capita IS NOT NULL AND y.wage_income = 0 AND y.business_income = 0"
    " AND y.property_income = 0 AND y.transfer_income = 0 AND y.production_cost = 0)"
)
INCOME_PER_CAPITA_SQL = (
    f"(CASE WHEN {USES_DECLARED_INCOME_SQL} THEN y.declared_income_per_capita * 1.0"
    " ELSE ((y.net_income - y.excluded_transfer_income) * 1.0 / NULLIF(m.living, 0)) END)"
)


def _fields(*items: Field) -> dict[str, Field]:
    return {f.name: f for f in items}


HOUSEHOLD_FIELDS = _fields(
    Field("year", _("评估年度"), "number", "{p:year}"),
    Field("poverty_line", _("扶贫标准（元）"), "number", "{poverty_line}"),
    Field(
        "income_per_capita",
        _("人均纯收入（元，不含不计入脱贫的转移性收入）"),
        "number",
        INCOME_PER_CAPITA_SQL,
        explains=("income_source", "net_income", "excluded_transfer_income", "living_members"),
    ),
    Field(
        "income_source",
        _("人均纯收入依据"),
        "text",
        f"(CASE WHEN y.id IS NULL THEN NULL WHEN {USES_DECLARED_INCOME_SQL} THEN '申报人均纯收入（无收入明细）'"
        " ELSE '按各项收入计算' END)",
    ),
    Field(
        "declared_income_per_capita",
        _("申报人均纯收入（元）"),
        "number",
        "y.declared_income_per_capita",
    ),
    Field("net_income", _("家庭纯收入（元）"), "number", "y.net_income"),
    Field("excluded_transfer_income", _("不计入脱贫的转移性收入（元）"), "number", "y.excluded_transfer_income"),
    Field("living_members", _("在世在户人数"), "number", "COALESCE(m.living, 0)"),
    Field("insured_members", _("参加基本医保和大病保险人数"), "number", "COALESCE(m.insured, 0)"),
    Field("size", _("登记人数"), "number", "h.size"),
    Field("has_year_facts", _("已录入当年收入和保障情况"), "bool", "(y.id IS NOT NULL)"),
    Field("food_clothing_secure", _("吃穿不愁"), "bool", "y.food_clothing_secure"),
    Field("housing_rating", _("住房安全等级"), "text", "y.housing_rating"),
    Field(
        "housing_safe",
        _("住房安全（A/B 级或搬迁已入住）"),
        "bool",
        HOUSING_SAFE_SQL,
        explains=("housing_rating", "relocated", "relocation_moved_in"),
    ),
    Field("relocated", _("易地扶贫搬迁户"), "bool", "y.relocated"),
    Field("relocation_moved_in", _("搬迁已入住"), "bool", "y.relocation_moved_in"),
    Field("water_safe", _("饮水安全"), "bool", "y.water_safe"),
    Field("water_quality_ok", _("水质达标"), "bool", "y.water_quality_ok"),
    Field("water_litres_per_day", _("水量（升/人·日）"), "number", "y.water_litres_per_day"),
    Field("water_fetch_minutes", _("取水往返时间（分钟）"), "number", "y.water_fetch_minutes"),
    Field("water_guarantee_rate", _("供水保证率（%）"), "number", "y.water_guarantee_rate"),
    Field("electricity", _("通生活用电"), "bool", "y.electricity"),
    Field("identification_year", _("识别年度"), "number", "h.identification_year"),
    Field("planned_exit_year", _("计划脱贫年度"), "number", "h.planned_exit_year"),
    Field("exit_year", _("脱贫年度"), "number", "h.exit_year"),
    Field("status", _("脱贫状态"), "text", "h.status"),
    Field("attribute", _("贫困户属性"), "text", "h.attribute"),
    Field("main_cause", _("主要致贫原因"), "text", "h.main_cause"),
)

# Fields of one living member, for ``count_members`` conditions (alias ``mm``).
MEMBER_FIELDS = _fields(
    Field("age", _("年龄（评估年度末周岁）"), "number", "({p:year} - {birth_year})"),
    Field("sex", _("性别"), "text", "mm.sex"),
    Field("relation", _("与户主关系"), "text", "mm.relation"),
    Field("health", _("健康状况"), "text", "mm.health"),
    Field("labour", _("劳动技能"), "text", "mm.labour"),
    Field("school_status", _("在校生状况"), "text", "mm.school_status"),
    Field("in_school", _("在校生"), "bool", f"(mm.school_status IN {STUDENTS})"),
    Field("dropout_reason", _("失学或辍学原因"), "text", "mm.dropout_reason"),
    Field(
        "dropout_guaranteed",
        _("因病、因残或智力障碍未入学（视同保障）"),
        "bool",
        f"(mm.dropout_reason IN {GUARANTEED_REASONS})",
    ),
    Field("medical_insurance", _("参加基本医疗保险"), "bool", "mm.medical_insurance"),
    Field("serious_illness_insurance", _("参加大病保险"), "bool", "mm.serious_illness_insurance"),
    Field("dibao", _("享受低保"), "bool", "mm.dibao"),
    Field("tekun", _("特困供养"), "bool", "mm.tekun"),
    Field("migrant_months", _("务工时间（月）"), "number", "mm.migrant_months"),
)

VILLAGE_FIELDS = _fields(
    Field("year", _("评估年度"), "number", "{p:year}"),
    Field("rural_population", _("农村户籍人口"), "number", "vy.rural_population"),
    Field("registered_people", _("建档立卡人口（在世在户）"), "number", "COALESCE(ha.registered_people, 0)"),
    Field("still_poor_people", _("评估后仍未脱贫人口"), "number", "COALESCE(ha.still_poor_people, 0)"),
    Field("still_poor_households", _("评估后仍未脱贫户数"), "number", "COALESCE(ha.still_poor_households, 0)"),
    Field(
        "incidence",
        _("贫困发生率"),
        "number",
        "(COALESCE(ha.still_poor_people, 0) * 1.0 / NULLIF(vy.rural_population, 0))",
        percent=True,
    ),
    Field(
        "exited_income_share",
        _("脱贫户人均纯收入占全县农村居民人均可支配收入比重（当年）"),
        "number",
        "(ha.exited_income * 1.0 / NULLIF(cy.rural_income_per_capita, 0))",
        percent=True,
    ),
    Field(
        "exited_income_share_prev",
        _("同上（上年）"),
        "number",
        "(ha.exited_income_prev * 1.0 / NULLIF(cyp.rural_income_per_capita, 0))",
        percent=True,
    ),
    Field("collective_income", _("集体经济收入（万元）"), "number", "vy.collective_income"),
    Field("hardened_road", _("通硬化路"), "bool", "vy.hardened_road"),
    Field("safe_water", _("安全饮水"), "bool", "vy.safe_water"),
    Field("power", _("通动力电"), "bool", "vy.power"),
    Field("standard_clinic", _("标准化卫生室"), "bool", "vy.standard_clinic"),
    Field("broadband", _("通宽带"), "bool", "vy.broadband"),
    Field("is_poor_village", _("贫困村"), "bool", "vy.is_poor_village"),
    Field("is_deep_poverty_village", _("深度贫困村"), "bool", "vy.is_deep_poverty_village"),
    Field("planned_exit_year", _("计划出列年度"), "number", "vy.planned_exit_year"),
)

COUNTY_FIELDS = _fields(
    Field("year", _("评估年度"), "number", "{p:year}"),
    Field("rural_population", _("农村户籍人口（各村合计）"), "number", "COALESCE(va.rural_population, 0)"),
    Field("registered_people", _("建档立卡人口（在世在户）"), "number", "COALESCE(ha.registered_people, 0)"),
    Field("still_poor_people", _("评估后仍未脱贫人口"), "number", "COALESCE(ha.still_poor_people, 0)"),
    Field("exited_people", _("已脱贫人口"), "number", "COALESCE(ha.exited_people, 0)"),
    Field(
        "incidence",
        _("贫困发生率"),
        "number",
        "(COALESCE(ha.still_poor_people, 0) * 1.0 / NULLIF(va.rural_population, 0))",
        percent=True,
    ),
    Field(
        "comprehensive_incidence",
        _("综合贫困发生率（含抽样推算的错退、漏评人口）"),
        "number",
        "((COALESCE(ha.still_poor_people, 0)"
        " + COALESCE(cy.wrong_exit_rate, 0) / 100.0 * COALESCE(ha.exited_people, 0)"
        " + COALESCE(cy.missed_rate, 0) / 100.0"
        " * (CASE WHEN va.rural_population > ha.registered_people"
        " THEN va.rural_population - ha.registered_people ELSE 0 END))"
        " * 1.0 / NULLIF(va.rural_population, 0))",
        percent=True,
    ),
    Field("wrong_exit_rate", _("错退率"), "number", "(cy.wrong_exit_rate / 100.0)", percent=True),
    Field("missed_rate", _("漏评率"), "number", "(cy.missed_rate / 100.0)", percent=True),
    Field("recognition_rate", _("群众认可度"), "number", "(cy.recognition_rate / 100.0)", percent=True),
    Field("rural_income_per_capita", _("农村居民人均可支配收入（元）"), "number", "cy.rural_income_per_capita"),
    Field("village_road_share", _("行政村通硬化路比例"), "number", "va.road_share", percent=True),
    Field("tap_water_coverage", _("自来水普及率"), "number", "(cy.tap_water_coverage / 100.0)", percent=True),
    Field("household_electricity_share", _("建档立卡户通生活用电比例"), "number", "ha.electricity_share", percent=True),
    Field("safe_housing_share", _("建档立卡户住房安全比例"), "number", "ha.safe_housing_share", percent=True),
    Field("insured_share", _("建档立卡人口参加基本医保和大病保险比例"), "number", "ha.insured_share", percent=True),
    Field("is_poor_county", _("贫困县"), "bool", "cy.is_poor_county"),
    Field("planned_exit_year", _("计划摘帽年度"), "number", "cy.planned_exit_year"),
)

LEVEL_FIELDS = {Level.HOUSEHOLD: HOUSEHOLD_FIELDS, Level.VILLAGE: VILLAGE_FIELDS, Level.COUNTY: COUNTY_FIELDS}


def fields_for(level: str) -> dict[str, Field]:
    """Return the whitelisted fields of ``level`` (raise KeyError for an unknown level)."""
    return LEVEL_FIELDS[Level(level)]
