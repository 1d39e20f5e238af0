"""Public page benchmark: the app under granian next to nginx serving the same
bytes, at two database sizes, in one run.

    python -m cms.bench.pages_bench [--sizes 1000:10000,100000:1000000]
                                    [--duration 5] [--quick] [--no-docs]
                                    [--database sqlite|postgresql]
                                    [--pages search,article,...]

For each size (articles:news items) it fills a fresh SQLite database under
.bench/ (or, with --database postgresql, a database of its own in a throwaway
PostgreSQL cluster: cms/bench/postgres.py) with `manage.py generate_content`,
serves the app with granian (2 workers of one thread, DEBUG off) on 127.0.0.1, saves
each page's body, and serves those files with nginx on another 127.0.0.1 port.
It loads every page (or those --pages names) on each server with wrk (-t1 -c8,
latency report), or without wrk a bounded Python load generator, and prints
requests per second, the median latency, the app's share of nginx's rate, and
how the median grows from the first size to the last.
The table replaces its section of docs/benchmarks.md (not with --quick), each
database its own section.

Every server it starts is stopped on exit, on error or on Ctrl-C too.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from cms.bench import postgres

ROOT = Path(__file__).resolve().parent.parent.parent
BENCH_DIR = ROOT / ".bench"
DOCS = ROOT / "docs" / "benchmarks.md"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
DOCS_BEGIN = "<!-- pages-bench: begin (written by make bench) -->"
DOCS_END = "<!-- pages-bench: end -->"
# Each database's figures go between their own markers.
DOCS_MARKERS = {
    "sqlite": (DOCS_BEGIN, DOCS_END),
    "postgresql": (
        "<!-- pages-bench-postgresql: begin (written by make bench"
        " BENCH_ARGS='--database postgresql') -->",
        "<!-- pages-bench-postgresql: end -->",
    ),
}
DATABASES = ("sqlite", "postgresql")
DEFAULT_SIZES = "1000:10000,100000:1000000"
QUICK_SIZES = "50:200"
CONNECTIONS = 8
# The Python load generator stops at this many requests even if time remains.
MAX_REQUESTS = 200_000
# How the app's server serves a row: RENDER with its anonymous page cache off
# (cms/bench/settings.py), so the row measures rendering; CACHE with it on,
# a hit or a 304 from it; BARE is the same granian running a WSGI app that
# only returns the page's saved bytes (cms/bench/bare_app.py): the most any
# Python app can get from this server, the ceiling for a cache hit.
RENDER, CACHE, BARE = "render", "cache", "bare"
# (name, which saved body nginx serves for it, expected status, how).
PAGES = (
    ("article", "article", 200, RENDER),
    ("article, page cache", "article", 200, CACHE),
    ("article, If-None-Match (page cache)", "article", 304, CACHE),
    ("article's bytes, app server without Django", "article", 200, BARE),
    ("home", "home", 200, RENDER),
    ("news", "news", 200, RENDER),
    ("more news", "more-news", 200, RENDER),
    ("tag", "tag", 200, RENDER),
    ("tag, fewest pieces", "rare-tag", 200, RENDER),
    ("author", "author", 200, RENDER),
    ("author, fewest pieces", "rare-author", 200, RENDER),
    ("opinion list", "opinion", 200, RENDER),
    ("search “drone”", "search", 200, RENDER),
)
UNCACHED_SETTINGS = "cms.bench.settings"
# A rendered row's requests each come on a new connection, as readers' do, so
# each goes to whichever worker is free. Kept alive, wrk's 8 connections
# split between the 2 workers as the kernel hands them out (4 and 4, or 6
# and 2), and the median moved by up to 40 % from one start to the next with
# the same rate. A hit keeps its connection, as from nginx (keepalive).
RENDERED_HEADERS = {"Connection": "close"}
# What --pages takes: the saved bodies' names (`article` is its three rows).
PAGE_NAMES = tuple(dict.fromkeys(name for _, name, *_ in PAGES))


@dataclass(frozen=True)
class Measurement:
    requests_per_second: float
    p50_ms: float
    errors: int = 0
    requests: int = 0


# -- load generators -------------------------------------------------------

WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> Measurement:
    """Requests/sec, the 50% latency (in ms) and non-2xx/3xx answers from wrk."""
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    if not rate or not p50:
        raise ValueError(f"wrk printed no Requests/sec or 50% latency:\n{output}")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read \d+, write (\d+), timeout (\d+)", output
    )
    errors = int(bad.group(1)) if bad else 0
    if sockets:  # read errors are the server closing a connection, not failures
        errors += sum(int(n) for n in sockets.groups())
    requests = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    return Measurement(
        requests_per_second=float(rate.group(1)),
        p50_ms=float(p50.group(1)) * WRK_UNITS[p50.group(2)],
        errors=errors,
        requests=int(requests.group(1)) if requests else 0,
    )


def wrk_load(url: str, *, duration: float, headers: dict | None = None) -> Measurement:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{max(1, round(duration))}s"]
    # A slow page (search on SQLite) is measured, not cut off at wrk's 2 s.
    command += ["--latency", "--timeout=60s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    result = subprocess.run(
        [*command, url],
        capture_output=True,
        text=True,
        timeout=duration + 30,
        check=True,
    )
    return parse_wrk(result.stdout)


def python_load(
    url: str,
    *,
    duration: float,
    connections: int = CONNECTIONS,
    max_requests: int = MAX_REQUESTS,
    headers: dict | None = None,
    expect: int = 200,
) -> Measurement:
    """GET `url` from `connections` threads until `duration` seconds pass or
    `max_requests` are made; any other status than `expect` is an error."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    lock = threading.Lock()
    budget = [max_requests]
    latencies: list[float] = []
    errors = [0]
    deadline = time.perf_counter() + duration

    def take() -> bool:
        with lock:
            if budget[0] <= 0 or time.perf_counter() >= deadline:
                return False
            budget[0] -= 1
            return True

    def worker() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine, failed = [], 0
        try:
            while take():
                start = time.perf_counter()
                try:
                    conn.request("GET", path, headers=headers or {})
                    response = conn.getresponse()
                    response.read()
                    ok = response.status == expect
                except (OSError, http.client.HTTPException):
                    conn.close()
                    ok = False
                mine.append(time.perf_counter() - start)
                failed += not ok
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)
                errors[0] += failed

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 60)
    elapsed = time.perf_counter() - start
    return Measurement(
        requests_per_second=len(latencies) / elapsed if elapsed else 0.0,
        p50_ms=statistics.median(latencies) * 1000 if latencies else 0.0,
        errors=errors[0],
        requests=len(latencies),
    )


