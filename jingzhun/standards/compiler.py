"""Compile a rule set into one set-based SQL statement per level.

The statement reads the registry tables by their Django names (``registry_household`` …),
so the same text runs in the database (SQLite, PostgreSQL) and in DuckDB over a Parquet
snapshot whose views carry those names. Every row of its result is one entity:

    household_id, code, region_code, status, passed, failed_rules, warnings, evidence, incidence

``failed_rules`` holds the failing veto rules, sorted and joined by ``;``; ``warnings`` the
failing advisory rules; ``evidence`` (failing entities only) the values of every field the
level's rules read. A rule that evaluates to null fails: missing data never passes.

Village and county statements need the household evaluation of the same rule set, because
their incidence counts the people of households still poor *after* it. By default they
contain it. When the levels are evaluated together, every household is evaluated once for
the upper levels: the household statement compiled with ``figures=True`` gives the rows to
keep (each household's results and ``HOUSEHOLD_FIGURES``, what the upper levels read; with a
dialect whose ``village_sums_kept`` is set, their sums per village, VILLAGE_SUMS, instead), an
engine keeps them under a name, and every level's statement compiled with
``households_from=<that name>`` reads them: villages and counties, and the household results
(with ``village_sums_kept``, the household statement evaluates them again instead).
"""

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from jingzhun.core.regioncodes import LEVEL_DIGITS
from jingzhun.registry.choices import OUT_OF_SCHOOL_INDEX_FROM
from jingzhun.standards.choices import Level
from jingzhun.standards.expressions import RuleError, SqlWriter, rule_validate
from jingzhun.standards.fields import EXITED, HOUSING_SAFE_SQL, INCOME_PER_CAPITA_SQL, STILL_POOR, fields_for

MEMBER_COUNTS = "registry_householdmembercounts"  # living and insured members per household, kept by triggers
# In a columnar snapshot's member counts: the birth years of each household's living members who
# are neither in school nor out of it for a guaranteed reason (illness, disability). Any year's
# "members of ages a to b out of school" is counted from it exactly, without reading the members.
OUT_OF_SCHOOL_BIRTHS = "out_of_school_births"
_OUT_OF_SCHOOL = sorted(json.dumps({"not": {"var": f"member.{name}"}}) for name in ("in_school", "dropout_guaranteed"))
OUTPUT_COLUMNS = (
    "household_id",
    "code",
    "region_code",
    "status",
    "passed",
    "failed_rules",
    "warnings",
    "evidence",
    "incidence",
)
# What village and county statements read of each household besides its verdict: the kept rows
# (the household statement compiled with ``figures=True``) hold them.
HOUSEHOLD_FIGURES = (
    "n_living",
    "n_insured",
    "has_facts",
    "electricity",
    "housing_safe",
    "income_pc",
    "income_pc_prev",
)
# What villages and counties read of their households, summed per village (``hp``: the households).
_STILL_POOR_HP = f"hp.status IN {STILL_POOR} AND NOT hp.passed"
VILLAGE_SUMS = {
    "registered_people": "SUM(hp.n_living)",
    "still_poor_people": f"SUM(CASE WHEN {_STILL_POOR_HP} THEN hp.n_living ELSE 0 END)",
    "still_poor_households": f"SUM(CASE WHEN {_STILL_POOR_HP} THEN 1 ELSE 0 END)",
    "exited_income": f"AVG(CASE WHEN hp.status IN {EXITED} THEN hp.income_pc END)",
    "exited_income_prev": f"AVG(CASE WHEN hp.status IN {EXITED} THEN hp.income_pc_prev END)",
    "exited_people": f"SUM(CASE WHEN hp.status IN {EXITED} THEN hp.n_living ELSE 0 END)",
    "with_facts": "SUM(CASE WHEN hp.has_facts THEN 1 ELSE 0 END)",
    "with_electricity": "SUM(CASE WHEN hp.has_facts AND hp.electricity THEN 1 ELSE 0 END)",
    "with_safe_housing": "SUM(CASE WHEN hp.has_facts AND hp.housing_safe THEN 1 ELSE 0 END)",
    "insured_people": "SUM(hp.n_insured)",
}
_VILLAGE_READS = (
    "registered_people",
    "still_poor_people",
    "still_poor_households",
    "exited_income",
    "exited_income_prev",
)
_COUNTY_READS = (
    "registered_people",
    "still_poor_people",
    "exited_people",
    "with_facts",
    "with_electricity",
    "with_safe_housing",
    "insured_people",
)


