"""Admin sign-in throttling (django-axes): a username is locked from one
address after AXES_FAILURE_LIMIT failures, until the cool-off has passed."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.db.models import F
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN_URL = "/admin/login/"
PASSWORD = "right-password"
ATTACKER_IP = "203.0.113.9"
OFFICE_IP = "198.51.100.20"


@pytest.fixture(autouse=True)
def staff(django_user_model):
    for username in ("editor", "chief"):
        django_user_model.objects.create_user(
            username=username, password=PASSWORD, is_staff=True
        )


def sign_in(username, password, ip):
    """One admin sign-in from a fresh browser at `ip`."""
    return Client().post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def fail(username, ip, times):
    """Sign in with a wrong password `times` times, none of them locked out."""
    for _ in range(times):
        response = sign_in(username, "wrong-password", ip)
        assert response.status_code == 200
        assert not signed_in(response)


def lock_out(username, ip):
    """Fail as many times as the limit allows; the last failure locks."""
    fail(username, ip, settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(username, "wrong-password", ip).status_code == 429


def move_attempts_back(by: timedelta):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - by)


def test_the_limit_is_five_failures_for_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_the_right_password_signs_in():
    assert signed_in(sign_in("editor", PASSWORD, OFFICE_IP))


def test_fewer_failures_than_the_limit_do_not_lock():
    fail("editor", ATTACKER_IP, settings.AXES_FAILURE_LIMIT - 1)

    assert signed_in(sign_in("editor", PASSWORD, ATTACKER_IP))


def test_after_five_failures_even_the_right_password_is_refused():
    lock_out("editor", ATTACKER_IP)

    response = sign_in("editor", PASSWORD, ATTACKER_IP)

    assert response.status_code == 429
    assert b"locked" in response.content.lower()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_the_same_username_from_another_address_can_still_sign_in():
    lock_out("editor", ATTACKER_IP)

    assert signed_in(sign_in("editor", PASSWORD, OFFICE_IP))


def test_another_username_from_the_locked_address_can_still_sign_in():
    lock_out("editor", ATTACKER_IP)

    assert signed_in(sign_in("chief", PASSWORD, ATTACKER_IP))


def test_the_lockout_holds_until_the_cool_off_has_passed():
    lock_out("editor", ATTACKER_IP)

    move_attempts_back(settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
    assert sign_in("editor", PASSWORD, ATTACKER_IP).status_code == 429

    move_attempts_back(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
    assert signed_in(sign_in("editor", PASSWORD, ATTACKER_IP))


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout():
    lock_out("editor", ATTACKER_IP)

    response = Client().post(
        LOGIN_URL,
        {"username": "editor", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR=ATTACKER_IP,
        HTTP_X_FORWARDED_FOR=OFFICE_IP,
    )

    assert response.status_code == 429


def test_a_successful_sign_in_resets_the_failure_count():
    fail("editor", ATTACKER_IP, settings.AXES_FAILURE_LIMIT - 1)
    assert signed_in(sign_in("editor", PASSWORD, ATTACKER_IP))

    fail("editor", ATTACKER_IP, settings.AXES_FAILURE_LIMIT - 1)

    assert signed_in(sign_in("editor", PASSWORD, ATTACKER_IP))


def test_an_operator_unlocks_a_username_with_axes_reset_username():
    lock_out("editor", ATTACKER_IP)

    call_command("axes_reset_username", "editor", stdout=StringIO())

    assert signed_in(sign_in("editor", PASSWORD, ATTACKER_IP))
