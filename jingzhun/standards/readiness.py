"""Readiness figures of evaluation runs, for the pages: set-based reads over the stored results.

Every function takes results already restricted to the user's scope (``results_for_user``)
and answers with a handful of grouped queries, whatever the number of households: counts,
the indicators that fail most, the figures per child region, the gap list of a village and
the planned exits of the year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from jingzhun.core import formatting
from jingzhun.core.regioncodes import child_level, pad_code, prefix_length
from jingzhun.regions.models import CountyYear, Region, VillageYear
from jingzhun.registry.choices import STILL_POOR_STATUSES, Relation, Status
from jingzhun.registry.models import Member
from jingzhun.standards.choices import Level
from jingzhun.standards.expressions import RuleError, rule_validate
from jingzhun.standards.fields import Field, fields_for
from jingzhun.standards.labels import format_parameter, percent_parameters, rule_title, superseded_fields
from jingzhun.standards.models import EvaluationResult, EvaluationRun, Rule

# -- rules of a run ------------------------------------------------------------------------------


def level_rules(run: EvaluationRun) -> list[dict[str, Any]]:
    """Return the rules of the run's own level, as recorded when it ran, named with the run's values."""
    return [rule for rule in run_rules(run) if rule["level"] == run.level]


def run_rules(run: EvaluationRun) -> list[dict[str, Any]]:
    """Return every rule of the run's snapshot with its parameter declarations and its name with the run's values.

    A run recorded before declarations were kept takes them from its rule set (one query).
    """
    rules = [dict(rule) for rule in run.rules_snapshot]
    if any("declared" not in rule for rule in rules):
        current = {(r.level, r.code): r.parameters for r in Rule.objects.filter(ruleset_id=run.ruleset_id)}
        for rule in rules:
            if "declared" not in rule:
                rule["declared"] = current.get((rule["level"], rule["code"]), {})
                rule["rule_name"] = rule["name"]
                rule["name"] = rule_title(
                    name=rule["name"],
                    level=rule["level"],
                    expression=rule["expression"],
                    declared=rule["declared"],
                    values=rule["parameters"],
                )
    return rules


def incidence_threshold(run: EvaluationRun) -> float | None:
    """Return the incidence threshold that applies to the villages (or counties) of ``run``.

    From the run's own parameters when it evaluated that level, else from the rule set.
    """
    level = Level.COUNTY if run.level == Level.COUNTY else Level.VILLAGE
    values = run.parameters.get(f"{level}.incidence")
    if values is None:
        rule = Rule.objects.filter(ruleset_id=run.ruleset_id, level=level, code="incidence").first()
        values = rule.parameter_defaults() if rule else {}
    value = values.get("max")
    return float(value) if isinstance(value, int | float) else None


def parameter_rows(run: EvaluationRun) -> list[dict[str, Any]]:
    """Return each rule of the run with its level in Chinese and its parameter values named and formatted."""
    rows = []
    for rule in run_rules(run):
        declared = rule.get("declared") or {}
        percents = percent_parameters(rule["level"], rule.get("expression"))
        values = [
            ((declared.get(name) or {}).get("label") or name, format_parameter(value, percent=name in percents))
            for name, value in (rule.get("parameters") or {}).items()
        ]
        rows.append({"rule": rule, "level": Level(rule["level"]).label, "values": values})
    return rows


def override_labels(run: EvaluationRun) -> list[str]:
    """Return the run's changed parameters in words: 贫困发生率低于 2%：贫困发生率上限 = 2%."""
    rules = run_rules(run)
    labels = []
    for key, value in (run.overrides or {}).items():
        parts = key.split(".")
        name = parts[-1]
        for rule in rules:
            declared = rule.get("declared") or {}
            if name not in declared or (len(parts) > 1 and rule["code"] != parts[-2]):
                continue
            if len(parts) > 2 and rule["level"] != parts[0]:
                continue
            percent = name in percent_parameters(rule["level"], rule.get("expression"))
            label = declared[name].get("label") or name
            labels.append(f"{rule['name']}：{label} = {format_parameter(value, percent=percent)}")
    return labels


