import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _check(**env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, **env}
    environment.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=REPO, env=environment,
        capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("value", ["flase", "maybe", "2"])
def test_a_misspelt_yes_no_setting_stops_the_start_up_naming_it(value):
    result = _check(DEBUG=value)
    assert result.returncode != 0
    assert f"DEBUG='{value}' is not a yes/no value" in result.stderr


def test_a_number_setting_that_is_no_number_stops_the_start_up():
    result = _check(UPLOAD_MAX_MB="fifty")
    assert result.returncode != 0
    assert "UPLOAD_MAX_MB='fifty' is not a whole number" in result.stderr


@pytest.mark.parametrize("value", ["0", "off", "False", " no "])
def test_every_spelling_of_no_turns_debug_off(value):
    result = _check(DEBUG=value, SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


def _deploying_block() -> dict[str, str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Deploying", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    env = {}
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _sep, value = line.partition("=")
            env[name] = value
    return env


def test_check_deploy_with_the_readmes_production_variables_prints_no_warning():
    import secrets

    env = _deploying_block()
    assert {"DEBUG", "HTTPS", "PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS",
            "HSTS_SECONDS"} <= set(env)
    env["SECRET_KEY"] = secrets.token_urlsafe(50)  # the README's placeholder for a real key
    environment = {**os.environ, **env}
    environment.pop("DATABASE_URL", None)  # the check needs no database
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests, not production
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_without_https_cookies_are_not_secure_so_a_plain_http_site_can_log_in():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
         "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
         "settings.SECURE_SSL_REDIRECT)"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0",
             "SECRET_KEY": "x" * 50, "HTTPS": "0"},
    )
    assert result.stdout.split() == ["False", "False", "False"], result.stderr


def test_behind_a_proxy_the_forwarded_scheme_header_and_https_come_from_the_environment():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
         "print(settings.SECURE_PROXY_SSL_HEADER, settings.SESSION_COOKIE_SECURE, "
         "settings.SECURE_HSTS_SECONDS, settings.CSRF_TRUSTED_ORIGINS)"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "HTTPS": "1",
             "PROXY_SSL_HEADER": "X-Forwarded-Proto", "HSTS_SECONDS": "3600",
             "CSRF_TRUSTED_ORIGINS": "https://a.example"},
    )
    assert result.stdout.strip() == (
        "('HTTP_X_FORWARDED_PROTO', 'https') True 3600 ['https://a.example']"), result.stderr


@pytest.mark.parametrize(("env", "message"), [
    ({"PROXY_SSL_HEADER": "X Forwarded Proto"}, "PROXY_SSL_HEADER='X Forwarded Proto' is not"),
    ({"CSRF_TRUSTED_ORIGINS": "juesuan.example"}, "needs its scheme, e.g. https://juesuan"),
    ({"HSTS_SECONDS": "3600"}, "need HTTPS=1"),
    ({"HTTPS": "ja"}, "HTTPS='ja' is not a yes/no value"),
])
def test_a_wrong_https_setting_stops_the_start_up_naming_it(env, message):
    result = _check(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_production_block_keeps_connections_and_room_for_thousands_of_cached_pages():
    env = {**os.environ, **_deploying_block(), "SECRET_KEY": "x" * 50}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.conf import settings as s; "
         "print(s.DATABASES['default']['CONN_MAX_AGE'], "
         "s.CACHES['default']['OPTIONS']['MAX_ENTRIES'])"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    conn_max_age, max_entries = map(int, result.stdout.splitlines()[-1].split())
    assert conn_max_age == 60
    assert max_entries >= 10_000
