"""What one request costs inside the app: the WSGI application granian serves
(cms/wsgi.py) called in-process, with no server, socket or load generator in
the way.

    python -m cms.bench.render_bench PATH [PATH …] [--requests 200] [--etag]
                                     [--changed]

Uses the database and settings of the environment (DATABASE_URL,
DJANGO_SETTINGS_MODULE; cms.bench.settings turns the page cache off, as for
`make bench`'s uncached rows). Each path is fetched once (it must answer 200),
then --requests times; --etag sends the first answer's ETag back, for a 304.
--changed bumps the site's version before every request, as an editor's save
does, so nothing kept under it (the sidebar, the piece, "Read also", the
sections) is reused: the first render after a change. Prints
milliseconds per request, of CPU and of wall-clock time, and the queries of
one more request. For docs/benchmarks.md; never used to serve readers.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Cost:
    path: str
    status: int
    cpu_ms: float
    wall_ms: float
    queries: int


def measure(path: str, *, requests: int, etag: bool = False, changed: bool = False):
    """The cost of `path` per request, averaged over `requests` requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.versions import SITE
    from cms.wsgi import application as app

    path_info, _, query = path.partition("?")
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(headers)

    def call(extra: dict[str, str]) -> None:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path_info,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            **extra,
        }
        b"".join(app(environ, start_response))

    call({})
    if answer["status"] != 200:
        raise RuntimeError(f"{path} answered {answer['status']}, not 200")
    extra = {"HTTP_IF_NONE_MATCH": answer["headers"]["ETag"]} if etag else {}
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(requests):
        if changed:
            SITE.bump()
        call(extra)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if changed:
        SITE.bump()
    with CaptureQueriesContext(connection) as queries:
        call(extra)
    return Cost(
        path=path,
        status=answer["status"],
        cpu_ms=cpu / requests * 1000,
        wall_ms=wall / requests * 1000,
        queries=len(queries),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--etag", action="store_true", help="send If-None-Match")
    parser.add_argument(
        "--changed", action="store_true", help="bump the site's version each time"
    )
    args = parser.parse_args(argv)
    import django

    django.setup()
    for path in args.paths:
        cost = measure(
            path, requests=args.requests, etag=args.etag, changed=args.changed
        )
        sys.stdout.write(
            f"{cost.path}: {cost.status}, {cost.cpu_ms:.2f} ms CPU, "
            f"{cost.wall_ms:.2f} ms wall a request; {cost.queries} queries\n"
        )


if __name__ == "__main__":
    main()
