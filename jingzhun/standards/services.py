"""Use cases of the standards engine: poverty lines, rule sets, rules, evaluation runs, comparisons."""

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from jingzhun.core.access import allows, require
from jingzhun.core.audit import audit_context, record_event
from jingzhun.core.choices import AuditAction
from jingzhun.core.regioncodes import LEVEL_DIGITS, prefix_q, significant_prefix
from jingzhun.core.scoping import user_may_see_code
from jingzhun.regions.models import Region
from jingzhun.registry.models import Household
from jingzhun.standards import shipped
from jingzhun.standards.choices import Engine, Level, RunKind, RunStatus
from jingzhun.standards.compiler import Dialect, RuleSpec, Statement, statement_compile, used_levels
from jingzhun.standards.engines import HOUSEHOLDS_KEPT, ColumnarEngine, DatabaseEngine
from jingzhun.standards.expressions import RuleError, literal_type, parameters_validate
from jingzhun.standards.labels import rule_title
from jingzhun.standards.models import EvaluationResult, EvaluationRun, PovertyLine, Rule, RuleSet
from jingzhun.standards.spark import SparkEngine, spark_available

Progress = Callable[[int, int, str], None]


def _require(user: Any, action: str, message: str) -> None:
    """Ask the access policy (``user`` None: a management command, which acts for the office)."""
    if user is not None:
        require(user, action, "standards", message)


# -- poverty lines -------------------------------------------------------------------------------


def poverty_lines_for(*, year: int) -> dict[str, Decimal | None]:
    """Return the lines of ``year``: "" → the national line, "61" → a province's own line."""
    lines: dict[str, Decimal | None] = {"": None}
    for line in PovertyLine.objects.filter(year=year):
        lines["" if line.region_id is None else line.region_id[:2]] = line.amount
    return lines


def poverty_line_save(*, user: Any, data: Mapping[str, Any], line: PovertyLine | None = None) -> PovertyLine:
    """Create or change a poverty line (national, or a province's own); raise ValidationError if invalid."""
    _require(user, "change", _("只有市级扶贫部门可以修改扶贫标准。"))
    line = line or PovertyLine()
    for name in ("year", "region", "amount", "source"):
        if name in data:
            setattr(line, name, data[name])
    with transaction.atomic(), audit_context(actor=user):
        line.full_clean()
        line.save()
    return line


def poverty_line_for(*, year: int, region_code: str) -> Decimal | None:
    """Return the poverty line that applies to ``region_code`` in ``year`` (None if none is entered)."""
    lines = poverty_lines_for(year=year)
    return lines.get(region_code[:2]) or lines.get("")


# -- rule sets and rules ---------------------------------------------------------------------------


def standards_load(*, restore: bool = False) -> int:
    """Create the shipped poverty lines and rule sets that are missing; return how many were created.

    With ``restore``, a shipped rule set that exists but was never used by an official run
    is put back to its shipped content.
    """
    created = 0
    with transaction.atomic():
        for year, amount in shipped.POVERTY_LINES.items():
            _, new = PovertyLine.objects.get_or_create(
                year=year, region=None, defaults={"amount": amount, "source": shipped.POVERTY_LINE_SOURCE}
            )
            created += new
        for data in shipped.RULESETS:
            fields = {k: v for k, v in data.items() if k not in ("code", "rules")}
            ruleset, new = RuleSet.objects.get_or_create(code=data["code"], defaults=fields)
            if not new and not (restore and not ruleset.is_locked):
                continue
            created += new
            ruleset.rules.all().delete()
            for position, rule in enumerate(data["rules"]):
                Rule.objects.create(ruleset=ruleset, position=position, **rule)
    return created


def ruleset_in_force(*, year: int, region_code: str) -> RuleSet | None:
    """Return the rule set that applies to ``region_code`` in ``year``.

    The most specific region wins, then the latest start year, then the latest created.
    """
    candidates = [rs for rs in RuleSet.objects.all() if rs.applies_to(year, region_code)]
    candidates.sort(key=lambda rs: (len(rs.region_prefix), rs.effective_from, rs.pk), reverse=True)
    return candidates[0] if candidates else None


