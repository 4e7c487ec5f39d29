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
