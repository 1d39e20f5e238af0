"""The ceiling of `make bench`'s app server: a WSGI application with no
Django, answering every request with one page's saved bytes
(BENCH_BARE_BODY). Served by the same granian as the app, it shows the most
any Python application gets from that server, so what a page cache hit costs
beyond it. Never used to serve readers."""

import os
from pathlib import Path

BODY = Path(os.environ["BENCH_BARE_BODY"]).read_bytes()
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Length", str(len(BODY))),
]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