def _village_sums(names: Iterable[str], kept: str | None) -> str:
    """Return the SQL of the per-village sums ``names``: from the households ``hp``, or read from ``kept``."""
    if kept:
        return f"SELECT village_id, {', '.join(names)} FROM {kept}"
    columns = ",\n  ".join(f"{VILLAGE_SUMS[name]} AS {name}" for name in names)
    return f"SELECT hp.region_code AS village_id,\n  {columns}\nFROM hp GROUP BY hp.region_code"


_RELATION = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?")


@dataclass(frozen=True)
class Dialect:
    """What differs between the engines that run a compiled statement."""

    name: str
    birth_year: str
    json_object: str
    json_cast: str = "{}"
    has_concat_ws: bool = True
    # What an engine keeps of the households when the levels are evaluated together: each one's
    # finished results with the figures (PostgreSQL, Spark), or only what villages and counties
    # read, summed per village (DuckDB: writing 30 M rows took longer than evaluating them again;
    # 500,000 sums are written at once), the household results being evaluated again.
    village_sums_kept: bool = False
    # Whether the member counts relation holds each household's OUT_OF_SCHOOL_BIRTHS as a list
    # (DuckDB's snapshot): school-age conditions are then counted from it, not from the members.
    births_kept: bool = False
    # Whether a school-age condition also bounds the members' birth dates, so that the partial
    # index of members out of school (``member_out_of_school_birth``) finds the few it counts
    # (when the range lies within the index: born since OUT_OF_SCHOOL_INDEX_FROM).
    birth_dates_bounded: bool = False

    def placeholder(self, name: str) -> str:
        return f"${name}" if self.name == "duckdb" else f"%({name})s"

    def evidence(self, pairs: list[tuple[str, str]]) -> str:
        """Return the SQL of an object of (key, column) pairs: JSON in a database, a struct in DuckDB.

        Building a struct costs DuckDB almost nothing; building JSON text was the largest
        single cost of a national household run. The struct reaches Python as a dict.
        """
        if self.name == "duckdb":
            return "struct_pack(" + ", ".join(f"{key} := {column}" for key, column in pairs) + ")"
        return self.json_cast.format(f"{self.json_object}(" + ", ".join(f"'{k}', {c}" for k, c in pairs) + ")")


SQLITE = Dialect(
    "sqlite",
    "CAST(substr(mm.birth_date, 1, 4) AS INTEGER)",
    "json_object",
    has_concat_ws=False,
    birth_dates_bounded=True,
)
# date_part, not EXTRACT: since PostgreSQL 14 EXTRACT returns numeric, which is slower per member.
POSTGRESQL = Dialect(
    "postgresql",
    "CAST(date_part('year', mm.birth_date) AS INTEGER)",
    "json_build_object",
    "CAST({} AS jsonb)",
    birth_dates_bounded=True,
)
DUCKDB = Dialect(
    "duckdb", "CAST(year(mm.birth_date) AS INTEGER)", "json_object", village_sums_kept=True, births_kept=True
)
DIALECTS = {d.name: d for d in (SQLITE, POSTGRESQL, DUCKDB)}


@dataclass(frozen=True)
class RuleSpec:
    """One rule as it runs: its expression and the parameter values of this run."""

    code: str
    name: str
    veto: bool
    expression: Any
    parameters: dict[str, Any]


@dataclass(frozen=True)
class Statement:
    sql: str
    params: dict[str, Any]
    evidence_fields: tuple[str, ...]


