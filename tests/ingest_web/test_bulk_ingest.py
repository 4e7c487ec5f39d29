"""`manage.py ingest --publish` at scale: parsed side by side, published in batches.

Whatever the batching, the database must end as publishing the same files one at a
time leaves it: the same reports, findings, search entries and explorer totals.
"""

from __future__ import annotations

import io
import itertools
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ingest import services
from ingest.bulk import ingest_bulk, ingest_file
from ingest.models import AuditEvent, Upload
from ingest.services import upload_findings
from ingest.synth import FORMATS, generate_report, write_report
from reports.models import (
    Department,
    DepartmentAlias,
    Finding,
    FiscalYear,
    Region,
    Report,
    SearchEntry,
    Spending,
)

pytestmark = pytest.mark.django_db


def _files(folder: Path, *, departments: int = 2, years=(2022, 2023),
           slip=(1, 2023)) -> list[Path]:
    """Two departments' 决算 and 绩效自评 over two years, the formats taking turns, with
    a slip in one report (so there are findings, some across years)."""
    paths = []
    kinds = ("final_accounts", "performance_evaluation")
    cases = itertools.product(range(departments), years, kinds)
    for index, (department, year, kind) in enumerate(cases):
        faults = ("personnel_plus_public",) if (department, year) == slip else ()
        report = generate_report(1, department, year, kind, faults=faults)
        paths.append(write_report(report, folder, FORMATS[index % 2], "default"))  # DOCX, XLSX
    return sorted(paths)


def _state() -> dict:
    """Everything publishing made, by what it is rather than by database ids."""
    identity = {
        report.pk: (report.department.name, report.fiscal_year.year, report.kind, report.scope,
                    report.version)
        for report in Report.objects.select_related("department", "fiscal_year")
    }

    def evidence(value):  # a finding names another report by id: by its identity here
        if isinstance(value, dict):
            return {k: identity[v] if k.endswith("report") and isinstance(v, int)
                    else evidence(v) for k, v in value.items()}
        return [evidence(v) for v in value] if isinstance(value, list) else value

    reports = {}
    for report in Report.objects.select_related("department", "fiscal_year").order_by("pk"):
        key = identity[report.pk]
        reports[key] = {
            "status": report.status, "title": report.title, "pages": report.page_count,
            "upload": report.upload.original_name if report.upload else None,
            "findings": sorted(
                (f.rule_id, f.severity, f.message, f.fingerprint, str(evidence(f.evidence)))
                for f in Finding.objects.filter(report=report)),
            "search": sorted(
                (e.kind, e.title, e.text, e.tokens, e.codes, e.page or 0, e.anchor, e.weight)
                for e in SearchEntry.objects.filter(report=report)),
            "spending": sorted(map(str, Spending.objects.filter(report=report)
                                   .values_list("code", "source", "amount"))),
            "tables": report.tables.count(), "sections": report.sections.count(),
        }
    uploads = sorted(Upload.objects.values_list("original_name", "status"))
    return {"reports": reports, "uploads": uploads}


def _forget_everything() -> None:
    AuditEvent.objects.all().delete()
    Report.objects.all().delete()
    Upload.objects.filter(duplicate_of__isnull=False).delete()
    Upload.objects.all().delete()
    DepartmentAlias.objects.all().delete()
    Department.objects.all().delete()
    Region.objects.all().delete()
    FiscalYear.objects.all().delete()


def test_bulk_ingest_publishes_the_same_reports_findings_and_search_entries_as_one_by_one(
    tmp_path,
):
    paths = _files(tmp_path / "in")
    shutil.copy(paths[0], tmp_path / "in" / "zz-again.docx")  # the same bytes twice
    paths.append(tmp_path / "in" / "zz-again.docx")

    for path in paths:
        ingest_file(path=path, publish=True)
    one_by_one = _state()
    assert len(one_by_one["reports"]) == 8
    assert any(r["findings"] for r in one_by_one["reports"].values())
    _forget_everything()

    # Batches of three: the cross-year checks span batches as well as reports in one.
    outcomes = ingest_bulk(paths=paths, publish=True, jobs=2, batch_size=3)

    assert [o.status for o in outcomes] == ["published"] * 8 + ["duplicate"]
    assert [o.path for o in outcomes] == paths
    bulk = _state()
    assert bulk["reports"].keys() == one_by_one["reports"].keys()
    differing = [(key, name) for key, report in bulk["reports"].items()
                 for name, value in report.items() if value != one_by_one["reports"][key][name]]
    assert differing == []
    assert bulk == one_by_one


