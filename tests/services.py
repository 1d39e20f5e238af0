"""Real servers for the tests that need them: Redis and S3-compatible storage.

Each is named by an environment variable (TEST_REDIS_URL, TEST_S3_ENDPOINT_URL)
that .ci/run sets after starting the server. Without it, the tests that need
it are skipped, saying why, unless REQUIRE_SERVICES=1 (CI), when they fail.
"""

import os

import pytest


def service_url(name: str, what: str) -> str:
    url = os.environ.get(name, "").strip()
    if url:
        return url
    reason = f"{name} is not set: start {what} and point {name} at it (.ci/run does)"
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)
