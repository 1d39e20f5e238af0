"""Browser tests: Playwright driving the system Chromium against live_server,
with the real seed imported."""

import os
import shutil
import threading

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

from tests.conftest import REAL_SEED

# Playwright's sync API runs an event loop in this thread; the Django calls the
# tests make here (fixtures, lookups) are ordinary synchronous ones.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


class SerialWSGIServer(WSGIServer):
    """One request at a time. The test server shares one SQLite connection
    between its threads, and the admin's background requests (autosave,
    checklist, conflict poll) overlapping a form submit made SQLite fail with
    "bad parameter or other API misuse". A real server has a connection per
    worker; this serialises the test server instead. Not threaded, Django's
    handler closes each connection, so no browser keep-alive blocks it.

    Between tests it is shut (`shut()`): a request still running is let
    finish, and later ones are refused, so nothing touches the shared
    connection while the tables are flushed. A late request (an autosave as a
    page closes) rolled a flush back once and left one test's rows for the
    next."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.busy = threading.Lock()
        self.open = True

    def process_request(self, request, client_address):
        with self.busy:
            if not self.open:
                self.shutdown_request(request)
                return
            super().process_request(request, client_address)

    def shut(self):
        with self.busy:
            self.open = False

    def reopen(self):
        with self.busy:
            self.open = True


LiveServerThread.server_class = SerialWSGIServer


@pytest.fixture(autouse=True)
def server_shut_between_tests(request):
    """Open the live server for this test; shut it before the tables are
    flushed. pytest-django's own autouse helper sets up the database first,
    so this one is torn down before the flush."""
    if "live_server" not in request.fixturenames:
        yield
        return
    server = request.getfixturevalue("live_server").thread.httpd
    server.reopen()
    yield
    server.shut()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        reason = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


PASSWORD = "a-long-test-password-1"

# Every CSP violation the page sees, whatever logs it.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def chief(transactional_db):
    from django.contrib.auth.models import User

    return User.objects.create_superuser("chief", password=PASSWORD)


@pytest.fixture
def signed_in(browser, live_server, chief):
    """A page signed in as a superuser, at 1280 px, recording CSP violations
    in `window.__csp`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", chief.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/admin/")
    yield page
    # Closing the page autosaves (it turns hidden); nothing more is needed
    # from the server, and the server is shut before the flush anyway.
    page.route("**/*", lambda route: route.abort())
    context.close()


@pytest.fixture
def seeded_site(transactional_db):
    """The real seed, plus tags on its article so there is a tag page."""
    from articles.models import Article

    call_command("import_seeds", str(REAL_SEED), verbosity=0)
    article = Article.objects.get()
    article.tags.add("NATO", "Security guarantees")
    return article


class PageProblems:
    """Console errors, failed requests and error responses seen by a page."""

    def __init__(self, page):
        self.items = []
        self.requests = []  # every URL the page asked for
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and self.items.append(f"console: {message.text}")
            ),
        )
        page.on("pageerror", lambda error: self.items.append(f"page error: {error}"))
        page.on("requestfailed", self.request_failed)
        page.on(
            "response",
            lambda response: (
                response.status >= 400
                and self.items.append(f"HTTP {response.status}: {response.url}")
            ),
        )

    def request_failed(self, request):
        # A load the page itself cancels by moving on (the favicon still
        # loading when a test goes to the next page) is not a failure; a
        # refused, blocked or broken one is.
        if request.failure != "net::ERR_ABORTED":
            self.items.append(f"failed: {request.url} {request.failure}")


@pytest.fixture
def open_page(browser, live_server, seeded_site):
    """Open a path at a width; returns (page, problems). Closes them after."""
    contexts = []

    def open_(path, width=1280, height=900, **options):
        """`options` go to the browser context, e.g. color_scheme="dark"."""
        context = browser.new_context(
            viewport={"width": width, "height": height}, **options
        )
        contexts.append(context)
        page = context.new_page()
        problems = PageProblems(page)
        page.goto(live_server.url + path, wait_until="load")
        return page, problems

    yield open_
    for context in contexts:
        context.close()
