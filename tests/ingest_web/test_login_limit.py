"""The login limit: per account, in the database, shared by the admin, folded names, a cool-down."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "s3cret-pass-123"
LOCKED = "登录失败次数过多，请 15 分钟后再试。"


def _fail(client, url: str, username: str = "clerk"):
    return client.post(url, {"username": username, "password": "wrong"})


def _login(client, url: str = "", username: str = "clerk"):
    return client.post(url or reverse("login"), {"username": username, "password": PASSWORD})


def test_five_failures_lock_the_account_with_the_login_page_and_a_clear_message(client, staff):
    for _ in range(4):
        response = _fail(client, reverse("login"))
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()
    assert _fail(client, reverse("login")).status_code == 429
    response = _login(client)
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert 'name="password"' in html  # the login page itself, not a bare error
    assert 'value="clerk"' in html
    assert "_auth_user_id" not in client.session


def test_the_count_is_kept_in_the_database_for_every_web_worker(client, staff):
    from django.test import Client

    for _ in range(5):
        _fail(Client(), reverse("login"))  # five separate clients, as five workers would see
    assert AccessAttempt.objects.get().failures_since_start == 5
    assert _login(client).status_code == 429


@pytest.mark.parametrize("variant", ["CLERK", "ｃｌｅｒｋ", "Ｃｌｅｒｋ", " clerk "])
def test_a_username_in_full_width_or_another_case_counts_against_the_same_account(
    client, staff, variant
):
    for _ in range(5):
        _fail(client, reverse("login"), variant)
    assert _login(client).status_code == 429


def test_the_admin_login_shares_the_count(client, staff):
    staff.is_staff = True
    staff.save()
    admin_login = reverse("admin:login")
    for _ in range(3):
        _fail(client, reverse("login"))
    for _ in range(2):
        _fail(client, admin_login)
    response = _login(client, admin_login)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert _login(client).status_code == 429


def test_the_lock_ends_after_fifteen_minutes_however_often_someone_tries(client, staff):
    for _ in range(10):
        _fail(client, reverse("login"))
    assert AccessAttempt.objects.get().failures_since_start == 5  # tries while locked not kept
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))
    assert _login(client).status_code == 302


def test_one_locked_account_does_not_lock_another(client, staff):
    User.objects.create_user("auditor", password=PASSWORD)
    for _ in range(5):
        _fail(client, reverse("login"))
    assert _login(client, username="auditor").status_code == 302


def test_a_successful_login_clears_the_failure_count(client, staff):
    for _ in range(4):
        _fail(client, reverse("login"))
    assert _login(client).status_code == 302
    client.logout()
    for _ in range(4):
        _fail(client, reverse("login"))
    assert _login(client).status_code == 302