def _declared(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return parameter declarations implied by recorded values (a run keeps values, not declarations)."""
    kinds = {bool: "bool", str: "text"}
    return {
        name: {"default": value, "type": kinds.get(type(value), "number")} if value is not None else {"default": None}
        for name, value in values.items()
    }


def _count_nodes(node: Any) -> int:
    if isinstance(node, list):
        return sum(_count_nodes(item) for item in node)
    if isinstance(node, dict):
        return sum((key == "count_members") + _count_nodes(value) for key, value in node.items())
    return 0


def evidence_keys(rules: list[dict[str, Any]], level: str) -> dict[str, list[str]]:
    """Return, per rule code, the evidence keys that decided it (its fields, what they are made of, counts).

    Member counts are numbered across the level's rules in their order (``count_0`` …), as
    the compiler numbers them.
    """
    fields = fields_for(level)
    keys: dict[str, list[str]] = {}
    offset = 0
    for rule in rules:
        try:
            used = rule_validate(level=level, expression=rule["expression"], parameters=_declared(rule["parameters"]))
            names = sorted(used.fields)
        except RuleError:
            names = []
        expanded: list[str] = []
        for name in names:
            for key in (name, *fields[name].explains):
                if key not in expanded:
                    expanded.append(key)
        counts = _count_nodes(rule["expression"])
        keys[rule["code"]] = expanded + [f"count_{i}" for i in range(offset, offset + counts)]
        offset += counts
    return keys


def format_value(spec: Field | None, value: Any) -> str:
    """Return an evidence value as people read it: 是/否, percentages, numbers with separators."""
    if value is None:
        return "—"
    if spec is not None and spec.type == "bool":
        return _("是") if value else _("否")
    if spec is not None and spec.percent and isinstance(value, int | float):
        return formatting.percent(value)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, int | float):
        return formatting.number(value, None)
    if spec is not None and spec.name == "status":
        return str(dict(Status.choices).get(str(value), value))
    return str(value)


@dataclass
class Evidence:
    label: str
    value: str


@dataclass
class Failure:
    code: str
    name: str
    fix_hint: str
    veto: bool
    evidence: list[Evidence] = field(default_factory=list)


class RuleBook:
    """The rules of one run's level, to explain its failures in words and values."""

    def __init__(self, run: EvaluationRun) -> None:
        self.level = run.level
        self.rules = level_rules(run)
        self.by_code = {rule["code"]: rule for rule in self.rules}
        self.keys = evidence_keys(self.rules, run.level)
        self.fields = fields_for(run.level)

    def parameter_evidence(self, rule: dict[str, Any]) -> list[Evidence]:
        """Return the parameter values this run applied to ``rule`` (the thresholds that decided)."""
        declared = rule.get("declared") or {}
        percents = percent_parameters(self.level, rule.get("expression"))
        return [
            Evidence(
                str((declared.get(name) or {}).get("label") or name),
                format_parameter(value, percent=name in percents),
            )
            for name, value in (rule.get("parameters") or {}).items()
            if value is not None
        ]

    def name(self, code: str) -> str:
        rule = self.by_code.get(code)
        return rule["name"] if rule else code

    def failures(self, result: EvaluationResult) -> list[Failure]:
        """Return the failing rules of ``result`` (vetoes first, then advisory ones) with their evidence."""
        evidence = result.evidence or {}
        items = []
        codes = [(c, True) for c in result.failed_codes] + [(c, False) for c in result.warnings.split(";") if c]
        for code, veto in codes:
            rule = self.by_code.get(code, {"name": code, "fix_hint": ""})
            failure = Failure(code=code, name=rule["name"], fix_hint=rule.get("fix_hint", ""), veto=veto)
            values = rule.get("parameters") or {}
            superseded = superseded_fields(rule.get("expression"), values)
            for key in self.keys.get(code, []):
                if key not in evidence or key in superseded:
                    continue
                spec = self.fields.get(key)
                label = str(spec.label) if spec else _("满足条件的在世成员人数")
                failure.evidence.append(Evidence(label, format_value(spec, evidence[key])))
            failure.evidence.extend(self.parameter_evidence(rule))
            items.append(failure)
        return items


# -- counts ----------------------------------------------------------------------------------------


def result_counts(results: QuerySet[EvaluationResult]) -> dict[str, Any]:
    """Return entities, passed, failed and the pass rate of ``results`` (one query)."""
    counts = results.aggregate(n_entities=Count("pk"), n_passed=Count("pk", filter=Q(passed=True)))
    entities, passed = counts["n_entities"], counts["n_passed"]
    return {
        "entities": entities,
        "passed": passed,
        "failed": entities - passed,
        "pass_rate": passed / entities if entities else None,
    }


@dataclass
class RuleCount:
    code: str
    name: str
    veto: bool
    fix_hint: str
    failing: int


def failing_rule_counts(results: QuerySet[EvaluationResult], rules: list[dict[str, Any]]) -> list[RuleCount]:
    """Return how many of ``results`` fail each rule, most failing first (one query).

    A rule code is matched between delimiters (``;income;``) so that ``water`` never
    matches ``tap_water``.
    """
    if not rules:
        return []
    flagged = results.annotate(
        flags=Concat(Value(";"), "failed_rules", Value(";"), "warnings", Value(";")),
    )
    counts = flagged.aggregate(
        **{f"r{i}": Count("pk", filter=Q(flags__contains=f";{rule['code']};")) for i, rule in enumerate(rules)}
    )
    rows = [
        RuleCount(rule["code"], rule["name"], rule["veto"], rule.get("fix_hint", ""), counts[f"r{i}"])
        for i, rule in enumerate(rules)
    ]
    return sorted(rows, key=lambda row: -row.failing)


# -- per child region ------------------------------------------------------------------------------


@dataclass
class AreaRow:
    region: Region
    entities: int = 0
    passed: int = 0
    still_poor_households: int = 0
    still_poor_people: int = 0
    rural_population: int = 0
    incidence: float | None = None

    @property
    def failed(self) -> int:
        return self.entities - self.passed

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.entities if self.entities else None


def child_digits(region: Region) -> int | None:
    """Return the significant digits of ``region``'s children (None for a village)."""
    child = child_level(region.level)
    return None if child is None else prefix_length(child)


def area_rows(results: Any, *, run: EvaluationRun, region: Region) -> list[AreaRow]:
    """Return the readiness of each child region of ``region`` (three grouped queries and the names).

    Household runs: households passing and failing, still-poor households and people (the
    registered 人数 of households still poor after the evaluation) and the incidence now.
    Village and county runs: how many villages or counties pass.
    """
    digits = child_digits(region)
    if digits is None:
        return []
    inside = results.in_region(region.prefix).order_by().annotate(area=Substr("region_code", 1, digits))
    still_poor = Q(passed=False, status__in=STILL_POOR_STATUSES)
    aggregates: dict[str, Any] = {"n_entities": Count("pk"), "n_passed": Count("pk", filter=Q(passed=True))}
    if run.level == Level.HOUSEHOLD:
        aggregates |= {
            "n_still_poor_households": Count("pk", filter=still_poor),
            "n_still_poor_people": Sum("household__size", filter=still_poor),
        }
    by_area = {row["area"]: row for row in inside.values("area").annotate(**aggregates)}
    population = {
        row["area"]: row["people"] or 0
        for row in VillageYear.objects.in_region(region.prefix)
        .filter(year=run.year)
        .annotate(area=Substr("village_id", 1, digits))
        .values("area")
        .annotate(people=Sum("rural_population"))
        .order_by()
    }
    rows = []
    for child in Region.objects.filter(parent=region).order_by("code"):
        prefix = child.code[:digits]
        counts = by_area.get(prefix, {})
        row = AreaRow(
            region=child,
            entities=counts.get("n_entities", 0),
            passed=counts.get("n_passed", 0),
            still_poor_households=counts.get("n_still_poor_households") or 0,
            still_poor_people=counts.get("n_still_poor_people") or 0,
            rural_population=population.get(prefix, 0),
        )
        if run.level == Level.HOUSEHOLD and row.rural_population:
            row.incidence = row.still_poor_people / row.rural_population
        if row.entities or row.rural_population:
            rows.append(row)
    return rows


def region_names(codes: list[str]) -> dict[str, Region]:
    return {region.code: region for region in Region.objects.filter(code__in=codes).select_related("parent")}


# -- the gap list of a village ---------------------------------------------------------------------


@dataclass
class GapRow:
    result: EvaluationResult
    head_name: str
    failures: list[Failure]


def gap_rows(results: QuerySet[EvaluationResult], *, run: EvaluationRun) -> list[GapRow]:
    """Return each failing household of ``results`` with its failing indicators and their evidence.

    One query: the results with their household and the name of its head.
    """
    heads = Member.objects.filter(household_id=OuterRef("household_id"), relation=Relation.HEAD).order_by()
    rows = (
        results.filter(Q(passed=False) | ~Q(warnings=""))
        .select_related("household")
        .annotate(head_name=Subquery(heads.values("name")[:1]))
        .order_by("passed", "code")
    )
    book = RuleBook(run)
    return [GapRow(result=r, head_name=r.head_name or "", failures=book.failures(r)) for r in rows]


# -- comparison ------------------------------------------------------------------------------------


def compare_summary(changes: QuerySet[EvaluationResult], *, digits: int) -> list[dict[str, Any]]:
    """Return, per area of ``digits``, how many entities of ``changes`` newly pass and newly fail."""
    rows = list(
        changes.order_by()
        .annotate(area=Substr("region_code", 1, digits))
        .values("area")
        .annotate(now_passing=Count("pk", filter=Q(passed=True)), now_failing=Count("pk", filter=Q(passed=False)))
        .order_by("area")
    )
    names = region_names([pad_code(row["area"]) for row in rows])
    for row in rows:
        row["code"] = pad_code(row["area"])
        row["region"] = names.get(row["code"])
    return rows


# -- planned exits of the year (home dashboard) ----------------------------------------------------


@dataclass
class PlannedExit:
    region: Region
    result: EvaluationResult | None
    failures: list[str]


def planned_exits(
    facts: QuerySet[Any], *, code_field: str, run: EvaluationRun | None, limit: int = 200
) -> tuple[list[PlannedExit], dict[str, int]]:
    """Return the places of ``facts`` (village or county years) with their result in ``run``.

    Failing places come first. Also the counts: planned, passing, failing, not evaluated.
    """
    places = list(facts.select_related(code_field.removesuffix("_id")).order_by(code_field)[: limit + 1])
    results: dict[str, EvaluationResult] = {}
    book = None
    if run is not None:
        codes = facts.values(code_field)
        results = {r.code: r for r in EvaluationResult.objects.filter(run=run, code__in=codes)}
        book = RuleBook(run)
    rows = []
    for place in places[:limit]:
        region = getattr(place, code_field.removesuffix("_id"))
        result = results.get(region.code)
        names = [book.name(c) for c in result.failed_codes] if result is not None and book else []
        rows.append(PlannedExit(region=region, result=result, failures=names))
    rows.sort(key=lambda row: (row.result is None, row.result.passed if row.result else True, row.region.code))
    total = facts.count()
    passing = sum(1 for r in results.values() if r.passed)
    counts = {
        "planned": total,
        "passing": passing,
        "failing": len(results) - passing,
        "missing": total - len(results),
        "truncated": len(places) > limit,
    }
    return rows, counts


def planned_exit_facts(region: Region, year: int) -> tuple[QuerySet[VillageYear], QuerySet[CountyYear]]:
    """Return the village and county years of ``region`` planned to exit in ``year``."""
    villages = VillageYear.objects.in_region(region.prefix).filter(year=year, planned_exit_year=year)
    counties = CountyYear.objects.in_region(region.prefix).filter(year=year, planned_exit_year=year)
    return villages, counties


def village_scope(region: Region, year: int) -> dict[str, int]:
    """Return how many villages a village evaluation of ``region`` covers: poor ones, and those planned to exit.

    Other villages and urban 社区 do not exit and are not evaluated (one query).
    """
    poor = VillageYear.objects.in_region(region.prefix).filter(year=year, is_poor_village=True)
    return poor.aggregate(poor=Count("pk"), planned=Count("pk", filter=Q(planned_exit_year=year)))
