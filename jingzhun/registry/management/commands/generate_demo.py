from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jingzhun.registry.demo import DemoError, demo_generate
from jingzhun.registry.demo.calibration import DEFAULT_YEAR
from jingzhun.registry.demo.extensions import demo_extensions_run
from jingzhun.registry.demo.users import DEMO_PASSWORD, demo_users_create, write_table


class Command(BaseCommand):
    help = (
        "Generate the deterministic demo registry on the real map: city (安康市, default) or "
        "province (陕西省). Optionally plant known errors and write their ground truth."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--scale", choices=("city", "province", "national"), default="city")
        parser.add_argument("--households", type=int, help="scale the demo down to about N households")
        parser.add_argument("--seed", type=int, default=2017, help="random seed (same seed, same data)")
        parser.add_argument("--year", type=int, default=DEFAULT_YEAR, help="the demo's current year (2017–2020)")
        parser.add_argument(
            "--plant-errors",
            type=Path,
            metavar="TRUTH.csv",
            help="plant known errors; write the truth here and the deaths/payroll lists next to it",
        )
        parser.add_argument("--replace", action="store_true", help="delete the region's registry rows first")
        parser.add_argument("--no-users", action="store_true", help="do not create the demo accounts")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        verbosity = options["verbosity"]
        bars: dict[str, tqdm] = {}

        def progress(stage: str, done: int, total: int) -> None:
            bar = bars.get(stage)
            if bar is None:
                bar = bars[stage] = tqdm(total=total, desc="生成贫困户", unit="户", disable=verbosity < 1)
            bar.update(done)

        try:
            result = demo_generate(
                scale=options["scale"],
                households=options["households"],
                seed=options["seed"],
                year=options["year"],
                plant_errors=options["plant_errors"],
                replace=options["replace"],
                progress=progress,
            )
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            for bar in bars.values():
                bar.close()

        out = self.stdout.write
        out(f"{result.region_name}（{result.scale}，种子 {result.seed}，当前年度 {result.year}）")
        if result.deleted_households:
            out(f"  已删除原有 {result.deleted_households} 户")
        out(
            f"  贫困户 {result.households:,} 户，成员 {result.members:,} 人（在册 {result.living_members:,} 人），"
            f"年度情况 {result.household_years:,} 条"
        )
        out(f"  村级年度 {result.village_years:,} 条，县级年度 {result.county_years:,} 条")
        out(
            f"  农村户籍人口 {result.rural_population:,} 人；贫困村 {result.poor_villages} 个，"
            f"其中深度贫困村 {result.deep_poverty_villages} 个"
        )
        out("  计划脱贫年度：" + "，".join(f"{y} 年 {n:,} 人" for y, n in result.people_by_planned_year.items()))
        out(
            "  计划出列村数（当年度记录）："
            + "，".join(f"{y} 年 {n} 个" for y, n in result.villages_by_planned_year.items())
        )
        if result.planted:
            out("  埋设错误：" + "，".join(f"{k} {n}" for k, n in result.planted.items()))
            out("  真值文件：" + "，".join(str(p) for p in result.truth_files))
        out(f"  用时 {result.seconds:.1f} 秒")
        keys = ("scale", "households", "seed", "year", "replace")
        for summary in demo_extensions_run(**{key: options[key] for key in keys}):
            out(summary)  # e.g. the project year of Ankang (projects app)
        if not options["no_users"]:
            try:
                users = demo_users_create()
            except ValidationError as exc:
                raise CommandError("；".join(exc.messages)) from exc
            out("演示账号：")
            write_table(self.stdout, users, DEMO_PASSWORD)
