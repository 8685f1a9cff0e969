"""Concurrent users on the production server, beside the development server (the baseline).

Bounded and loopback only: builds (or reuses) a demo database, starts each server on a free
127.0.0.1 port, logs in N users of the demo's roles, and for a fixed time each user requests
the mix — household list, dashboard, API household list — one request after another. Prints
requests per second, p50/p95 per page, and errors (any status but 200, or a timeout), for
the production server (gunicorn via bin/serve's settings; or granian when installed and
asked for) and for ``manage.py runserver``, and the ratio.

    JINGZHUN_DEBUG=1 .venv/bin/python benchmarks/load.py --households 20000 --users 50 --seconds 60
    JINGZHUN_DEBUG=1 .venv/bin/python benchmarks/load.py --tiny          # seconds, for CI

Targets (issue): 50 users, 0 errors, ≥ 40 requests/s, p95 ≤ 1.5 s on this 2-core machine.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROLES = ["city", "county", "township", "village", "sector", "helper", "coop", "inspector", "admin"]
MIX = [("households", "/registry/households/"), ("dashboard", "/"), ("api", "/api/households/")]
PASSWORD = "Jingzhun-2019"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def get(self, path: str, body: str | None = None, timeout: float = 30) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers.update(
                {"Content-Type": "application/x-www-form-urlencoded", "Referer": "https://127.0.0.1/accounts/login/"}
            )
        connection.request("POST" if body is not None else "GET", path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        connection.close()
        return response.status, data

    def login(self, username: str) -> None:
        _status, page = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()  # type: ignore[union-attr]
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        status, _ = self.get("/accounts/login/", form)
        if status != 302:
            raise SystemExit(f"login as {username} failed ({status})")


def prepare(database: str, households: int, reuse: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DATABASE_URL=database, JINGZHUN_DEBUG="1")
    run = lambda *args: subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: E731
    run("migrate", "--no-input", "-v0")
    has_data = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from jingzhun.registry.models import Household as H; print(H.objects.count())",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not (reuse and has_data not in ("", "0")):
        run("load_regions", "-v0")
        run("generate_demo", "--households", str(households), "--replace")
    return env


def start(kind: str, env: dict[str, str], port: int, workers: int, threads: int, static: str) -> subprocess.Popen:
    if kind == "runserver":
        command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
        server_env = {**env, "JINGZHUN_DEBUG": "1"}
    else:
        server_env = {k: v for k, v in env.items() if k != "JINGZHUN_DEBUG"}
        server_env.update(
            JINGZHUN_SECRET_KEY="load-" + os.urandom(16).hex(),
            JINGZHUN_ALLOWED_HOSTS="127.0.0.1",
            JINGZHUN_BEHIND_PROXY="1",
            JINGZHUN_STATIC_ROOT=static,
            JINGZHUN_API_USER_RATE="100000/minute",
        )
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=server_env, check=True
        )
        if kind == "gunicorn":
            command = [sys.executable, "-m", "gunicorn", "jingzhun.wsgi:application", "--bind", f"127.0.0.1:{port}"]
            command += ["--workers", str(workers), "--threads", str(threads), "--no-control-socket", "--timeout", "60"]
        else:  # granian, if installed (measured to choose the server; not a dependency)
            command = [sys.executable, "-m", "granian", "--interface", "wsgi", "jingzhun.wsgi:application"]
            command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
            command += ["--blocking-threads", str(threads)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=server_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"{kind} exited with {process.returncode}") from None
            time.sleep(0.3)
    raise SystemExit(f"{kind} did not start within 60 s")


def measure(port: int, users: int, seconds: float) -> dict:
    clients = []
    for n in range(users):
        client = Client(port)
        client.login(ROLES[n % len(ROLES)])
        clients.append(client)
    times: dict[str, list[float]] = {name: [] for name, _ in MIX}
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def user(n: int, client: Client) -> None:
        step = n
        while time.monotonic() < stop_at:
            name, path = MIX[step % len(MIX)]
            step += 1
            began = time.monotonic()
            try:
                status, _ = client.get(path)
            except (OSError, http.client.HTTPException) as exc:
                status, _ = 0, str(exc)
            elapsed = time.monotonic() - began
            with lock:
                times[name].append(elapsed)
                if status != 200:
                    errors.append(f"{path} {status}")

    began = time.monotonic()
    threads = [threading.Thread(target=user, args=(n, c)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    total = sum(len(t) for t in times.values())
    return {"rps": total / wall, "requests": total, "times": times, "errors": errors}


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def report(label: str, result: dict) -> None:
    print(f"\n{label}: {result['rps']:.1f} requests/s, {result['requests']} requests, {len(result['errors'])} errors")
    for name, values in result["times"].items():
        p50, p95 = pct(values, 50) * 1000, pct(values, 95) * 1000
        print(f"  {name:<11} n={len(values):>5}  p50 {p50:7.0f} ms  p95 {p95:7.0f} ms")
    for error in sorted(set(result["errors"]))[:10]:
        print(f"  error: {error}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--households", type=int, default=20000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--server", choices=["gunicorn", "granian"], default="gunicorn")
    parser.add_argument("--no-baseline", action="store_true", help="skip the development server")
    parser.add_argument("--reuse", action="store_true", help="keep a demo generated by an earlier run")
    parser.add_argument("--tiny", action="store_true", help="a few seconds on a tiny demo (CI)")
    args = parser.parse_args()
    if args.tiny:
        args.households, args.users, args.seconds, args.workers, args.threads = 200, 4, 3, 2, 2
    with tempfile.TemporaryDirectory(prefix="jingzhun-load-") as tmp:
        database = args.database_url or f"sqlite:///{tmp}/load.sqlite3"
        env = prepare(database, args.households, args.reuse)
        results = {}
        servers = [args.server] + ([] if args.no_baseline else ["runserver"])
        for kind in servers:
            port = free_port()
            process = start(kind, env, port, args.workers, args.threads, f"{tmp}/static")
            try:
                results[kind] = measure(port, args.users, args.seconds)
            finally:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            report(f"{kind} ({args.users} users, {args.seconds:.0f} s)", results[kind])
        if "runserver" in results and results["runserver"]["rps"]:
            ratio = results[args.server]["rps"] / results["runserver"]["rps"]
            print(f"\nratio {args.server} ÷ runserver: {ratio:.1f}× requests/s")
    failed = any(r["errors"] for r in results.values())
    return 1 if failed and args.tiny else 0


if __name__ == "__main__":
    sys.exit(main())
