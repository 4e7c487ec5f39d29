"""A report published as two files (narrative + tables, as Jiangsu does) becomes one report
when ingested in bulk; the real corpus files, skipped where ../shared is absent."""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.management import call_command

from ingest.models import AuditEvent, Upload
from reports.models import Report

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