@dataclass
class _Binder:
    values: dict[str, Any] = field(default_factory=dict)

    def __call__(self, value: Any) -> str:
        name = f"v{len(self.values)}"
        self.values[name] = float(value) if isinstance(value, Decimal) else value
        return "{p:" + name + "}"


def code_range(prefix: str) -> tuple[str, str | None]:
    """Return the half-open range of 12-digit codes in the subtree ``prefix``."""
    if not prefix:
        return "", None
    upper = str(int(prefix) + 1).zfill(len(prefix))
    return prefix, (None if len(upper) > len(prefix) else upper)


def _range_sql(column: str, prefix: str, binder: _Binder) -> str:
    low, high = code_range(prefix)
    if not low:
        return "1 = 1"
    sql = f"{column} >= {binder(low)}"
    return sql if high is None else f"{sql} AND {column} < {binder(high)}"


def _verdict(rules: list[RuleSpec], prefix: str, dialect: Dialect) -> tuple[str, str, str]:
    """Return SQL for passed, failed_rules and warnings from the rule columns ``{prefix}_<code>``.

    The lists are only built for entities that fail something: most pass.
    """
    veto = sorted((r for r in rules if r.veto), key=lambda r: r.code)
    advisory = sorted((r for r in rules if not r.veto), key=lambda r: r.code)

    def ok(rule: RuleSpec) -> str:
        return f"COALESCE({prefix}_{rule.code}, FALSE)"

    def all_ok(items: list[RuleSpec]) -> str:
        return " AND ".join(ok(r) for r in items) or "TRUE"

    def listing(items: list[RuleSpec]) -> str:
        if not items:
            return "''"
        if dialect.has_concat_ws:  # skips the NULLs: no separators to trim
            codes = ", ".join(f"CASE WHEN {ok(r)} THEN NULL ELSE '{r.code}' END" for r in items)
            joined = f"concat_ws(';', {codes})"
        else:
            parts = " || ".join(f"(CASE WHEN {ok(r)} THEN '' ELSE '{r.code};' END)" for r in items)
            joined = f"rtrim({parts}, ';')"
        return f"(CASE WHEN {all_ok(items)} THEN '' ELSE {joined} END)"

    passed = f"(CASE WHEN {all_ok(veto)} THEN TRUE ELSE FALSE END)"
    return passed, listing(veto), listing(advisory)


