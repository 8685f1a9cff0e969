import sys
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from jingzhun.core.excel.writer import csv_writer
from jingzhun.core.regioncodes import pad_code, region_prefix
from jingzhun.regions.models import Region
from jingzhun.standards.choices import Engine, Level
from jingzhun.standards.expressions import RuleError
from jingzhun.standards.models import EvaluationResult, RuleSet
from jingzhun.standards.services import evaluation_runs, parameter_overrides_parse, ruleset_in_force


class Command(BaseCommand):
    help = (
        "Evaluate households, villages or counties against the exit standard of a year and record the run. "
        "With --out, write code,passed,failed_rules (+ incidence for villages and counties) as CSV. "
        "--level all records one run per level and evaluates each household once for the three."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--level", required=True, choices=[*(level.value for level in Level), "all"])
        parser.add_argument("--ruleset", help="rule set code (default: the one in force for the year and region)")
        parser.add_argument("--region", help="division code or prefix (default: the province)")
        parser.add_argument(
            "--set",
            dest="overrides",
            action="append",
            default=[],
            metavar="PARAM=VALUE",
            help="change a parameter for this what-if run (NAME, RULE.NAME or LEVEL.RULE.NAME); repeatable",
        )
        parser.add_argument("--engine", choices=[e.value for e in Engine], default=Engine.DB)
        parser.add_argument("--snapshot", type=Path, help="snapshot folder for --engine columnar or spark")
        parser.add_argument("--official", action="store_true", help="record an official run (no --set allowed)")
        parser.add_argument("--note", default="")
        parser.add_argument("--out", help="CSV file to write, or - for standard output")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        region = self._region(options["region"])
        year = options["year"]
        ruleset = self._ruleset(options["ruleset"], year, region)
        levels = list(Level) if options["level"] == "all" else [Level(options["level"])]
        if len(levels) > 1 and options["out"]:
            raise CommandError("--out writes the results of one level: give --level household, village or county.")
        try:
            overrides = parameter_overrides_parse(options["overrides"])
            runs = evaluation_runs(
                user=None,
                ruleset=ruleset,
                levels=levels,
                year=year,
                region=region,
                overrides=overrides,
                official=options["official"],
                engine=options["engine"],
                snapshot=options["snapshot"] or settings.SNAPSHOT_DIR,
                note=options["note"],
            )
        except (ValueError, RuleError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"快照不存在（{exc}）：请先运行 manage.py snapshot。") from exc
        if options["out"]:
            self._write_csv(runs[0], options["out"])
        for run in runs:
            summary = (
                f"run #{run.pk} ({run.get_kind_display()}, {ruleset.code}, {run.get_engine_display()}, {run.level}): "
                f"{run.entities:,} evaluated, {run.passed:,} passed, {run.failed:,} failed in {run.seconds:.2f} s"
            )
            (self.stderr if options["out"] == "-" else self.stdout).write(summary)

    def _region(self, value: str | None) -> Region:
        if value is None:
            provinces = list(Region.objects.filter(level="province")[:2])
            if len(provinces) != 1:
                raise CommandError("Give the region to evaluate with --region.")
            return provinces[0]
        prefix = region_prefix(value)
        region = Region.objects.filter(code=pad_code(prefix or "")).first() if prefix else None
        if region is None:
            raise CommandError(f"No division has the code {value!r}.")
        return region

    def _ruleset(self, code: str | None, year: int, region: Region) -> RuleSet:
        if code:
            try:
                return RuleSet.objects.get(code=code)
            except RuleSet.DoesNotExist:
                known = ", ".join(RuleSet.objects.values_list("code", flat=True))
                raise CommandError(f"No rule set {code!r} (known: {known}).") from None
        ruleset = ruleset_in_force(year=year, region_code=region.code)
        if ruleset is None:
            raise CommandError(f"No rule set is in force for {year} in {region.code}; give one with --ruleset.")
        return ruleset

    def _write_csv(self, run, out: str) -> None:  # type: ignore[no-untyped-def]
        area = run.level != Level.HOUSEHOLD
        header = ["code", "passed", "failed_rules", *(["incidence"] if area else []), "warnings", "region_code"]
        rows = EvaluationResult.objects.filter(run=run).order_by("code")
        fields = ["code", "passed", "failed_rules", "incidence", "warnings", "region_code"]
        handle = sys.stdout if out == "-" else open(out, "w", newline="", encoding="utf-8")  # noqa: SIM115
        try:
            writer = csv_writer(handle)
            writer.writerow(header)
            for code, passed, failed, incidence, warnings, region_code in rows.values_list(*fields).iterator(
                chunk_size=20_000
            ):
                extra = [_fraction(incidence)] if area else []
                writer.writerow([code, 1 if passed else 0, failed, *extra, warnings, region_code])
        finally:
            if handle is not sys.stdout:
                handle.close()


def _fraction(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".") or "0"
