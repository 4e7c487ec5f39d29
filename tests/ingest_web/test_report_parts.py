"""A report published as two files (narrative + tables, as Jiangsu does) becomes one report
when ingested in bulk; the real corpus files, skipped where ../shared is absent."""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ingest.models import AuditEvent, Upload
from reports.models import Department, Report

pytestmark = pytest.mark.django_db

JIANGSU_2019 = ("budget2019_jiangsu_rendachangweihui_bangongting_dept_text.pdf",
                "budget2019_jiangsu_rendachangweihui_bangongting_dept_tables.pdf")


def test_the_narrative_and_tables_files_of_one_report_are_published_as_one(shared, tmp_path):
    for name in JIANGSU_2019:
        source = shared / "corpus" / name
        if not source.exists():
            pytest.skip(f"{name} is not in the corpus")
        shutil.copy(source, tmp_path / name)
    out = io.StringIO()
    call_command("ingest", str(tmp_path), "--publish", "--no-progress",
                 stdout=out, stderr=io.StringIO())
    summary = out.getvalue()
    assert "published 2" in summary
    assert "part of budget2019_jiangsu_rendachangweihui_bangongting_dept_text.pdf" in summary

    report = Report.objects.get()
    assert report.department.name == "江苏省人大常委会办公厅"
    assert (report.fiscal_year.year, report.kind, report.status) == (2019, "budget", "published")
    assert report.sections.exists()  # from the narrative file
    assert "收支预算总表" in set(report.tables.values_list("title", flat=True))  # from the tables
    assert set(Upload.objects.values_list("status", flat=True)) == {"published"}
    tables_upload = Upload.objects.get(original_name=JIANGSU_2019[1])
    assert AuditEvent.objects.get(action="publish", upload=tables_upload).report == report


def test_ingesting_the_whole_corpus_gives_each_body_its_reports_and_no_cross_office_versions(
    shared,
):
    corpus = shared / "corpus"
    out = io.StringIO()
    with pytest.raises(CommandError, match="left parsed for review"):  # the XX局 template
        call_command("ingest", str(corpus), "--publish", "--no-progress",
                     stdout=out, stderr=io.StringIO())
    summary = out.getvalue()
    template = next(line for line in summary.splitlines() if "shanghai_template" in line)
    assert "review" in template
    assert "占位符" in template

    names = set(Department.objects.values_list("name", flat=True))
    assert all(name and "：" not in name and ":" not in name for name in names), names
    assert {"江苏省人大常委会办公厅", "上海市普陀区司法局", "西南大学"} <= names
    # 部门 and 单位 reports side by side, neither a version of the other.
    sifaju = Report.objects.filter(department__name="上海市普陀区司法局", fiscal_year__year=2026)
    assert sorted(sifaju.values_list("scope", "status")) == [
        ("department", "published"), ("unit", "published")]
    # Jiangsu's 2019 narrative and tables files: one report.
    jiangsu = Report.objects.get(department__name="江苏省人大常委会办公厅", fiscal_year__year=2019)
    assert jiangsu.tables.exists()
    assert jiangsu.sections.exists()
    # A report is superseded only by a file of the same body, year, kind and scope.
    for old in Report.objects.filter(status="superseded"):
        assert Report.objects.filter(
            status="published", department=old.department, fiscal_year=old.fiscal_year,
            kind=old.kind, scope=old.scope, version__gt=old.version).exists()
