"""The parse child never outlives the worker that started it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.ingest._processes import assert_child_dies_with_its_parent

REPO = Path(__file__).resolve().parents[2]

# A stand-in worker: starts a parse child that would run for a minute, and waits.
WORKER = """
import os, sys, time
sys.path.insert(0, {repo!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from ingest.isolation import run_isolated

def parse(pid_file):
    with open(pid_file, "w") as out:
        out.write(str(os.getpid()))
    time.sleep(60)

run_isolated(parse, {pid_file!r}, time_limit=120, memory_mb=512)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's parent-death signal")
def test_a_parse_child_dies_when_its_worker_is_killed(tmp_path):
    pid_file = tmp_path / "child.pid"
    assert_child_dies_with_its_parent(
        WORKER.format(repo=str(REPO), pid_file=str(pid_file)), pid_file)