def measure(url: str, *, duration: float, headers=None, expect=200) -> Measurement:
    if shutil.which("wrk"):
        return wrk_load(url, duration=duration, headers=headers)
    return python_load(url, duration=duration, headers=headers, expect=expect)


# -- servers ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running(command: list[str], *, env=None, log: Path, ready_url: str):
    """Run `command` in its own process group until the block ends; wait until
    `ready_url` answers. The whole group is stopped however the block ends."""
    with open(log, "ab") as log_file:
        process = subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_until_ready(ready_url, process, log)
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


def wait_until_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited; see {log}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            fetch(url, timeout=5)
            return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within 60 s; see {log}")


def fetch(url: str, *, headers=None, timeout: float = 120):
    """(status, headers, body) of one GET."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def nginx_config(folder: Path, port: int, www: Path, paths: dict[str, str]) -> str:
    """Exact-match locations, each answered from the body saved for it."""
    # One location a path: on a small site the busiest tag may be the rarest.
    by_path = {urlsplit(path).path: name for name, path in reversed(paths.items())}
    locations = "\n".join(
        f"        location = {path} {{ try_files /{name}.html =404; }}"
        for path, name in by_path.items()
    )
    # Only a master running as root switches user; then keep the same user,
    # who can read the saved pages.
    user = ""
    if os.geteuid() == 0:
        user = "user root root;"
    temp = folder / "nginx-temp"
    return f"""\
{user}
worker_processes 2;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    types {{ text/html html; }}
    default_type text/html;
    server {{
        listen 127.0.0.1:{port};
        root {www};
{locations}
    }}
}}
"""


# -- one size --------------------------------------------------------------


@dataclass
class SizeResult:
    articles: int
    news: int
    generate_seconds: float
    app: dict[str, Measurement]
    nginx: dict[str, Measurement]

    @property
    def label(self) -> str:
        return f"{short_count(self.articles)}/{short_count(self.news)}"


def app_env(database: Path | str, static_root: Path) -> dict[str, str]:
    """`database` is a SQLite file or a DATABASE_URL."""
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-" + secrets.token_hex(16),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DATABASE_URL": database
        if isinstance(database, str)
        else f"sqlite:///{database}",
        "LOG_LEVEL": "WARNING",
    }


def manage(*args: str, env: dict, timeout: float, quiet: bool = True) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=quiet,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr or ''}")
    return result.stdout or ""


def pick_paths() -> dict[str, str]:
    """The pages to load, chosen from the database DATABASE_URL names: the
    home page's lead story, the busiest tag and author, a "More news" cursor
    halfway back through the ticker. Runs inside Django (see --paths)."""
    import django

    django.setup()
    from django.db.models import Count, Q
    from taggit.models import Tag

    from articles.models import Article, Author
    from newsfeed.feed import format_cursor
    from newsfeed.models import NewsItem

    article = Article.objects.published().order_by("-published_at", "-id").first()
    tag = (
        Tag.objects.annotate(n=Count("taggit_taggeditem_items"))
        .order_by("-n", "pk")
        .first()
    )
    author = Author.objects.annotate(n=Count("articles")).order_by("-n", "pk").first()
    # And the fewest: a list that walked the archive for its pieces would
    # cost the most here.
    rare_tag = (
        Tag.objects.annotate(n=Count("taggit_taggeditem_items"))
        .filter(n__gt=0)
        .order_by("n", "pk")
        .first()
    )
    rare_author = (
        Author.objects.annotate(
            n=Count("articles", filter=Q(articles__in=Article.objects.published()))
        )
        .filter(n__gt=0)
        .order_by("n", "pk")
        .first()
    )
    items = NewsItem.objects.published().order_by("-published_at", "-id")
    middle = items.values_list("published_at", flat=True)[items.count() // 2]
    return {
        "article": article.get_absolute_url(),
        "home": "/",
        "news": "/news/",
        "more-news": f"/news/more?before={format_cursor(middle)}",
        "tag": f"/tag/{tag.slug}",
        "rare-tag": f"/tag/{rare_tag.slug}",
        "author": author.get_absolute_url(),
        "rare-author": rare_author.get_absolute_url(),
        "opinion": "/opinion/",
        "search": "/search/?q=drone",
    }


def bench_size(
    articles: int,
    news: int,
    *,
    folder: Path,
    static_root: Path,
    duration: float,
    cluster: postgres.Cluster | None = None,
    pages: list[str] | None = None,
) -> SizeResult:
    if cluster:
        database = cluster.create_database(f"bench_{articles}_{news}")
    else:
        database = folder / f"bench-{articles}-{news}.sqlite3"
    env = app_env(database, static_root)
    say(f"\n== {short_count(articles)} articles, {short_count(news)} news items ==")
    manage("migrate", "--no-input", "-v0", env=env, timeout=600)
    start = time.perf_counter()
    output = manage(
        "generate_content",
        f"--articles={articles}",
        f"--news={news}",
        env=env,
        timeout=3600,
    )
    generate_seconds = time.perf_counter() - start
    say(output.strip())
    paths = json.loads(
        subprocess.run(
            [PYTHON, "-m", "cms.bench.pages_bench", "--paths"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        ).stdout
    )
    if pages:
        paths = {name: path for name, path in paths.items() if name in pages}
    www = folder / f"www-{articles}"
    www.mkdir()
    app_port = free_port()
    app_url = f"http://127.0.0.1:{app_port}"

    def app_server(target: str) -> list[str]:
        """The server production runs (README.md), as a 2-core machine would."""
        return [
            str(BIN / "granian"),
            "--interface=wsgi",
            target,
            "--workers=2",
            # One thread each, as the machine has one core per worker: more
            # only contend for the GIL and the cores (docs/benchmarks.md).
            "--runtime-threads=1",
            "--blocking-threads=1",
            "--host=127.0.0.1",
            f"--port={app_port}",
            "--log-level=warning",
        ]

    app = {}
    etag = ""
    for mode in (RENDER, CACHE, BARE):
        rows = [row for row in PAGES if row[3] == mode and row[1] in paths]
        if not rows:
            continue
        if mode == BARE:
            command = app_server("cms.bench.bare_app:application")
            server_env = {**env, "BENCH_BARE_BODY": str(www / "article.html")}
        else:
            command = app_server("cms.wsgi:application")
            settings = "cms.settings" if mode == CACHE else UNCACHED_SETTINGS
            server_env = {**env, "DJANGO_SETTINGS_MODULE": settings}
        with running(
            command,
            env=server_env,
            log=folder / "app-server.log",
            ready_url=app_url + "/robots.txt",
        ):
            for name, path in paths.items() if mode != BARE else ():
                status, headers, body = fetch(app_url + path)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}, not 200")
                if mode == RENDER:
                    (www / f"{name}.html").write_bytes(body)
                if name == "article":
                    etag = headers["ETag"]
            for page, name, expect, _ in rows:
                path = paths[name] if mode != BARE else "/"
                headers = {"If-None-Match": etag} if expect == 304 else {}
                if mode == RENDER:
                    headers |= RENDERED_HEADERS
                status = fetch(app_url + path, headers=headers)[0]
                if status != expect:
                    raise RuntimeError(f"{page}: {status}, not {expect}")
                app[page] = measure(
                    app_url + path,
                    duration=duration,
                    headers=headers,
                    expect=expect,
                )
                say(f"  app    {page:36} {describe(app[page])}")
    served = paths
    nginx = {}
    if shutil.which("nginx"):
        nginx = bench_nginx(folder, www, served, duration)
    else:
        say("  nginx is not installed: no comparison.")
    return SizeResult(articles, news, generate_seconds, app, nginx)


def bench_nginx(
    folder: Path, www: Path, paths: dict[str, str], duration: float
) -> dict[str, Measurement]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    conf = folder / "nginx.conf"
    conf.write_text(nginx_config(folder, port, www, paths))
    (folder / "nginx-temp").mkdir(exist_ok=True)
    command = ["nginx", "-p", str(folder), "-e", str(folder / "nginx-error.log")]
    results = {}
    with running(
        [*command, "-c", str(conf)],
        log=folder / "nginx.log",
        ready_url=url + next(iter(paths.values())),
    ):
        etag = fetch(url + paths["article"])[1]["ETag"] if "article" in paths else ""
        for page, name, expect, _ in PAGES:
            if name not in paths:
                continue
            headers = {"If-None-Match": etag} if expect == 304 else None
            status = fetch(url + paths[name], headers=headers)[0]
            if status != expect:
                raise RuntimeError(f"nginx, {page}: {status}, not {expect}")
            results[page] = measure(
                url + paths[name], duration=duration, headers=headers, expect=expect
            )
            say(f"  nginx  {page:36} {describe(results[page])}")
    return results


# -- the report ------------------------------------------------------------


def short_count(n: int) -> str:
    for unit, size in (("M", 1_000_000), ("k", 1000)):
        if n >= size:
            return f"{n / size:g}{unit}"
    return str(n)


def describe(m: Measurement) -> str:
    errors = f", {m.errors} errors" if m.errors else ""
    return f"{m.requests_per_second:8.0f} req/s  p50 {m.p50_ms:7.2f} ms{errors}"


def table(results: list[SizeResult]) -> str:
    header = ["Page"]
    for result in results:
        header += [
            f"{result.label} req/s",
            "p50",
            "nginx req/s",
            "÷ nginx",
        ]
    if len(results) > 1:
        header.append(f"p50 {results[-1].label} ÷ {results[0].label}")
    lines = [
        "| " + " | ".join(header) + " |",
        "| --- |" + " ---: |" * (len(header) - 1),
    ]
    for page, *_ in PAGES:
        if page not in results[0].app:  # not in --pages
            continue
        row = [page]
        for result in results:
            app, nginx = result.app[page], result.nginx.get(page)
            row += [
                f"{app.requests_per_second:.0f}",
                f"{app.p50_ms:.1f} ms",
                f"{nginx.requests_per_second:.0f}" if nginx else "–",
                f"{app.requests_per_second / nginx.requests_per_second:.2g}"
                if nginx and nginx.requests_per_second
                else "–",
            ]
        if len(results) > 1:
            first, last = results[0].app[page], results[-1].app[page]
            row.append(f"{last.p50_ms / first.p50_ms:.2f}" if first.p50_ms else "–")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def report(
    results: list[SizeResult], *, duration: float, tool: str, database: str = "SQLite"
) -> str:
    generated = "; ".join(f"{r.label} in {r.generate_seconds:.0f} s" for r in results)
    errors = sum(
        m.errors for r in results for m in [*r.app.values(), *r.nginx.values()]
    )
    return "\n".join(
        [
            f"### Figures ({database}; {os.cpu_count()} cores; "
            f"{datetime.now(UTC):%Y-%m-%d}; {tool}, {CONNECTIONS} connections, "
            f"{duration:g} s a page)",
            "",
            f"Generation (`generate_content`, articles/news items): {generated}.",
            "",
            "The app: granian, 2 workers of one thread. Rendered pages get a new "
            "connection for each request; the page cache rows and the server "
            "without Django keep their connections, as nginx in front does. "
            "nginx keeps them for every row.",
            "",
            table(results),
            "",
            *ceiling(results),
            f"Failed or unexpected responses during the run: {errors}.",
        ]
    )


def ceiling(results: list[SizeResult]) -> list[str]:
    """A line on how near a page cache hit came to the server's ceiling."""
    hit, bare = "article, page cache", next(p for p, *_, how in PAGES if how == BARE)
    shares = [
        f"{r.app[hit].requests_per_second / r.app[bare].requests_per_second:.2f}"
        f" at {r.label}"
        for r in results
        if hit in r.app and bare in r.app and r.app[bare].requests_per_second
    ]
    if not shares:
        return []
    return [
        "A page cache hit's rate ÷ the app server's own ceiling (the same server "
        f"with no Django): {', '.join(shares)}.",
        "",
    ]


