"""`manage.py ingest --publish` parses in long-lived children: a file that kills its
child or runs over the time limit fails alone, and the files after it are published."""

from __future__ import annotations

import io
import os
import signal
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ingest import isolation
from ingest.models import Upload
from ingest.synth import generate_report, write_report
from reports.models import Report

pytestmark = pytest.mark.django_db


def test_a_file_that_kills_or_stalls_its_parse_child_fails_alone_and_the_rest_publish(
    tmp_path, monkeypatch, settings,
):
    settings.PARSE_TIME_LIMIT_SECONDS = 3
    folder = tmp_path / "in"
    for department in range(3):
        write_report(generate_report(1, department, 2023, "final_accounts"), folder, "docx",
                     "default")
    (folder / "d0000_crash.txt").write_text("某部门2023年度部门决算", encoding="utf-8")
    (folder / "d0001_stall.txt").write_text("另一部门2023年度部门决算", encoding="utf-8")
    parse = isolation.parse_payload

    def payload(path, *, name, index=False):
        if name.endswith("crash.txt"):
            os.kill(os.getpid(), signal.SIGKILL)
        if name.endswith("stall.txt"):
            time.sleep(60)
        return parse(path, name=name, index=index)

    monkeypatch.setattr(isolation, "parse_payload", payload)
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 of 5 file"):
        call_command("ingest", str(folder), "--publish", "--jobs", "1", "--no-progress",
                     stdout=out, stderr=io.StringIO())

    crashed = Upload.objects.get(original_name="d0000_crash.txt")
    assert (crashed.status, crashed.error_code) == (Upload.Status.FAILED, "crash")
    stalled = Upload.objects.get(original_name="d0001_stall.txt")
    assert (stalled.status, stalled.error_code) == (Upload.Status.FAILED, "timeout")
    assert Report.objects.published().count() == 3
    assert {u.status for u in Upload.objects.filter(original_name__endswith=".docx")} == {
        Upload.Status.PUBLISHED}


def test_a_publishing_run_parses_at_a_lower_priority_than_it_publishes(tmp_path, monkeypatch):
    """Publishing is the run's serial path: the parse processes take the CPU it leaves."""
    from ingest.bulk import PARSE_NICE

    folder = tmp_path / "in"
    write_report(generate_report(1, 0, 2023, "final_accounts"), folder, "docx", "default")
    parse = isolation.parse_payload

    def payload(path, *, name, index=False):
        return {**parse(path, name=name, index=index), "niceness": os.nice(0)}

    monkeypatch.setattr(isolation, "parse_payload", payload)
    for flags, offset in (([], 0), (["--publish"], PARSE_NICE)):
        Upload.objects.all().delete()
        call_command("ingest", str(folder), *flags, "--jobs", "1", "--no-progress",
                     stdout=io.StringIO(), stderr=io.StringIO())
        assert Upload.objects.get().result["niceness"] == os.nice(0) + offset