def test_a_file_that_fails_among_good_ones_is_recorded_failed_and_the_run_goes_on(
    tmp_path, monkeypatch,
):
    folder = tmp_path / "in"
    _files(folder, departments=1, slip=(0, 2023))
    (folder / "b-broken.docx").write_bytes(b"PK\x03\x04 not really a document")
    # Publishing one report trips over its contents: only that report is lost.
    save = services._save_contents

    def save_or_fail(report, parsed):
        if report.fiscal_year.year == 2023 and report.kind == "final_accounts":
            raise ValueError("cannot store these contents")
        save(report, parsed)

    monkeypatch.setattr(services, "_save_contents", save_or_fail)
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 of 5 file"):
        call_command("ingest", str(folder), "--publish", "--batch", "10", "--jobs", "2",
                     "--no-progress", stdout=out, stderr=io.StringIO())

    broken = Upload.objects.get(original_name="b-broken.docx")
    assert broken.status == Upload.Status.FAILED  # on the staff list, with the reason
    assert broken.error
    assert broken.error in out.getvalue()
    assert "not published: cannot store these contents" in out.getvalue()
    left = Upload.objects.get(original_name="d0000_2023_final_default.docx")
    assert left.status == Upload.Status.PARSED  # nothing of it published; it can be retried
    # Its review page shows what the checks find, last year's report included.
    assert left.result["findings"] == upload_findings(left.result)
    assert "figures.personnel_public_sum" in {f["rule_id"] for f in left.result["findings"]}
    assert sorted(Report.objects.published().values_list("fiscal_year__year", "kind")) == [
        (2022, "final_accounts"), (2022, "performance_evaluation"),
        (2023, "performance_evaluation")]
    assert not Report.objects.filter(upload=left).exists()