def ruleset_copy(*, user: Any, ruleset: RuleSet, code: str, name: str) -> RuleSet:
    """Copy ``ruleset`` with all its rules to a new version ``code``; the original stays as it is."""
    _require(user, "change", _("只有市级扶贫部门可以修改退出标准。"))
    with transaction.atomic(), audit_context(actor=user, reason=_("复制规则集 %(code)s") % {"code": ruleset.code}):
        copy = RuleSet(
            code=code,
            name=name,
            description=ruleset.description,
            source=ruleset.source,
            effective_from=ruleset.effective_from,
            effective_to=ruleset.effective_to,
            region_prefix=ruleset.region_prefix,
            copied_from=ruleset,
        )
        copy.full_clean()
        copy.save()
        for rule in ruleset.rules.all():
            Rule.objects.create(
                ruleset=copy,
                level=rule.level,
                code=rule.code,
                name=rule.name,
                veto=rule.veto,
                expression=rule.expression,
                parameters=rule.parameters,
                fix_hint=rule.fix_hint,
                position=rule.position,
            )
    return copy


def _editable(user: Any, ruleset: RuleSet) -> None:
    _require(user, "change", _("只有市级扶贫部门可以修改退出标准。"))
    if ruleset.is_locked:
        raise ValidationError(_("该规则集已用于正式评估，不能再修改；请复制为新版本后修改。"))


def ruleset_update(*, user: Any, ruleset: RuleSet, data: Mapping[str, Any]) -> RuleSet:
    """Change a rule set's name, description, source or years."""
    _editable(user, ruleset)
    with transaction.atomic(), audit_context(actor=user):
        for name in ("name", "description", "source", "effective_from", "effective_to", "region_prefix"):
            if name in data:
                setattr(ruleset, name, data[name])
        ruleset.full_clean()
        ruleset.save()
    return ruleset


def rule_save(*, user: Any, ruleset: RuleSet, data: Mapping[str, Any], rule: Rule | None = None) -> Rule:
    """Create or change a rule of ``ruleset``; raise ValidationError naming the wrong part."""
    _editable(user, ruleset)
    rule = rule or Rule(ruleset=ruleset)
    for name in ("level", "code", "name", "veto", "expression", "parameters", "fix_hint", "position"):
        if name in data:
            setattr(rule, name, data[name])
    with transaction.atomic(), audit_context(actor=user):
        rule.full_clean()
        rule.save()
    return rule


def rule_delete(*, user: Any, rule: Rule) -> None:
    _editable(user, rule.ruleset)
    with transaction.atomic(), audit_context(actor=user):
        rule.delete()


def parameter_overrides_parse(values: Iterable[str]) -> dict[str, Any]:
    """Parse ``NAME=VALUE`` (or ``RULE.NAME=VALUE``) items; raise ValueError with what is wrong."""
    overrides: dict[str, Any] = {}
    for item in values:
        name, sep, raw = item.partition("=")
        name, raw = name.strip(), raw.strip()
        if not sep or not name:
            raise ValueError(_("参数“%(item)s”的格式应为 名称=值") % {"item": item})
        overrides[name] = _parse_value(raw)
    return overrides


def _parse_value(raw: str) -> Any:
    lowered = raw.lower()
    if lowered in ("true", "false", "是", "否"):
        return lowered in ("true", "是")
    if lowered in ("null", "none", ""):
        return None
    try:
        return int(raw)
    except ValueError:
        pass
    try:
        return float(raw)
    except ValueError:
        return raw


@dataclass(frozen=True)
class ResolvedRules:
    by_level: dict[str, list[RuleSpec]]
    parameters: dict[str, dict[str, Any]]  # "level.rule" → {parameter: value}
    snapshot: list[dict[str, Any]]