def replace_section(
    text: str, section: str, begin: str = DOCS_BEGIN, end: str = DOCS_END
) -> str:
    """`text` with the part between the markers replaced by `section`, or with
    the markers and `section` appended when it has none."""
    block = f"{begin}\n{section}\n{end}"
    if begin in text and end in text:
        before = text[: text.index(begin)]
        after = text[text.index(end) + len(end) :]
        return before + block + after
    return text.rstrip("\n") + "\n\n" + block + "\n"


def say(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def parse_sizes(value: str) -> list[tuple[int, int]]:
    sizes = []
    for part in value.split(","):
        articles, _, news = part.partition(":")
        try:
            sizes.append((int(articles), int(news)))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"sizes are ARTICLES:NEWS pairs separated by commas, not {value!r}"
            ) from None
    return sizes


def parse_pages(value: str) -> list[str]:
    pages = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in pages if name not in PAGE_NAMES]
    if unknown or not pages:
        raise argparse.ArgumentTypeError(
            f"pages are names separated by commas, from {', '.join(PAGE_NAMES)};"
            f" not {', '.join(unknown) or repr(value)}"
        )
    return pages


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, help=f"default {DEFAULT_SIZES}")
    parser.add_argument("--duration", type=float, help="seconds a page (default 5)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"the CI smoke: sizes {QUICK_SIZES}, 1 s a page, docs left alone",
    )
    parser.add_argument("--no-docs", action="store_true", help="leave docs alone")
    parser.add_argument("--keep", action="store_true", help="keep .bench/ files")
    parser.add_argument(
        "--database",
        choices=DATABASES,
        default="sqlite",
        help="sqlite (default), or postgresql: a throwaway local cluster",
    )
    parser.add_argument(
        "--pages",
        type=parse_pages,
        help=f"only these, separated by commas: {','.join(PAGE_NAMES)}",
    )
    parser.add_argument("--paths", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.paths:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
        sys.stdout.write(json.dumps(pick_paths()))
        return
    sizes = args.sizes or parse_sizes(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    duration = args.duration or (1.0 if args.quick else 5.0)
    write_docs = not (args.quick or args.no_docs)
    tool = "wrk" if shutil.which("wrk") else "Python load generator"

    # SIGTERM and SIGHUP unwind like Ctrl-C, so every server is stopped.
    def interrupted(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)
    BENCH_DIR.mkdir(exist_ok=True)
    stack = contextlib.ExitStack()  # the PostgreSQL cluster, if any
    folder = Path(tempfile.mkdtemp(prefix="pages-", dir=BENCH_DIR))
    database = "SQLite"
    try:
        cluster = None
        if args.database == "postgresql":
            # In its own temporary folder, which the server's user can reach.
            cluster = stack.enter_context(postgres.cluster())
            database = f"PostgreSQL {cluster.version}"
            say(f"PostgreSQL {cluster.version} on 127.0.0.1:{cluster.port}")
        static_root = folder / "static"
        say(f"Collecting static files into {static_root}")
        manage(
            "collectstatic",
            "--no-input",
            "-v0",
            env=app_env(folder / "unused.sqlite3", static_root),
            timeout=600,
        )
        results = [
            bench_size(
                a,
                n,
                folder=folder,
                static_root=static_root,
                duration=duration,
                cluster=cluster,
                pages=args.pages,
            )
            for a, n in sizes
        ]
    finally:
        stack.close()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    text = report(results, duration=duration, tool=tool, database=database)
    say("\n" + text)
    if write_docs:
        begin, end = DOCS_MARKERS[args.database]
        DOCS.write_text(
            replace_section(DOCS.read_text(encoding="utf-8"), text, begin, end)
        )
        say(f"\nWritten to {DOCS.relative_to(ROOT)}.")
    if any(m.errors for r in results for m in [*r.app.values(), *r.nginx.values()]):
        sys.exit("Some requests failed or answered unexpectedly; see above.")


if __name__ == "__main__":
    main()