@dataclass
class _LevelRules:
    """The SQL of one level's rules over a CTE whose field columns are named ``f_<field>``."""

    rules: list[RuleSpec]
    level: str
    binder: _Binder
    births_kept: bool = False  # see Dialect.births_kept
    birth_dates_bounded: bool = False  # see Dialect.birth_dates_bounded
    # The SQL of each ``count_members`` column (household level only), over the grouped members
    # ``mc`` or the kept births ``m``; and the member conditions that need ``mc``, by column index.
    aggregates: list[str] = field(default_factory=list)
    scanned: dict[int, str] = field(default_factory=dict)
    used_fields: set[str] = field(default_factory=set)
    rule_sql: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        codes = [r.code for r in self.rules]
        if len(set(codes)) != len(codes):
            raise RuleError(_("同一层级的指标代码重复"))
        for rule in self.rules:
            checked = rule_validate(level=self.level, expression=rule.expression, parameters=_declared(rule))
            fields = fields_for(self.level)
            self.used_fields |= checked.fields | {e for f in checked.fields for e in fields[f].explains}
            writer = SqlWriter(
                bind=self.binder,
                field_sql=lambda name: f"f_{name}",
                parameters=rule.parameters,
                member_aggregate=lambda condition, node, rule=rule: self._aggregate(condition, node, rule),
            )
            self.rule_sql[rule.code] = writer.write(rule.expression)

    def _aggregate(self, condition: str, node: Any, rule: RuleSpec) -> str:
        index = len(self.aggregates)
        ages = _ages_out_of_school(node)
        if ages is not None and self.births_kept:
            # The same conditions on age, with the age of a kept birth year ``b``.
            writer = SqlWriter(bind=self.binder, field_sql=None, parameters=rule.parameters, in_members=True)
            age_sql = writer.write({"all": ages}) if ages else "TRUE"
            age_sql = age_sql.replace("{birth_year}", "b")
            self.aggregates.append(f"COALESCE(len(list_filter(m.{OUT_OF_SCHOOL_BIRTHS}, lambda b: {age_sql})), 0)")
        else:
            if ages is not None and self.birth_dates_bounded:
                condition = f"({condition}{self._birth_dates(ages, rule)})"
            self.scanned[index] = condition
            self.aggregates.append(f"COALESCE(mc.a_{index}, 0)")
        return f"a_{index}"

    def _birth_dates(self, ages: list[Any], rule: RuleSpec) -> str:
        """Return `` AND`` the birth-date range that the age conditions ``ages`` imply in the evaluation year, or "".

        The same members count with or without it (a member's age is the year less the birth
        year, a whole number); with it, the database reads them from the index of members out
        of school by birth date instead of testing every member.
        """
        year = self.binder.values["year"]
        low, high = _age_bounds(ages, rule.parameters)
        terms = []
        if high is not None and 1 <= year - high <= 9999:
            terms.append(f"mm.birth_date >= {self.binder(f'{year - high:04d}-01-01')}")
            if year - high >= OUT_OF_SCHOOL_INDEX_FROM.year:  # the index's own term (SQLite matches terms)
                terms.append(f"mm.birth_date >= '{OUT_OF_SCHOOL_INDEX_FROM.isoformat()}'")
        if low is not None and 1 <= year - low + 1 <= 9999:
            terms.append(f"mm.birth_date < {self.binder(f'{year - low + 1:04d}-01-01')}")
        return "".join(f" AND {term}" for term in terms)

    def evidence_names(self) -> list[tuple[str, str]]:
        """Return (key, column) pairs for the evidence of a failing entity."""
        names = [(name, f"f_{name}") for name in sorted(self.used_fields)]
        names += [(f"count_{i}", f"a_{i}") for i in range(len(self.aggregates))]
        return names


def _reads_only_age(node: Any) -> bool:
    if isinstance(node, list):
        return all(_reads_only_age(item) for item in node)
    if not isinstance(node, dict):
        return True
    ((operator, argument),) = node.items()
    if operator == "var":
        return bool(argument == "member.age")
    return operator == "param" or _reads_only_age(argument)


_FLIPPED = {"ge": "le", "gt": "lt", "le": "ge", "lt": "gt", "eq": "eq"}


def _age_bounds(ages: list[Any], parameters: dict[str, Any]) -> tuple[int | None, int | None]:
    """Return the lowest and highest whole age that ``all`` of the age conditions ``ages`` admit (None: unbounded).

    Only comparisons of ``member.age`` with a number or a parameter bound it (``between``,
    ``ge``, ``gt``, ``le``, ``lt``, ``eq``, either way round); any other condition is left to
    the statement, unbounded here.
    """

    def number(node: Any) -> float | None:
        if isinstance(node, dict) and set(node) == {"param"}:
            node = parameters.get(node["param"])
        if not isinstance(node, int | float | Decimal) or isinstance(node, bool):
            return None
        return float(node) if math.isfinite(node) else None

    age = {"var": "member.age"}
    low: int | None = None
    high: int | None = None
    for item in ages:
        if not isinstance(item, dict) or len(item) != 1:
            continue
        ((operator, arguments),) = item.items()
        if not isinstance(arguments, list):
            continue
        if operator == "between" and len(arguments) == 3 and arguments[0] == age:
            pairs = [("ge", arguments[1]), ("le", arguments[2])]
        elif operator in _FLIPPED and len(arguments) == 2 and age in arguments:
            left, right = arguments
            pairs = [(operator, right)] if left == age else [(_FLIPPED[operator], left)]
        else:
            continue
        for op, node in pairs:
            value = number(node)
            if value is None:
                continue
            if op in ("ge", "gt", "eq"):
                bound = math.floor(value) + 1 if op == "gt" else math.ceil(value)
                low = bound if low is None else max(low, bound)
            if op in ("le", "lt", "eq"):
                bound = math.ceil(value) - 1 if op == "lt" else math.floor(value)
                high = bound if high is None else min(high, bound)
    return low, high