def rules_resolve(*, ruleset: RuleSet, level: str, overrides: Mapping[str, Any] | None = None) -> ResolvedRules:
    """Return the rules an evaluation of ``level`` runs, with parameter values after ``overrides``.

    ``NAME`` sets that parameter in every rule that declares it; ``RULE.NAME`` (or
    ``LEVEL.RULE.NAME``) in one rule. Raise RuleError for an override that matches nothing
    or has the wrong type.
    """
    overrides = dict(overrides or {})
    rules = [r for r in ruleset.rules.all() if r.level in used_levels(level)]
    used: set[str] = set()
    by_level: dict[str, list[RuleSpec]] = {}
    parameters: dict[str, dict[str, Any]] = {}
    snapshot = []
    for rule in rules:
        declared = parameters_validate(rule.parameters)
        values = rule.parameter_defaults()
        for key in (
            *declared,
            *(f"{rule.code}.{p}" for p in declared),
            *(f"{rule.level}.{rule.code}.{p}" for p in declared),
        ):
            if key in overrides:
                parameter = key.rsplit(".", 1)[-1]
                value = overrides[key]
                kind = declared[parameter].get("type", "number")
                if value is not None and literal_type(value) != kind:
                    raise RuleError(_("参数 %(key)s 的值类型不对（应为 %(kind)s）") % {"key": key, "kind": kind})
                values[parameter] = value
                used.add(key)
        key = f"{rule.level}.{rule.code}"
        parameters[key] = values
        title = rule_title(
            name=rule.name, level=rule.level, expression=rule.expression, declared=rule.parameters, values=values
        )
        by_level.setdefault(rule.level, []).append(
            RuleSpec(code=rule.code, name=title, veto=rule.veto, expression=rule.expression, parameters=values)
        )
        snapshot.append(
            {
                "level": rule.level,
                "code": rule.code,
                "name": title,
                "rule_name": rule.name,
                "veto": rule.veto,
                "expression": rule.expression,
                "parameters": values,
                "declared": rule.parameters,
                "fix_hint": rule.fix_hint,
            }
        )
    unknown = sorted(set(overrides) - used)
    if unknown:
        raise RuleError(_("规则集中没有这些参数：%(names)s") % {"names": ", ".join(unknown)})
    return ResolvedRules(by_level=by_level, parameters=parameters, snapshot=snapshot)


def statement_for(
    *,
    ruleset: RuleSet,
    level: str,
    year: int,
    region_code: str,
    overrides: Mapping[str, Any] | None,
    dialect: Any,
    households_from: str | None = None,
    figures: bool = False,
) -> tuple[Statement, ResolvedRules]:
    """Return the statement of ``level`` and the rules it runs (``households_from``, ``figures``: see compiler)."""
    resolved = rules_resolve(ruleset=ruleset, level=level, overrides=overrides)
    prefix = _prefix(region_code)
    statement = statement_compile(
        rules=resolved.by_level,
        level=level,
        year=year,
        region_prefix=prefix,
        dialect=dialect,
        poverty_lines=poverty_lines_for(year=year),
        region_holds_everything=not Household.objects.exclude(prefix_q("village_id", prefix)).exists(),
        households_from=households_from,
        figures=figures,
    )
    return statement, resolved


def _prefix(region_code: str) -> str:
    return significant_prefix(region_code) if len(region_code) == 12 else region_code


def rule_preview(*, ruleset: RuleSet, rule: Rule, year: int, region_code: str) -> tuple[int, int]:
    """Return (entities, failing) for one rule alone on the current data of the region, in the database.

    A village or county rule is judged after the rule set's household rules, as in a real
    run: its incidence counts the people of households still poor under those rules.
    """
    rule.full_clean(exclude=["ruleset", "code", "name"])
    spec = RuleSpec(
        code="preview", name=rule.name, veto=True, expression=rule.expression, parameters=rule.parameter_defaults()
    )
    rules: dict[str, list[RuleSpec]] = {str(level): [] for level in Level}
    if rule.level != Level.HOUSEHOLD:
        lower = rules_resolve(ruleset=ruleset, level=rule.level)
        rules[Level.HOUSEHOLD] = lower.by_level.get(Level.HOUSEHOLD, [])
    rules[rule.level] = [spec]
    engine = DatabaseEngine()
    prefix = _prefix(region_code)
    statement = statement_compile(
        rules=rules,
        level=rule.level,
        year=year,
        region_prefix=prefix,
        dialect=engine.dialect,
        poverty_lines=poverty_lines_for(year=year),
        region_holds_everything=not Household.objects.exclude(prefix_q("village_id", prefix)).exists(),
    )
    sql = f"SELECT COUNT(*), SUM(CASE WHEN s.passed THEN 0 ELSE 1 END) FROM ({statement.sql}) s"
    with connection.cursor() as cursor:
        cursor.execute(sql, statement.params)
        entities, failing = cursor.fetchone()
    return int(entities or 0), int(failing or 0)


