"""Production smoke test: the production settings end to end, as bin/serve runs them.

Builds a small demo on a fresh SQLite database in a temporary folder, then runs bin/serve
(``check --deploy``, migrate, collectstatic, the background worker and gunicorn) with
``JINGZHUN_DEBUG`` unset on a free loopback port, behind a pretend TLS proxy
(``X-Forwarded-Proto: https``). It logs in as the city office and as a helping unit, opens
every main page, the API and the admin, follows the first household, fetches the static
files the pages link, and fails on any 500 (or a page that sends a logged-in user back to
the login form). Run: ``bin/smoke`` (CI runs it); it takes under a minute.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Jingzhun-2019"
PAGES = [
    "/",
    "/registry/households/",
    "/registry/households/?q=%E7%8E%8B",
    "/standards/",
    "/standards/runs/",
    "/standards/readiness/",
    "/projects/funds/",
    "/projects/",
    "/projects/alerts/",
    "/projects/timeline/",
    "/quality/",
    "/quality/findings/",
    "/audit/",
    "/parameters/",
    "/registry/import/",
    "/accounts/password/",
    "/api/",
    "/api/households/",
    "/api/members/",
    "/api/regions/",
    "/api/projects/",
    "/api/quality/findings/",
    "/api/schema/",
    "/api/docs/",
    "/admin/",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """A tiny HTTP client that keeps its cookies itself (they are Secure; the proxy is pretended)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1", "Accept-Language": "zh-hans"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = "https://127.0.0.1/accounts/login/"
            headers["Origin"] = "https://127.0.0.1"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        result = response.status, {k.lower(): v for k, v in response.getheaders()}, data
        connection.close()
        return result

    def login(self, username: str) -> None:
        status, _headers, page = self.request("GET", "/accounts/login/")
        assert status == 200, f"login page: {status}"
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the login page"
        form = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1).decode()}
        )
        status, headers, _page = self.request("POST", "/accounts/login/", form)
        assert status == 302 and "login" not in headers.get("location", ""), f"login as {username} failed: {status}"


def run(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    started = time.monotonic()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="jingzhun-smoke-") as tmp:
        base = {k: v for k, v in os.environ.items() if k not in ("JINGZHUN_DEBUG", "DATABASE_URL")}
        base.update(
            DATABASE_URL=f"sqlite:///{tmp}/smoke.sqlite3",
            JINGZHUN_MEDIA_ROOT=f"{tmp}/media",
            JINGZHUN_STATIC_ROOT=f"{tmp}/static",
        )
        print("==> smoke: demo data (400 households)", flush=True)
        setup = {**base, "JINGZHUN_DEBUG": "1"}
        run([python, "manage.py", "migrate", "--no-input", "-v0"], setup)
        run([python, "manage.py", "load_regions", "-v0"], setup)
        run([python, "manage.py", "generate_demo", "--households", "400"], setup)

        port = free_port()
        production = {
            **base,
            "JINGZHUN_SECRET_KEY": "smoke-" + os.urandom(24).hex(),
            "JINGZHUN_ALLOWED_HOSTS": "127.0.0.1",
            "JINGZHUN_BEHIND_PROXY": "1",
            "JINGZHUN_BIND": f"127.0.0.1:{port}",
            "JINGZHUN_WORKERS": "2",
            "PYTHON_BIN": python,
        }
        print(f"==> smoke: bin/serve on 127.0.0.1:{port} (production settings)", flush=True)
        log = open(Path(tmp) / "serve.log", "w")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            ["bash", "bin/serve"],
            cwd=ROOT,
            env=production,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        problems: list[str] = []
        try:
            problems = wait_for(port, server) or visit(port)
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
            log.close()
            if problems:
                print((Path(tmp) / "serve.log").read_text()[-6000:], file=sys.stderr)
    if problems:
        print("SMOKE FAILED:\n" + "\n".join(problems), file=sys.stderr)
        return 1
    print(f"==> smoke: passed in {time.monotonic() - started:.0f} s")
    return 0


def wait_for(port: int, server: subprocess.Popen) -> list[str]:
    """Return [] once the server listens, else what went wrong."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return [f"bin/serve exited with {server.returncode}"]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return []
        except OSError:
            time.sleep(0.3)
    return ["bin/serve did not start listening within 90 s"]


def visit(port: int) -> list[str]:
    problems: list[str] = []
    anonymous = Browser(port)
    status, headers, _ = anonymous.request("GET", "/")
    if status != 302 or "/accounts/login/" not in headers.get("location", ""):
        problems.append(f"anonymous / answered {status}, expected the login page")
    status, headers, _ = anonymous.request("GET", "/api/households/")
    if status != 401:
        problems.append(f"anonymous API answered {status}, expected 401")
    for username in ("city", "helper"):
        browser = Browser(port)
        browser.login(username)
        pages = list(PAGES)
        status, _headers, body = browser.request("GET", "/registry/households/")
        first = re.search(rb'href="(/registry/households/[0-9]+/)"', body)
        if first:
            pages.append(first.group(1).decode())
        statics: set[str] = set()
        for path in pages:
            status, headers, body = browser.request("GET", path)
            if status >= 500:
                problems.append(f"GET {path} as {username}: {status}")
            elif status == 302 and "/accounts/login/" in headers.get("location", ""):
                problems.append(f"GET {path} as {username}: sent back to the login page")
            elif "content-security-policy" not in headers and headers.get("content-type", "").startswith("text/html"):
                problems.append(f"GET {path}: no Content-Security-Policy header")
            statics.update(m.decode() for m in re.findall(rb'(?:src|href)="(/static/[^"]+)"', body))
        for path in sorted(statics):
            status, _headers, _body = browser.request("GET", path)
            if status != 200:
                problems.append(f"static file {path}: {status}")
        if not any(re.search(r"\.[0-9a-f]{12}\.(css|js)$", s) for s in statics):
            problems.append("the pages link no hashed static files (collectstatic's manifest is not in use)")
    return problems


if __name__ == "__main__":
    sys.exit(main())