def test_bulk_ingest_draws_a_progress_bar_with_rate_and_counts_on_stderr(tmp_path):
    _files(tmp_path / "in", departments=1, years=(2023,))
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", str(tmp_path / "in"), "--publish", stdout=out, stderr=err)

    progress = err.getvalue()
    assert "2/2" in progress  # files done / total
    assert "file/s" in progress  # the rate (and the time left beside it)
    assert "published 2" in progress
    assert "2 file(s): parsed 0, published 2" in out.getvalue()
    assert "file/s" not in out.getvalue()

    err = io.StringIO()
    call_command("ingest", str(tmp_path / "in"), "--publish", "--no-progress",
                 stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == ""


def test_search_entries_and_spending_made_from_the_parse_are_those_the_saved_rows_give(
    tmp_path,
):
    """Publishing indexes a report from its parse and reads spending from the tables that
    hold it only; rebuilding both from the saved rows (as reindexing does) changes nothing,
    for every format and both kinds."""
    from django.db.models import Prefetch

    from reports.models import StatementRow
    from reports.search import reindex_all
    from reports.spending import spending_for_report

    paths = []
    for index, kind in enumerate(("final_accounts", "performance_evaluation") * 2):
        report = generate_report(3, index, 2023, kind)
        for fmt in FORMATS:
            paths.append(write_report(report, tmp_path / fmt, fmt, "default"))
    outcomes = ingest_bulk(paths=paths, publish=True, jobs=2, batch_size=5)
    assert {o.status for o in outcomes} == {"published"}

    def entries() -> list:
        return sorted(SearchEntry.objects.values_list(
            "report_id", "kind", "title", "text", "tokens", "codes", "page", "anchor", "weight"))

    published = entries()
    assert published
    reindex_all()
    assert entries() == published

    for report in Report.objects.all():
        tables = report.tables.order_by("order").prefetch_related(
            Prefetch("rows", queryset=StatementRow.objects.prefetch_related("cells")))
        every_table = sorted((s.source, s.code, s.amount)
                             for s in spending_for_report(report, tables, Spending))
        assert sorted(Spending.objects.filter(report=report)
                      .values_list("source", "code", "amount")) == every_table
    assert Spending.objects.exists()


def test_checking_a_batch_reads_the_statement_cells_of_all_its_reports_in_one_query(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.checks import reports_check

    outcomes = ingest_bulk(paths=_files(tmp_path / "in"), publish=True, jobs=2)
    assert {o.status for o in outcomes} == {"published"}
    reports = list(Report.objects.select_related("fiscal_year").order_by("pk"))
    before = sorted(Finding.objects.values_list("report_id", "rule_id", "fingerprint"))

    with CaptureQueriesContext(connection) as queries:
        reports_check(reports=reports)

    cell_reads = [q["sql"] for q in queries.captured_queries
                  if q["sql"].lstrip().upper().startswith("SELECT")
                  and "statementcell" in q["sql"].lower()]
    assert len(reports) == 8
    assert len(cell_reads) == 1
    assert sorted(Finding.objects.values_list("report_id", "rule_id", "fingerprint")) == before


def test_publishing_a_batch_costs_a_few_queries_a_report_whatever_it_holds(tmp_path):
    """Each report of a batch costs its own statements (the report, its contents, its
    upload); its findings, search entries, spending, scoreboard cells and the data version
    are written once for the batch, and no parse result is read back."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    paths = _files(tmp_path / "in", departments=4)  # 16 files, 8 of them 决算 with tables
    with CaptureQueriesContext(connection) as queries:
        outcomes = ingest_bulk(paths=paths, publish=True, jobs=2, batch_size=16)
    assert {o.status for o in outcomes} == {"published"}

    sql = [q["sql"].lower() for q in queries.captured_queries]
    per_file = len(sql) / len(paths)
    assert per_file <= 32  # 62 before the batch wrote them once (savepoints included)
    # Each upload is written already claimed for its parse, not claimed by an UPDATE after.
    assert not [q for q in sql if q.lstrip().startswith("update") and '"ingest_upload"' in q
                and '"parse_started_at" =' in q]
    # One savepoint a publication (its item): the services inside it need none of their own
    # (4.8 a file on SQLite before, besides the parse results' own where the test holds a
    # transaction open).
    assert sum(q.startswith("savepoint") for q in sql) <= 3 * len(paths)
    # The checks find each report's other years among those the batch read, not report by
    # report.
    assert not [q for q in sql if q.lstrip().startswith("select")
                and 'from "reports_report"' in q and '"reports_report"."scope" =' in q
                and 'not ("reports_report"."fiscal_year_id"' in q]
    # The parse result went in once, and was never read back by its upload's id.
    assert not [q for q in sql if q.lstrip().startswith("select")
                and '"ingest_upload"."result"' in q
                and any(f'"ingest_upload"."id" {op}' in q for op in ("= ", "in ("))]
    assert sum("reports_scoreboardcell" in q and q.lstrip().startswith("delete")
               for q in sql) == 1
    assert sum("reports_finding" in q and q.lstrip().startswith("insert") for q in sql) <= 1


def test_a_folders_narrative_only_files_are_published_while_the_next_folder_is_parsed(
    tmp_path,
):
    """A 绩效自评 (narrative only) waits until its folder is parsed, in case a tables file
    of it follows; then its folder's waiting files are published two a file read, not all
    at once while the parse processes have nothing to do."""
    def folder(name: str, departments: range) -> list[Path]:
        paths = []
        for department, year in itertools.product(departments, (2022, 2023)):
            for kind in ("final_accounts", "performance_evaluation"):
                report = generate_report(1, department, year, kind)
                paths.append(write_report(report, tmp_path / name, "docx", "default"))
        return sorted(paths)

    paths = folder("a", range(3)) + folder("b", range(3, 5))
    events: list[str] = []
    outcomes = ingest_bulk(paths=paths, publish=True, jobs=1, batch_size=1,
                           read=lambda outcome: events.append("r"),
                           done=lambda outcome: events.append("d"))

    assert {o.status for o in outcomes} == {"published"}
    while_reading = "".join(events[:"".join(events).rindex("r")])
    assert "ddd" not in while_reading  # the six of folder a came out all at once before
    assert while_reading.count("d") >= 6 + 3  # folder a's 12 files are all read before b's