# -- evaluation runs -------------------------------------------------------------------------------


def evaluation_check(
    *,
    user: Any,
    ruleset: RuleSet,
    level: str,
    year: int,
    region: Region,
    overrides: Mapping[str, Any],
    official: bool,
) -> None:
    """Raise PermissionDenied or RuleError (saying why) if this evaluation may not or cannot run.

    Everything that can be known before the work: role and scope, the level against the
    region, the parameters, and for an official run the city office, the rule set in force
    and no changed parameters.
    """
    _require(user, "add", _("您的角色不能发起评估。"))
    if user is not None and not user_may_see_code(user, region.code):
        raise PermissionDenied(_("只能评估本辖区。"))
    if Level(level) == Level.COUNTY and LEVEL_DIGITS[region.level] > LEVEL_DIGITS["county"]:
        raise RuleError(_("县级评估的范围必须是县或更大的地区"))
    rules_resolve(ruleset=ruleset, level=level, overrides=overrides)
    if official:
        _require(user, "approve", _("只有市级扶贫部门可以发起正式评估。"))
        if overrides:
            raise RuleError(_("正式评估不能调整参数；调整参数请用模拟评估。"))
        in_force = ruleset_in_force(year=year, region_code=region.code)
        if in_force is None or in_force.pk != ruleset.pk:
            raise RuleError(_("正式评估必须使用 %(year)d 年适用的规则集。") % {"year": year})


def evaluation_run(
    *,
    user: Any,
    ruleset: RuleSet,
    level: str,
    year: int,
    region: Region,
    overrides: Mapping[str, Any] | None = None,
    official: bool = False,
    engine: str = Engine.DB,
    snapshot: Path | None = None,
    note: str = "",
    progress: Progress | None = None,
) -> EvaluationRun:
    """Evaluate every entity of ``level`` in ``region`` for ``year`` and store one result each.

    An official run needs the city office, the rule set in force and no parameter changes;
    everything else is a what-if run. Raise RuleError for invalid rules or parameters,
    PermissionDenied for a user who may not run it, FileNotFoundError for a missing snapshot.
    Nothing of a failed run remains but its record with the error.
    """
    (run,) = evaluation_runs(
        user=user,
        ruleset=ruleset,
        levels=[level],
        year=year,
        region=region,
        overrides=overrides,
        official=official,
        engine=engine,
        snapshot=snapshot,
        note=note,
        progress=progress,
    )
    return run


# A village or county run alone evaluates its households inline, inside its one statement, on
# every engine: evaluating them first into a table was measured slower or no faster
# (benchmarks/README.md, "Levels evaluated once each").
HOUSEHOLDS_FIRST_ALONE: dict[str, bool] = {Engine.DB: False, Engine.COLUMNAR: False, Engine.SPARK: False}


