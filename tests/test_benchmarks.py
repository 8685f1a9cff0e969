"""Every benchmark still runs: each script at ``--tiny`` in a subprocess, failing on a non-zero exit.

The full sizes stay manual (benchmarks/README.md); this catches an import error or a changed
interface the day it happens. The scripts run on SQLite databases of their own, copied from a
template that is migrated and holds the map (and, for the scripts that evaluate a registry, a
300-household demo; those that can reuse it are given ``--reuse``), two at a time (the
machine has two cores).

Skipped when the suite runs on PostgreSQL: the scripts do not use the test database, so the
PostgreSQL round would run the same SQLite subprocesses a second time for nothing.
"""

import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
TIMEOUT = 300

# script → its arguments after the database URL ("{db}") at the tiny size
BENCHMARKS: dict[str, list[str]] = {
    "quality_checks": ["--database-url", "{db}", "--tiny"],
    "registry_import": ["--database-url", "{db}", "--tiny"],
    "registry_pages": ["--database-url", "{db}", "--tiny", "--reuse"],
    "projects_alerts": ["--database-url", "{db}", "--tiny", "--reuse"],
    "standards_evaluate": ["db", "--database-url", "{db}", "--tiny"],
    "standards_evaluate_national": ["national", "--tiny"],
    "ledger_export": ["--database-url", "{db}", "--tiny"],
    "workflow_todo": ["--database-url", "{db}", "--tiny"],
    "load": ["--database-url", "{db}", "--tiny", "--reuse"],
}

# These write their own rows and compare with a baseline over every workflow or finding: they
# start from the map alone, as their own tests run them.
OWN_DATA = {"workflow_todo", "ledger_export"}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="the benchmarks run on SQLite databases of their own: the SQLite round has run them",
    ),
]


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["JINGZHUN_DEBUG"] = "1"
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=_environment(), capture_output=True, text=True, timeout=TIMEOUT
    )


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess[str]]:
    """Run every benchmark once (two at a time); return each one's completed process."""
    tmp = tmp_path_factory.mktemp("benchmarks")
    templates = {"map": tmp / "map.sqlite3", "demo": tmp / "demo.sqlite3"}
    steps = [
        ("map", ["migrate", "--verbosity", "0"]),
        ("map", ["load_regions", "--verbosity", "0"]),
        ("demo", ["generate_demo", "--households", "300", "--verbosity", "0"]),
    ]
    for template, command in steps:
        if template == "demo":
            shutil.copyfile(templates["map"], templates["demo"])
        env = {**_environment(), "DATABASE_URL": f"sqlite:///{templates[template]}"}
        done = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT
        )
        assert done.returncode == 0, done.stderr[-3000:]

    def run(name: str) -> subprocess.CompletedProcess[str]:
        database = tmp / f"{name}.sqlite3"
        shutil.copyfile(templates["map" if name in OWN_DATA else "demo"], database)
        script = ROOT / "benchmarks" / f"{name.removesuffix('_national')}.py"
        args = [a.replace("{db}", f"sqlite:///{database}") for a in BENCHMARKS[name]]
        return _run([str(script), *args], cwd=tmp)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(BENCHMARKS, pool.map(run, BENCHMARKS), strict=True))


def test_every_benchmark_is_covered() -> None:
    scripts = {p.stem for p in (ROOT / "benchmarks").glob("*.py")}
    assert scripts == {name.removesuffix("_national") for name in BENCHMARKS}


@pytest.mark.parametrize("name", list(BENCHMARKS))
def test_benchmark_runs_tiny(name: str, outcomes: dict[str, subprocess.CompletedProcess[str]]) -> None:
    done = outcomes[name]
    assert done.returncode == 0, f"{name} exited {done.returncode}:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    assert "ratio" in done.stdout or "÷" in done.stdout, f"{name} printed no ratio against its baseline"
    assert "DISAGREE" not in done.stdout and "DIFFERENT" not in done.stdout, done.stdout[-3000:]
