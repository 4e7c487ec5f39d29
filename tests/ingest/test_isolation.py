"""The parse child never outlives the worker that started it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie waiting for its new parent to reap it is gone for our purpose.
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's parent-death signal")
def test_a_parse_child_dies_when_its_worker_is_killed(tmp_path):
    pid_file = tmp_path / "child.pid"
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER.format(repo=str(REPO), pid_file=str(pid_file))]
    )
    try:
        deadline = time.monotonic() + 60
        while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.2)
        child = int(pid_file.read_text())
        assert _alive(child)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(child), "the parse child outlived its worker"
    finally:
        worker.kill()
        if pid_file.exists() and pid_file.read_text():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid_file.read_text()), signal.SIGKILL)