def evaluation_runs(
    *,
    user: Any,
    ruleset: RuleSet,
    levels: Iterable[str],
    year: int,
    region: Region,
    overrides: Mapping[str, Any] | None = None,
    official: bool = False,
    engine: str = Engine.DB,
    snapshot: Path | None = None,
    note: str = "",
    progress: Progress | None = None,
) -> list[EvaluationRun]:
    """Evaluate ``levels`` together: one run per level, as ``evaluation_run`` makes each.

    Households are evaluated once: with the household level and another, the village and
    county statements read the household results of the same evaluation instead of
    evaluating every household again. Everything is checked and compiled before any run is
    recorded; a run that fails is recorded with its error and the error raised.
    """
    ordered = sorted({Level(level) for level in levels}, key=list(Level).index)
    overrides = dict(overrides or {})
    for level in ordered:
        evaluation_check(
            user=user, ruleset=ruleset, level=level, year=year, region=region, overrides=overrides, official=official
        )
    if engine in (Engine.COLUMNAR, Engine.SPARK) and snapshot is None:
        raise RuleError(_("快速计算方式需要先由系统管理员生成登记数据快照。"))
    if engine == Engine.SPARK and (missing := spark_available()):
        raise RuleError(_("分布式引擎（Spark）在本机不可用：%(why)s。请改用数据库或列式引擎。") % {"why": missing})
    dialects: dict[str, Dialect] = {Engine.COLUMNAR: ColumnarEngine.dialect, Engine.SPARK: SparkEngine.dialect}
    dialect = dialects.get(engine) or DatabaseEngine().dialect
    upper = any(level != Level.HOUSEHOLD for level in ordered)
    households_first = upper and (Level.HOUSEHOLD in ordered or HOUSEHOLDS_FIRST_ALONE.get(engine, False))
    compiled: list[tuple[Level, Statement, ResolvedRules]] = []
    kept: Statement | None = None
    for level in ordered:
        statement, resolved = statement_for(
            ruleset=ruleset,
            level=level,
            year=year,
            region_code=region.code,
            overrides=overrides,
            dialect=dialect,
            households_from=HOUSEHOLDS_KEPT if households_first else None,
        )
        compiled.append((level, statement, resolved))
    if households_first:
        kept, _resolved = statement_for(
            ruleset=ruleset,
            level=Level.HOUSEHOLD,
            year=year,
            region_code=region.code,
            overrides=overrides,
            dialect=dialect,
            figures=True,
        )
    # Opened only once the statements compiled, so a rule error leaves no DuckDB connection behind.
    runner: DatabaseEngine | ColumnarEngine | SparkEngine = DatabaseEngine()
    if engine == Engine.COLUMNAR and snapshot is not None:
        runner = ColumnarEngine(snapshot)
    elif engine == Engine.SPARK and snapshot is not None:
        runner = SparkEngine(snapshot)
    runs = []
    try:
        if kept is not None and Level.HOUSEHOLD not in ordered:
            runner.households_keep(kept)
        for level, statement, resolved in compiled:
            run = _run_record(
                user=user,
                ruleset=ruleset,
                level=level,
                year=year,
                region=region,
                overrides=overrides,
                official=official,
                engine=engine,
                resolved=resolved,
                note=note,
            )
            keep = kept if level == Level.HOUSEHOLD else None  # timed with the household run
            runs.append(_run_store(run, runner, statement, progress, keep=keep))
    finally:
        if households_first or isinstance(runner, ColumnarEngine | SparkEngine):
            runner.close()
    return runs


def _run_record(
    *,
    user: Any,
    ruleset: RuleSet,
    level: Level,
    year: int,
    region: Region,
    overrides: dict[str, Any],
    official: bool,
    engine: str,
    resolved: ResolvedRules,
    note: str,
) -> EvaluationRun:
    """Create a run's record and its audit entry."""
    run = EvaluationRun.objects.create(
        ruleset=ruleset,
        level=level,
        year=year,
        region=region,
        kind=RunKind.OFFICIAL if official else RunKind.WHAT_IF,
        engine=engine,
        parameters=resolved.parameters,
        overrides=overrides,
        rules_snapshot=resolved.snapshot,
        created_by=user if user is not None and user.pk else None,
        note=note,
    )
    with audit_context(actor=user if user is not None and user.pk else None):
        record_event(
            action=AuditAction.CREATE,
            instance=run,
            region_code=region.code,
            object_repr=_("%(kind)s #%(pk)s：%(year)s 年 %(region)s %(level)s级评估（%(ruleset)s）")
            % {
                "kind": run.get_kind_display(),
                "pk": run.pk,
                "year": year,
                "region": region.name,
                "level": run.get_level_display(),
                "ruleset": ruleset.name,
            },
            after={
                "ruleset": ruleset.code,
                "level": str(level),
                "year": year,
                "region": region.code,
                "overrides": overrides,
            },
            reason=note,
        )
    return run


