"""Real processes for the fault and multi-host tests: gunicorn with the production settings, a
Redis of the test's own, a visitor that talks HTTP to them as the reverse proxy would, and a
small load generator of threads."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[2]
GUNICORN_CONFIG = REPO / "talentmatch" / "deploy" / "gunicorn.conf.py"
# The host name the app is told to trust, as a deployment sets TRUSTED_HOSTS.
HOST = "127.0.0.1"
# Addresses of the documentation range (RFC 5737), as clients seen through the proxy.
CLIENT_ADDRESS = "203.0.113.10"
REQUEST_TIMEOUT_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until(check: Callable[[], bool], seconds: float, what: str) -> None:
    """Poll `check` until it is true; fail naming `what` once `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {seconds:.0f} s")
        time.sleep(0.1)


def production_environment(
    database_url: str, redis_url: str, secret_key: str, **settings: str
) -> dict[str, str]:
    """What a host of the deployment runs with: the production config behind one reverse proxy
    (PROXY_COUNT=1, so the scheme and client address come from X-Forwarded-*), PostgreSQL, Redis,
    and mail written to files instead of an SMTP server."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TALENTMATCH_", "FLASK_", "GUNICORN_", "MATCHING_"))
        and key not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "WEB_CONCURRENCY")
    }
    environment.update(
        TALENTMATCH_CONFIG="production",
        SECRET_KEY=secret_key,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        TRUSTED_HOSTS=HOST,
        PROXY_COUNT="1",
        PYTHONUNBUFFERED="1",
    )
    environment.update(settings)
    return environment


def new_secret_key() -> str:
    return secrets.token_hex(32)


class Gunicorn:
    """gunicorn serving an app (wsgi:app unless told; `pythonpath` is where to import it from)
    with talentmatch/deploy/gunicorn.conf.py on a port of its own."""

    def __init__(
        self,
        environment: dict[str, str],
        log: Path,
        workers: int = 2,
        app: str = "wsgi:app",
        pythonpath: Path | None = None,
        ready_seconds: float = 180,
    ) -> None:
        self.port = free_port()
        self.app = app
        self.pythonpath = pythonpath
        self.ready_seconds = ready_seconds
        self.environment = {
            **environment,
            "TALENTMATCH_BIND": f"{HOST}:{self.port}",
            "WEB_CONCURRENCY": str(workers),
        }
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start the arbiter and wait until its workers are ready: /readyz answers 200 (the
        database answers and a model is loaded) several times in a row, as a load balancer
        waits before sending traffic."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG)]
                + (["--pythonpath", str(self.pythonpath)] if self.pythonpath else [])
                + [self.app],
                cwd=REPO,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.wait_ready()

    def wait_ready(self) -> None:
        workers = int(self.environment["WEB_CONCURRENCY"])
        in_a_row = [0]

        def ready() -> bool:
            in_a_row[0] = in_a_row[0] + 1 if self._answers("/readyz") else 0
            return in_a_row[0] >= 3 * workers

        try:
            wait_until(ready, self.ready_seconds, "gunicorn's workers answering /readyz")
        except AssertionError as late:
            raise AssertionError(
                f"{late}; gunicorn's log:\n{self.log.read_text()[-3000:]}"
            ) from None

    def _answers(self, path: str) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn exited; its log:\n{self.log.read_text()[-3000:]}")
        try:
            return Visitor(self.port).get(path).status == 200
        except OSError:
            return False

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def workers(self) -> list[int]:
        """The process ids of the arbiter's workers."""
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name is in parentheses and may hold spaces: the parent id follows it.
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.pid:
                children.append(int(entry.name))
        return sorted(children)

    def terminate(self) -> None:
        """SIGTERM: gunicorn's graceful stop."""
        os.kill(self.pid, signal.SIGTERM)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


@contextmanager
def serving(environment: dict[str, str], log: Path, workers: int = 2) -> Iterator[Gunicorn]:
    server = Gunicorn(environment, log, workers)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class FormFields(HTMLParser):
    """The fields a browser would send for one form of a page (submit buttons left out: the
    caller names the one it presses)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.fields: list[tuple[str, str]] = []
        self._inside = False
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            # A form without an action posts back to its page; only the first one counts.
            wanted = attributes.get("action", self.action) == self.action
            self._inside = wanted and not self.fields
        elif not self._inside:
            return
        elif tag == "input" and attributes.get("name"):
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.fields.append((attributes["name"], attributes.get("value", "")))
        elif tag == "select":
            self._select, self._select_value = attributes.get("name"), None
        elif tag == "option" and self._select is not None:
            if self._select_value is None or "selected" in attributes:
                self._select_value = attributes.get("value", "")
        elif tag == "textarea":
            self._textarea, self._text = attributes.get("name"), []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "select" and self._select:
            self.fields.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None


def form_fields(page: str, action: str) -> dict[str, str | list[str]]:
    """The values the form posting to `action` would send as the page shows it."""
    parser = FormFields(action)
    parser.feed(page)
    assert parser.fields, f"no form posting to {action} on the page"
    return dict(parser.fields)


class Visitor:
    """One browser, seen by the app through the reverse proxy: HTTPS according to
    X-Forwarded-Proto, its own client address, its own cookies (kept by hand, since the
    production cookies are Secure and the hop from the proxy is plain HTTP)."""

    def __init__(self, port: int, client_address: str = CLIENT_ADDRESS) -> None:
        self.port = port
        self.client_address = client_address
        self.cookies: dict[str, str] = {}

    def headers(self, path: str, method: str) -> dict[str, str]:
        headers = {
            "Host": f"{HOST}:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.client_address,
            "Connection": "close",
        }
        if method == "POST":  # Flask-WTF checks the referrer of forms sent over HTTPS
            headers["Referer"] = f"https://{HOST}:{self.port}{path}"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def request(self, method: str, path: str, body: bytes | None = None) -> Answer:
        headers = self.headers(path, method)
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            self.keep_cookies(response.headers.get_all("Set-Cookie") or [])
            answer_headers = {name.lower(): value for name, value in response.getheaders()}
            return Answer(response.status, answer_headers, text)
        finally:
            connection.close()

    def keep_cookies(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str | list[str]]) -> Answer:
        return self.request("POST", path, urlencode(fields, doseq=True).encode())

    def submit(self, path: str, **values: str | list[str]) -> Answer:
        """Open the page at `path`, fill in its form that posts back to it, and send it."""
        page = self.get(path)
        assert page.status == 200, f"GET {path} answered {page.status}"
        return self.post(path, {**form_fields(page.text, path), **values})

    def sign_in(self, email: str, password: str) -> Answer:
        return self.submit("/auth/login", email=email, password=password)


def job_form_values(title: str, skill: str) -> dict[str, str | list[str]]:
    """A published full-time job in Helsinki asking for one ESCO skill ("esco:<id>:<label>")."""
    return {
        "title": title,
        "description": f"{title}: pipelines and reports for the city's open data.",
        "employment_type": "full_time",
        "required_skills": [skill],
        "required_skills-typed": "",
        "municipality": "Helsinki",
        "remote_mode": "hybrid",
        "publish": "1",
    }


JOB_PAGE = re.compile(r"/employers/jobs/(\d+)$")


@dataclass
class Outcome:
    """One write of a load: its unique value, the status of the write (None when it got no
    answer) and every status seen on the way (the form page too)."""

    key: str
    status: int | None
    seen: tuple[int, ...] = ()
    error: str | None = None

    @property
    def acknowledged(self) -> bool:
        return self.status is not None and 200 <= self.status < 400


@dataclass
class Load:
    """Threads repeating one action until stopped; every outcome is kept."""

    action: Callable[[int, int], Outcome]
    threads: int
    outcomes: list[Outcome] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _running: list[threading.Thread] = field(default_factory=list)

    def _run(self, thread: int) -> None:
        count = 0
        while not self._stop.is_set():
            outcome = self.action(thread, count)
            with self._lock:
                self.outcomes.append(outcome)
            count += 1

    def __enter__(self) -> Load:
        for number in range(self.threads):
            thread = threading.Thread(target=self._run, args=(number,), daemon=True)
            thread.start()
            self._running.append(thread)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        for thread in self._running:
            thread.join(timeout=REQUEST_TIMEOUT_SECONDS * 2 + 5)

    def wait_for(self, count: int, seconds: float = 60) -> None:
        """Until at least `count` requests have ended."""
        wait_until(lambda: len(self.outcomes) >= count, seconds, f"{count} requests of the load")

    def statuses(self) -> set[int]:
        """Every status answered during the load."""
        with self._lock:
            return {status for outcome in self.outcomes for status in outcome.seen}

    def acknowledged(self) -> list[str]:
        with self._lock:
            return [outcome.key for outcome in self.outcomes if outcome.acknowledged]


def post_job(visitor: Visitor, title: str, skill: str) -> Outcome:
    """An employer posts a job through the form (a fresh form each time: its submission token
    makes a repeated form post the first job again); connection errors are outcomes too."""
    path, seen = "/employers/jobs/new", []
    try:
        page = visitor.get(path)
        seen.append(page.status)
        if page.status != 200:
            return Outcome(title, None, tuple(seen), f"the form page answered {page.status}")
        fields = {**form_fields(page.text, path), **job_form_values(title, skill)}
        answer = visitor.post(path, fields)
    except (OSError, http.client.HTTPException) as error:
        return Outcome(title, None, tuple(seen), f"{type(error).__name__}: {error}")
    seen.append(answer.status)
    if answer.status in (302, 303):
        assert JOB_PAGE.search(answer.location), f"{title} redirected to {answer.location}"
    return Outcome(title, answer.status, tuple(seen))
