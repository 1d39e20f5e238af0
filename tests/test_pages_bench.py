"""The page benchmark's own parts: reading wrk, the fallback load generator, and
the docs section it rewrites. (`make bench-smoke` runs the whole thing.)"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cms.bench import postgres
from cms.bench.pages_bench import (
    BENCH_DIR,
    DOCS_BEGIN,
    DOCS_END,
    DOCS_MARKERS,
    Measurement,
    SizeResult,
    main,
    parse_pages,
    parse_wrk,
    python_load,
    replace_section,
    report,
    short_count,
    table,
)

WRK_OUTPUT = """\
Running 2s test @ http://127.0.0.1:8001/
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.61ms    1.10ms  14.02ms   83.18%
    Req/Sec     1.43k    60.12     1.51k    75.00%
  Latency Distribution
     50%    5.42ms
     75%    5.90ms
     90%    6.70ms
     99%   10.12ms
  2851 requests in 2.00s, 90.17MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   1424.37
Transfer/sec:     45.05MB
"""


def test_wrk_output_gives_requests_per_second_median_latency_and_errors():
    result = parse_wrk(WRK_OUTPUT)
    assert result == Measurement(
        requests_per_second=1424.37, p50_ms=5.42, errors=3, requests=2851
    )


@pytest.mark.parametrize(
    ("text", "milliseconds"), [("812.00us", 0.812), ("1.50s", 1500.0)]
)
def test_wrk_latencies_in_other_units_are_read_as_milliseconds(text, milliseconds):
    output = WRK_OUTPUT.replace("5.42ms", text)
    assert parse_wrk(output).p50_ms == pytest.approx(milliseconds)


def test_unreadable_wrk_output_is_an_error_not_a_zero():
    with pytest.raises(ValueError, match="Requests/sec"):
        parse_wrk("unable to connect to 127.0.0.1:8001 Connection refused")


class Answer(BaseHTTPRequestHandler):
    def do_GET(self):
        status = 304 if self.headers.get("If-None-Match") == '"x"' else 200
        body = b"" if status == 304 else b"hello"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_python_load_generator_stops_at_its_request_budget(local_server):
    result = python_load(
        local_server + "/", duration=30, connections=4, max_requests=200
    )
    assert result.requests == 200
    assert result.errors == 0
    assert result.requests_per_second > 0
    assert result.p50_ms > 0


def test_the_python_load_generator_counts_unexpected_statuses_as_errors(
    local_server,
):
    not_modified = python_load(
        local_server + "/",
        duration=30,
        connections=2,
        max_requests=20,
        headers={"If-None-Match": '"x"'},
        expect=304,
    )
    assert not_modified.errors == 0
    wrong = python_load(local_server + "/", duration=30, max_requests=20, expect=304)
    assert wrong.errors == 20


def test_the_docs_section_is_replaced_and_the_rest_of_the_file_kept():
    old = f"# Benchmarks\n\nIntro.\n\n{DOCS_BEGIN}\nold table\n{DOCS_END}\n\n## After\n"
    new = replace_section(old, "new table")
    kept = f"{DOCS_BEGIN}\nnew table\n{DOCS_END}\n\n## After\n"
    assert new == "# Benchmarks\n\nIntro.\n\n" + kept


def test_a_docs_file_without_the_section_gets_it_appended():
    new = replace_section("# Benchmarks\n\nIntro.\n", "table")
    assert new.startswith("# Benchmarks\n\nIntro.\n")
    assert new.endswith(f"{DOCS_BEGIN}\ntable\n{DOCS_END}\n")


def test_sizes_are_shown_short():
    assert [short_count(n) for n in (50, 1000, 10000, 100000, 1000000, 1500)] == [
        "50",
        "1k",
        "10k",
        "100k",
        "1M",
        "1.5k",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("bench_settings", [False, True])
def test_the_uncached_rows_server_renders_every_request(
    client, settings, bench_settings
):
    from articles.models import Article
    from cms.bench import settings as uncached
    from tests.factories import ArticleFactory

    if bench_settings:
        settings.CACHES = uncached.CACHES
    piece = ArticleFactory(title="First title")
    assert "First title" in client.get(piece.get_absolute_url()).content.decode()
    # Behind the versions' back: the page cache keeps showing the old title.
    # The bench's server runs the view and renders its templates every time,
    # from the piece as kept under the site's version like the sidebar
    # (articles/fragments.py), so it shows the old title too.
    Article.objects.filter(pk=piece.pk).update(title="Second title")

    response = client.get(piece.get_absolute_url())

    assert bool(response.templates) == bench_settings
    assert "First title" in response.content.decode()


def test_pages_option_takes_page_names_and_refuses_unknown_ones(capsys):
    assert parse_pages("search,article") == ["search", "article"]
    assert parse_pages(" more-news , home ") == ["more-news", "home"]
    with pytest.raises(SystemExit) as exit_:
        main(["--pages", "search,frontpage"])
    assert exit_.value.code == 2
    assert "not frontpage" in capsys.readouterr().err


def test_database_option_is_sqlite_or_postgresql_only(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--database", "mysql"])
    assert exit_.value.code == 2
    assert "invalid choice: 'mysql'" in capsys.readouterr().err


def test_a_run_with_some_pages_tabulates_only_those():
    measured = {"search “drone”": Measurement(requests_per_second=9.0, p50_ms=800.0)}
    result = SizeResult(1000, 10000, 5.0, app=measured, nginx={})

    lines = table([result]).splitlines()

    assert len(lines) == 3
    assert lines[2].startswith("| search “drone” | 9 | 800.0 ms |")


def test_postgresql_figures_go_into_their_own_block_never_over_sqlite_figures():
    sqlite = f"{DOCS_BEGIN}\nSQLite table\n{DOCS_END}"
    begin, end = DOCS_MARKERS["postgresql"]
    assert (DOCS_BEGIN, DOCS_END) == DOCS_MARKERS["sqlite"]

    first = replace_section(f"# Benchmarks\n\n{sqlite}\n", "PG table 1", begin, end)
    second = replace_section(first, "PG table 2", begin, end)

    assert second == f"# Benchmarks\n\n{sqlite}\n\n{begin}\nPG table 2\n{end}\n"


def test_the_figures_say_which_database_they_were_measured_on():
    result = SizeResult(50, 200, 1.0, app={"home": Measurement(40.0, 50.0)}, nginx={})
    text = report([result], duration=1, tool="wrk", database="PostgreSQL 15.18")
    assert text.startswith("### Figures (PostgreSQL 15.18; ")


@pytest.mark.skipif(
    postgres.server_bin() is None, reason="PostgreSQL's initdb/pg_ctl not installed"
)
def test_the_benchmarks_postgresql_cluster_serves_a_database_and_is_gone_after():
    import psycopg

    with pytest.raises(KeyboardInterrupt):  # stopped on Ctrl-C too
        with postgres.cluster() as cluster:
            # Not under the clone: the server's user may not enter a clone
            # that sits in a mode-700 folder (`mktemp -d`).
            assert not cluster.folder.is_relative_to(BENCH_DIR.parent)
            url = cluster.create_database("bench_smoke")
            with psycopg.connect(url) as conn:
                assert conn.execute("SELECT current_database()").fetchone() == (
                    "bench_smoke",
                )
            raise KeyboardInterrupt

    assert not cluster.folder.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=5)


def test_the_report_says_how_near_a_cache_hit_comes_to_the_servers_ceiling():
    app = {
        "article, page cache": Measurement(3000.0, 2.0),
        "article's bytes, app server without Django": Measurement(4000.0, 1.5),
    }
    result = SizeResult(50, 200, 1.0, app=app, nginx={})

    text = report([result], duration=1, tool="wrk")

    assert (
        "A page cache hit's rate ÷ the app server's own ceiling (the same server "
        "with no Django): 0.75 at 50/200." in text
    )