def _run_store(
    run: EvaluationRun,
    runner: "DatabaseEngine | ColumnarEngine | SparkEngine",
    statement: Statement,
    progress: Progress | None,
    *,
    keep: Statement | None = None,
) -> EvaluationRun:
    """Store the results of ``statement`` for ``run``, count them and finish the run (or record its error).

    With ``keep``, the household rows are first kept for the levels together (``households_keep``).
    """
    started = time.perf_counter()
    if progress:
        progress(1, 3, _("正在计算并保存每个对象的结果……"))
    try:
        with transaction.atomic():
            if keep is not None:
                runner.households_keep(keep)
            runner.store(statement, run_id=run.pk)
            if progress:
                progress(2, 3, _("正在汇总……"))
            counts = EvaluationResult.objects.filter(run=run).aggregate(
                entities=Count("pk"), passed=Count("pk", filter=Q(passed=True))
            )
    except Exception as exc:
        EvaluationRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(exc)[:2000])
        raise
    EvaluationRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        entities=counts["entities"],
        passed=counts["passed"],
        seconds=time.perf_counter() - started,
    )
    run.refresh_from_db()
    return run


def evaluation_run_delete(*, user: Any, run: EvaluationRun) -> None:
    """Delete a what-if run and its results; official runs are the record and stay."""
    if run.kind == RunKind.OFFICIAL:
        raise ValidationError(_("正式评估结果不能删除。"))
    if user is not None and run.created_by_id != user.pk and not allows(user, "change", "standards"):
        raise PermissionDenied(_("只能删除自己发起的模拟评估。"))
    with transaction.atomic():
        EvaluationResult.objects.filter(run=run)._raw_delete(EvaluationResult.objects.db)
        run.delete()


def latest_official_run(*, level: str, year: int, region_code: str = "") -> EvaluationRun | None:
    """Return the newest official run of ``level`` and ``year`` whose region covers ``region_code``."""
    runs = EvaluationRun.objects.official().filter(level=level, year=year).select_related("ruleset", "region")
    covering = [r for r in runs.order_by("-created_at", "-pk")[:50] if region_code.startswith(_prefix(r.region_id))]
    return covering[0] if covering else None


def household_failures_latest(*, year: int) -> QuerySet[EvaluationResult]:
    """Return results (``household_id``, ``failed_rules``) of households failing the latest official run of ``year``.

    Each household is judged by the newest official household run that evaluated it, so a
    county's later run replaces the city-wide one for that county only.
    """
    official = EvaluationRun.objects.official().filter(level=Level.HOUSEHOLD, year=year)
    newer = EvaluationResult.objects.filter(run__in=official, code=OuterRef("code"), run_id__gt=OuterRef("run_id"))
    return EvaluationResult.objects.filter(run__in=official, passed=False).exclude(Exists(newer))


def run_compare(*, base: EvaluationRun, other: EvaluationRun) -> QuerySet[EvaluationResult]:
    """Return the results of ``other`` whose pass/fail differs from ``base``.

    Each row is annotated with ``base_passed`` and ``base_failed_rules`` (null for an entity
    that ``base`` did not evaluate, which counts as a change). One query, joined in the database.
    """
    if base.level != other.level:
        raise RuleError(_("只能比较同一层级的评估。"))
    base_results = EvaluationResult.objects.filter(run=base, code=OuterRef("code"))
    return (
        EvaluationResult.objects.filter(run=other)
        .annotate(
            base_passed=Subquery(base_results.values("passed")[:1]),
            base_failed_rules=Subquery(base_results.values("failed_rules")[:1]),
        )
        .filter(Q(base_passed__isnull=True) | ~Q(base_passed=F("passed")))
        .order_by("region_code", "code")
    )


# -- one household's verdicts ----------------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdVerdict:
    """A household's result in one official household run, with the names of the rules it failed."""

    result: EvaluationResult
    failures: list[tuple[str, str]]  # (rule code, rule name as recorded by the run)


def household_verdicts(*, household_code: str, limit: int = 5) -> list[HouseholdVerdict]:
    """Return the household's verdicts in the finished official household runs, newest year and run first.

    The caller has checked that the household is visible to the user. One query.
    """
    results = (
        EvaluationResult.objects.filter(
            code=household_code, run__level=Level.HOUSEHOLD, run__kind=RunKind.OFFICIAL, run__status=RunStatus.DONE
        )
        .select_related("run__ruleset")
        .order_by("-run__year", "-run__created_at")[:limit]
    )
    verdicts = []
    for result in results:
        rules = result.run.rule_index()
        failures = [(code, rules.get(code, {}).get("name", code)) for code in result.failed_codes]
        verdicts.append(HouseholdVerdict(result=result, failures=failures))
    return verdicts
