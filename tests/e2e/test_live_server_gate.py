"""The test server is shut between tests, so no late browser request can
touch the shared SQLite connection while the tables are flushed."""

import http.client
from urllib.parse import urlsplit

import pytest


def get_status(url):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.request("GET", "/")
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_shut_server_refuses_requests_and_serves_again_once_reopened(live_server):
    server = live_server.thread.httpd
    assert get_status(live_server.url) < 500

    server.shut()
    with pytest.raises((ConnectionError, http.client.RemoteDisconnected)):
        get_status(live_server.url)

    server.reopen()
    assert get_status(live_server.url) < 500