def _ages_out_of_school(condition: Any) -> list[Any] | None:
    """Return the age conditions of a ``count_members`` condition that OUT_OF_SCHOOL_BIRTHS decides, else None.

    It does when the condition is ``all`` of "not in school", "not a guaranteed dropout" and
    conditions on the member's age only: a member counts then exactly when their birth year
    is in the household's list and their age in the evaluation year meets the age conditions.
    """
    if not isinstance(condition, dict) or set(condition) != {"all"} or not isinstance(condition["all"], list):
        return None
    ages = [item for item in condition["all"] if _reads_only_age(item)]
    others = sorted(json.dumps(item) for item in condition["all"] if not _reads_only_age(item))
    return ages if others == _OUT_OF_SCHOOL else None


def _declared(rule: RuleSpec) -> dict[str, dict[str, Any]]:
    """Return the parameter declarations implied by a rule's resolved values (for validation)."""
    kinds = {bool: "bool", str: "text"}
    return {
        name: {"default": value, "type": kinds.get(type(value), "number")} if value is not None else {"default": None}
        for name, value in rule.parameters.items()
    }


@dataclass
class Compiler:
    """Builds the statement of one level for one year, region and dialect."""

    rules: dict[str, list[RuleSpec]]  # by level
    year: int
    region_prefix: str
    dialect: Dialect
    poverty_lines: dict[str, Decimal | None] = field(default_factory=dict)  # "" → national, "61" → a province
    # A hint only: when no household lies outside the region, members need no narrowing
    # (members of other households would be aggregated for nothing but never joined).
    region_holds_everything: bool = False
    # The relation holding this evaluation's household rows with their figures (see the module's
    # docstring): village and county statements read households from it instead of evaluating them.
    households_from: str | None = None
    binder: _Binder = field(default_factory=_Binder)

    def compile(self, level: str, *, figures: bool = False) -> Statement:
        """Return the statement of ``level`` (see the module's docstring for ``figures`` and ``households_from``)."""
        level = Level(level)
        if level == Level.COUNTY and len(self.region_prefix) > LEVEL_DIGITS["county"]:
            raise RuleError(_("县级评估的范围必须是县或更大的地区"))
        if level == Level.VILLAGE and len(self.region_prefix) > LEVEL_DIGITS["village"]:
            raise RuleError(_("地区代码无效"))
        self.binder.values.update({"year": self.year, "prev_year": self.year - 1, "poor_village": True})
        if self.households_from and not _RELATION.fullmatch(self.households_from):
            raise ValueError(f"not a relation name: {self.households_from!r}")
        households = _LevelRules(
            self.rules.get(Level.HOUSEHOLD, []),
            Level.HOUSEHOLD,
            self.binder,
            births_kept=self.dialect.births_kept,
            birth_dates_bounded=self.dialect.birth_dates_bounded,
        )
        if level == Level.HOUSEHOLD and self.households_from and not self.dialect.village_sums_kept:
            _unused, evidence = self._final(self.households_from, households, entity="household")
            final = f"SELECT {', '.join(OUTPUT_COLUMNS)} FROM {self.households_from}"  # the finished results
            return self._statement(final, evidence)
        upper = level != Level.HOUSEHOLD and self.households_from
        sums = self.households_from if upper and self.dialect.village_sums_kept else None
        if sums:
            ctes = []
        elif upper:
            ctes = [("hp", f"SELECT * FROM {self.households_from}")]
        else:
            ctes = self._household_ctes(households, for_aggregation=level != Level.HOUSEHOLD or figures)
        if level == Level.HOUSEHOLD and figures and self.dialect.village_sums_kept:
            final, evidence = _village_sums(VILLAGE_SUMS, None), ()
        elif level == Level.HOUSEHOLD and figures:
            final, evidence = self._final("hp", households, entity="household")
            final = final.replace("\nFROM hp", "".join(f", {name}" for name in HOUSEHOLD_FIGURES) + "\nFROM hp")
        elif level == Level.HOUSEHOLD:
            final, evidence = self._final("hp", households, entity="household")
        else:
            own = _LevelRules(self.rules.get(level, []), level, self.binder)
            ctes += self._village_ctes(own, sums) if level == Level.VILLAGE else self._county_ctes(own, sums)
            final, evidence = self._final("xp", own, entity=level)
        return self._statement(
            "WITH " + ",\n".join(f"{name} AS (\n{body}\n)" for name, body in ctes) + "\n" + final, evidence
        )

    def _statement(self, sql: str, evidence: tuple[str, ...]) -> Statement:
        sql, placed = self._render(sql)
        used = {name: value for name, value in self.binder.values.items() if name in placed}
        return Statement(sql=sql, params=used, evidence_fields=evidence)

    # -- households ------------------------------------------------------------------------------

    def _household_ctes(self, rules: _LevelRules, *, for_aggregation: bool) -> list[tuple[str, str]]:
        fields = fields_for(Level.HOUSEHOLD)
        used = rules.used_fields
        if "poverty_line" in used:
            self._check_poverty_line()
        ctes: list[tuple[str, str]] = []
        member_join = ""
        if rules.scanned:
            ctes.append(("mc", self._member_condition_cte(rules.scanned)))
            member_join = "LEFT JOIN mc ON mc.household_id = h.id\n"
        columns = [f"{fields[name].sql} AS f_{name}" for name in sorted(used)]
        columns += [f"{sql} AS a_{i}" for i, sql in enumerate(rules.aggregates)]
        joins = ""
        if for_aggregation:
            columns += [
                "COALESCE(m.living, 0) AS n_living",
                "COALESCE(m.insured, 0) AS n_insured",
                "(y.id IS NOT NULL) AS has_facts",
                "y.electricity AS electricity",
                f"{HOUSING_SAFE_SQL} AS housing_safe",
                f"{INCOME_PER_CAPITA_SQL} AS income_pc",
                f"{INCOME_PER_CAPITA_SQL.replace('y.', 'py.')} AS income_pc_prev",
            ]
            joins = "LEFT JOIN registry_householdyear py ON py.household_id = h.id AND py.year = {p:prev_year}\n"
        # The living and insured counts are kept per household by the database (registry
        # migration 0003): no statement groups every member of the region.
        household_cte = (
            "SELECT h.id AS household_id, h.code AS code, h.village_id AS region_code, h.status AS status"
            + "".join(f",\n  {c}" for c in columns)
            + "\nFROM registry_household h\n"
            "LEFT JOIN registry_householdyear y ON y.household_id = h.id AND y.year = {p:year}\n"
            f"{joins}"
            f"LEFT JOIN {MEMBER_COUNTS} m ON m.household_id = h.id\n"
            f"{member_join}"
            f"WHERE {_range_sql('h.village_id', self.region_prefix, self.binder)}"
        )
        return [*ctes, ("hf", household_cte), *self._rule_ctes("hf", "hp", rules)]

    def _member_condition_cte(self, conditions: dict[int, str]) -> str:
        """Return the counts of living members meeting each ``count_members`` condition, per household.

        Only members meeting at least one condition are grouped (a few school-age children
        out of school, not every member): a member meeting none adds nothing to any count.
        """
        counts = ",\n  ".join(f"SUM(CASE WHEN {c} THEN 1 ELSE 0 END) AS a_{i}" for i, c in conditions.items())
        # Members are narrowed to the region through their household; the whole map needs no join.
        narrow = self.region_prefix and not self.region_holds_everything
        join = "JOIN registry_household hm ON hm.id = mm.household_id\n" if narrow else ""
        region = _range_sql("hm.village_id", self.region_prefix, self.binder) if narrow else "1 = 1"
        any_condition = " OR ".join(f"({c})" for c in conditions.values())
        return (
            f"SELECT mm.household_id AS household_id,\n  {counts}\n"
            f"FROM registry_member mm {join}"
            f"WHERE NOT mm.deceased AND NOT mm.moved_out AND ({any_condition}) AND {region}\n"
            "GROUP BY mm.household_id"
        )

    def _rule_ctes(self, source: str, target: str, rules: _LevelRules) -> list[tuple[str, str]]:
        rule_columns = "".join(f",\n  {sql} AS r_{code}" for code, sql in rules.rule_sql.items())
        passed, failed, warnings = _verdict(rules.rules, "r", self.dialect)
        return [
            (f"{target}r", f"SELECT {source}.*{rule_columns}\nFROM {source}"),
            (
                target,
                f"SELECT {target}r.*, {passed} AS passed, {failed} AS failed_rules, {warnings} AS warnings\n"
                f"FROM {target}r",
            ),
        ]

    def _check_poverty_line(self) -> None:
        if not any(v is not None for v in self.poverty_lines.values()):
            raise RuleError(_("未找到 %(year)d 年的扶贫标准：请先在“扶贫标准”中录入。") % {"year": self.year})

    def _poverty_line_sql(self) -> str:
        national = self.poverty_lines.get("")
        provinces = {k: v for k, v in self.poverty_lines.items() if k and v is not None}
        default = "NULL" if national is None else self.binder(national)
        if not provinces:
            return default
        cases = " ".join(f"WHEN {self.binder(k)} THEN {self.binder(v)}" for k, v in sorted(provinces.items()))
        return f"(CASE substr(h.village_id, 1, 2) {cases} ELSE {default} END)"

    # -- villages and counties -------------------------------------------------------------------

    def _village_ctes(self, rules: _LevelRules, sums: str | None) -> list[tuple[str, str]]:
        fields = fields_for(Level.VILLAGE)
        household_aggregates = _village_sums(_VILLAGE_READS, sums)
        columns = "".join(f",\n  {fields[name].sql} AS f_{name}" for name in sorted(rules.used_fields | {"incidence"}))
        county_of = "substr(vy.village_id, 1, 6) || '000000'"
        villages = (
            "SELECT vy.village_id AS code, vy.village_id AS region_code" + columns + "\n"
            "FROM regions_villageyear vy\n"
            "LEFT JOIN ha ON ha.village_id = vy.village_id\n"
            f"LEFT JOIN regions_countyyear cy ON cy.county_id = {county_of} AND cy.year = {{p:year}}\n"
            f"LEFT JOIN regions_countyyear cyp ON cyp.county_id = {county_of} AND cyp.year = {{p:prev_year}}\n"
            # Only poor villages exit (出列): other villages and urban 社区 are not evaluated.
            f"WHERE vy.year = {{p:year}} AND vy.is_poor_village = {{p:poor_village}}"
            f" AND {_range_sql('vy.village_id', self.region_prefix, self.binder)}"
        )
        return [("ha", household_aggregates), ("xf", villages), *self._rule_ctes("xf", "xp", rules)]

    def _county_ctes(self, rules: _LevelRules, sums: str | None) -> list[tuple[str, str]]:
        fields = fields_for(Level.COUNTY)

        # Households are summed per village first, then villages per county: the county
        # code is cut from half a million village codes, not from every household's.
        per_village = _village_sums(_COUNTY_READS, sums)
        household_aggregates = (
            "SELECT substr(hv.village_id, 1, 6) AS county6,\n"
            "  SUM(hv.registered_people) AS registered_people,\n"
            "  SUM(hv.still_poor_people) AS still_poor_people,\n"
            "  SUM(hv.exited_people) AS exited_people,\n"
            "  SUM(hv.with_electricity) * 1.0 / NULLIF(SUM(hv.with_facts), 0) AS electricity_share,\n"
            "  SUM(hv.with_safe_housing) * 1.0 / NULLIF(SUM(hv.with_facts), 0) AS safe_housing_share,\n"
            "  SUM(hv.insured_people) * 1.0 / NULLIF(SUM(hv.registered_people), 0) AS insured_share\n"
            "FROM hv GROUP BY substr(hv.village_id, 1, 6)"
        )
        village_aggregates = (
            "SELECT substr(vy.village_id, 1, 6) AS county6, SUM(vy.rural_population) AS rural_population,\n"
            "  AVG(CASE WHEN vy.hardened_road THEN 1.0 ELSE 0.0 END) AS road_share\n"
            "FROM regions_villageyear vy\n"
            f"WHERE vy.year = {{p:year}} AND {_range_sql('vy.village_id', self.region_prefix, self.binder)}\n"
            "GROUP BY substr(vy.village_id, 1, 6)"
        )
        columns = "".join(f",\n  {fields[name].sql} AS f_{name}" for name in sorted(rules.used_fields | {"incidence"}))
        counties = (
            "SELECT cy.county_id AS code, cy.county_id AS region_code" + columns + "\n"
            "FROM regions_countyyear cy\n"
            "LEFT JOIN ha ON ha.county6 = substr(cy.county_id, 1, 6)\n"
            "LEFT JOIN va ON va.county6 = substr(cy.county_id, 1, 6)\n"
            f"WHERE cy.year = {{p:year}} AND {_range_sql('cy.county_id', self.region_prefix, self.binder)}"
        )
        return [
            ("hv", per_village),
            ("ha", household_aggregates),
            ("va", village_aggregates),
            ("xf", counties),
            *self._rule_ctes("xf", "xp", rules),
        ]

    # -- output ----------------------------------------------------------------------------------

    def _final(self, source: str, rules: _LevelRules, *, entity: str) -> tuple[str, tuple[str, ...]]:
        evidence = rules.evidence_names()
        if evidence:
            evidence_sql = f"CASE WHEN passed THEN NULL ELSE {self.dialect.evidence(evidence)} END"
        else:
            evidence_sql = self.dialect.json_cast.format("NULL")
        household = entity == Level.HOUSEHOLD
        select = [
            "household_id" if household else "CAST(NULL AS BIGINT)",
            "code",
            "region_code",
            "status" if household else "''",
            "passed",
            "failed_rules",
            "warnings",
            evidence_sql,
            "CAST(NULL AS FLOAT)" if household else "f_incidence",
        ]
        sql = "SELECT " + ", ".join(f"{s} AS {c}" for s, c in zip(select, OUTPUT_COLUMNS, strict=True))
        return sql + f"\nFROM {source}", tuple(key for key, _column in evidence)

    def _render(self, sql: str) -> tuple[str, set[str]]:
        """Return ``sql`` in the dialect, and the names of the bound values it holds.

        The names are those of the ``{p:name}`` markers replaced (not placeholders searched
        for afterwards: DuckDB's ``$v3`` is also the start of ``$v30``).
        """
        sql = sql.replace("{poverty_line}", self._poverty_line_sql())
        sql = sql.replace("{birth_year}", self.dialect.birth_year)
        placed: set[str] = set()

        def place(match: re.Match[str]) -> str:
            placed.add(match.group(1))
            return self.dialect.placeholder(match.group(1))

        return re.sub(r"\{p:(\w+)\}", place, sql), placed


def statement_compile(
    *,
    rules: dict[str, list[RuleSpec]],
    level: str,
    year: int,
    region_prefix: str,
    dialect: Dialect,
    poverty_lines: dict[str, Decimal | None] | None = None,
    region_holds_everything: bool = False,
    households_from: str | None = None,
    figures: bool = False,
) -> Statement:
    """Return the one statement that evaluates every entity of ``level`` in the region.

    ``households_from`` and ``figures``: see the module's docstring. Raise RuleError if a rule
    is invalid or a value the rules need is missing.
    """
    compiler = Compiler(
        rules=rules,
        year=year,
        region_prefix=region_prefix,
        dialect=dialect,
        poverty_lines=poverty_lines or {},
        region_holds_everything=region_holds_everything,
        households_from=households_from,
    )
    return compiler.compile(level, figures=figures)


def used_levels(level: str) -> Iterable[str]:
    """Return the levels whose rules an evaluation of ``level`` runs."""
    return (Level.HOUSEHOLD,) if level == Level.HOUSEHOLD else (Level.HOUSEHOLD, level)
