"""The bulk `ingest` command and `load_demo`, which goes through it."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from ingest.models import AuditEvent, Upload
from reports.models import Finding, Report
from tests.ingest_web.conftest import pdf_bytes

pytestmark = pytest.mark.django_db


def _ingest(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_ingest_parses_files_and_folders_recursively_and_prints_a_summary(tmp_path, fake_parse):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.pdf").write_bytes(pdf_bytes("one"))
    (tmp_path / "a" / "b" / "two.PDF").write_bytes(pdf_bytes("two"))
    (tmp_path / "a" / "notes.md").write_text("not a report")
    single = tmp_path / "three.txt"
    single.write_text("青川市临江区科学技术局")
    out, err = _ingest(str(tmp_path / "a"), str(single))
    assert Upload.objects.filter(status="parsed").count() == 3
    assert "parsed" in out
    assert "3 file(s): parsed 3, published 0, duplicate 0, failed 0" in out
    assert "notes.md" not in out
    assert "3/3" in err  # the progress bar
    assert not Report.objects.exists()


def test_ingest_with_publish_publishes_and_records_the_user(tmp_path, fake_parse, staff):
    (tmp_path / "one.pdf").write_bytes(pdf_bytes("one"))
    out, _ = _ingest(str(tmp_path), "--publish", "--user", "clerk", "--no-progress")
    assert "published 1" in out
    assert Report.objects.get().status == "published"
    assert AuditEvent.objects.get(action="publish").actor == staff


def test_ingest_reports_duplicates_and_failures_and_exits_non_zero(tmp_path, fake_parse):
    (tmp_path / "one.pdf").write_bytes(pdf_bytes("one"))
    (tmp_path / "copy.pdf").write_bytes(pdf_bytes("one"))
    (tmp_path / "empty.pdf").write_bytes(b"")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 of 3 file"):
        call_command("ingest", str(tmp_path), "--no-progress", stdout=out, stderr=io.StringIO())
    summary = out.getvalue()
    assert "duplicate" in summary
    assert "文件是空的" in summary  # the reason, as staff see it
    assert "parsed 1, published 0, duplicate 1, failed 1" in summary


def test_ingest_counts_a_missing_path_as_failed(tmp_path):
    with pytest.raises(CommandError):
        _ingest(str(tmp_path / "nope.pdf"), "--no-progress")


def test_ingest_refuses_an_unknown_user(tmp_path):
    with pytest.raises(CommandError, match="No user named"):
        _ingest(str(tmp_path), "--user", "ghost")


def test_every_ingest_option_has_help():
    from ingest.management.commands.ingest import Command

    parser = Command().create_parser("manage.py", "ingest")
    for action in parser._actions:
        assert action.help, action.dest


def test_load_demo_loads_synthetic_files_through_ingest_and_is_idempotent(tmp_path):
    out = io.StringIO()
    args = ["--directory", str(tmp_path), "--departments", "1", "--years", "2023",
            "--password", "demo-pass-123", "--no-progress"]
    call_command("load_demo", *args, stdout=out, stderr=io.StringIO())
    first = out.getvalue()
    assert "username demo-staff  password demo-pass-123" in first
    files = sorted(p.suffix for p in tmp_path.iterdir())
    assert files == [".docx", ".xlsx"]
    published = Report.objects.filter(status="published")
    assert published.count() == 2, first
    user = User.objects.get(username="demo-staff")
    assert user.check_password("demo-pass-123")
    assert user.has_perm("ingest.publish_report")

    out = io.StringIO()
    call_command("load_demo", *args, stdout=out, stderr=io.StringIO())
    assert "duplicate 2, failed 0" in out.getvalue()
    assert Report.objects.count() == 2


def test_the_demo_shows_auditors_a_report_whose_figures_do_not_add_up(tmp_path):
    args = ["--directory", str(tmp_path), "--departments", "2", "--years", "2023",
            "--password", "demo-pass-123", "--no-progress"]
    call_command("load_demo", *args, stdout=io.StringIO(), stderr=io.StringIO())
    slipped = Finding.objects.filter(rule_id="figures.personnel_public_sum")
    assert [f.report.fiscal_year.year for f in slipped] == [2023]
    assert slipped.get().report.kind == "final_accounts"
