"""The only writers of ingest data: uploads, parsing, and publishing a report.

Each service is a plain keyword-only function named ``<entity>_<action>``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from functools import partial, wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.utils import timezone, translation

from core.contract import ParsedReport, report_from_dict
from core.money import to_decimal
from core.text import squeeze
from ingest.doubts import identity_doubts
from ingest.errors import (
    ParseError,
    UnstorableResultError,
    UnsureIdentityError,
    UploadInterruptedError,
    UploadTooLargeError,
)
from ingest.isolation import ParseWorkers, parse_isolated
from ingest.models import AuditEvent, Upload, stale_cutoff
from ingest.sniff import sniff
from reports.checks import parsed_findings, reports_check
from reports.copy import rows_copy
from reports.downloads import downloads_enqueue
from reports.models import (
    Department,
    ExpenditureLine,
    Figure,
    FiscalYear,
    Indicator,
    Region,
    Report,
    ReportPart,
    Section,
    StatementCell,
    StatementRow,
    StatementTable,
)
from reports.search import department_entries_refresh, reports_index, tokens_known
from reports.services import (
    department_alias_add,
    department_find,
    department_get_or_create,
    fiscal_year_get,
    refreshes_deferred,
    reports_spending_save,
    spending_totals_refresh,
)

# The extensions the upload page accepts; the content decides the format.
ACCEPTED_EXTENSIONS = (
    ".pdf", ".docx", ".doc", ".xlsx", ".xls", ".txt",
    ".png", ".jpg", ".jpeg", ".tif", ".tiff",  # scanned pages, read by OCR
)

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


def _publication(function: Callable[P, R]) -> Callable[P, R]:
    """``transaction.atomic`` for a publishing service, but no savepoint of its own inside
    a batch's item (``PublishBatch.item``): the item's savepoint already undoes the whole
    publication when anything in it fails (and two statements a level are saved)."""

    @wraps(function)
    def publication(*args: P.args, **kwargs: P.kwargs) -> R:
        batch = _batch.get()
        with transaction.atomic(savepoint=batch is None or not batch.items_open):
            return function(*args, **kwargs)

    return publication


@_publication
def report_publish(
    *,
    parsed: ParsedReport,
    department: Department | None = None,
    fiscal_year: int | None = None,
    kind: str | None = None,
    scope: str | None = None,
    upload=None,
) -> Report:
    """Save a parsed report as the published version, superseding the previous one.

    ``department``, ``fiscal_year``, ``kind`` and ``scope`` are the reviewer's
    corrections; where given they win over what the parser read. A printed name
    that differs from the department's official name is recorded as an alias.
    Raises ``UnsureIdentityError`` when a part of the identity that the reviewer
    did not supply was not read with certainty (``ingest.doubts``): a wrong
    identity would supersede another body's report.
    """
    supplied = {part for part, value in (("department", department), ("fiscal_year", fiscal_year),
                                         ("kind", kind), ("scope", scope)) if value}
    if doubts := identity_doubts(parsed, supplied=supplied):
        raise UnsureIdentityError(doubts)
    with publish_batch():  # the one open, or a batch of this report alone
        return _report_save(parsed=parsed, department=department, fiscal_year=fiscal_year,
                            kind=kind, scope=scope, upload=upload)


def _report_save(*, parsed: ParsedReport, department: Department | None,
                 fiscal_year: int | None, kind: str | None, scope: str | None,
                 upload) -> Report:
    printed = squeeze(parsed.department)
    batch = publish_batch_open()
    if department is None:
        department = batch.department(printed)
    elif not identity_doubts(parsed, supplied={"fiscal_year", "kind", "scope"}):
        # Only a name read with certainty is another name of the department.
        department_alias_add(department=department, name=printed)
    # A parse without a year fails here on NOT NULL; publishing guards it (helper "flow").
    year = batch.fiscal_year(fiscal_year or parsed.fiscal_year)  # type: ignore[arg-type]
    kind = kind or parsed.kind
    scope = scope or parsed.scope
    # Only the same identity is a version of this report: a unit's report never
    # supersedes its department's consolidated one, nor the other way round.
    _identity_lock(department.pk, year.pk, kind, scope)
    siblings = Report.objects.select_for_update().filter(
        department=department, fiscal_year=year, kind=kind, scope=scope
    )
    version = (siblings.aggregate(v=Max("version"))["v"] or 0) + 1
    siblings.filter(status=Report.Status.PUBLISHED).update(status=Report.Status.SUPERSEDED)
    report = Report.objects.create(
        department=department,
        fiscal_year=year,
        kind=kind,
        scope=scope,
        status=Report.Status.PUBLISHED,
        version=version,
        title=f"{printed or department.name}{year.year}",
        printed_department=printed,
        upload=upload,
        page_count=parsed.page_count,
        warnings=list(parsed.warnings),
        published_at=timezone.now(),
    )
    _save_contents(report, parsed)
    batch.add(report, parsed)
    return report


class PublishBatch:
    """Reports published together, and what follows their publication, done once for all.

    Each report's findings, search entries and spending totals are made when the batch
    ends, inside its transaction; the cross-year checks of their departments' other
    years and the department names in those reports' search entries are redone once per
    department, not once per report; the bulk downloads are queued once per year.
    The result is what publishing the reports one at a time gives, provided no report
    of the batch supersedes another of it (``ingest.bulk`` starts a new batch first).
    """

    def __init__(self) -> None:
        self.reports: list[Report] = []
        # Each report's parse, as saved: its search pieces are not read back.
        self.parsed: dict[int, ParsedReport] = {}
        # Text → search tokens already segmented by the parse processes (``tokens_known``).
        self.tokens: dict[str, str] = {}
        self.items_open = 0  # the savepoints of ``item`` open now
        # Printed name → department, year → fiscal year: looked up once a batch.
        self._departments: dict[str, Department] = {}
        self._years: dict[int, FiscalYear] = {}

    def department(self, name: str) -> Department:
        """``department_get_or_create(name=name)``, once per name in the batch."""
        if (department := self._departments.get(name)) is None:
            department = self._departments[name] = department_get_or_create(name=name)
        return department

    def fiscal_year(self, year: int) -> FiscalYear:
        """``fiscal_year_get(year=year)``, once per year in the batch."""
        if (found := self._years.get(year)) is None:
            found = self._years[year] = fiscal_year_get(year=year)
        return found

    def add(self, report: Report, parsed: ParsedReport | None = None) -> None:
        self.reports.append(report)
        if parsed is not None:
            self.parsed[report.pk] = parsed

    @contextmanager
    def item(self) -> Iterator[None]:
        """One publication in the batch, all or nothing: a savepoint, and a report
        rolled back is forgotten by the batch."""
        mark = len(self.reports)
        self.items_open += 1
        try:
            with transaction.atomic():
                yield
        except BaseException:
            for report in self.reports[mark:]:
                self.parsed.pop(report.pk, None)
            del self.reports[mark:]
            # What the item created is gone with it.
            self._departments.clear()
            self._years.clear()
            raise
        finally:
            self.items_open -= 1

    def finish(self) -> None:
        reports, self.reports = self.reports, []
        tokens, self.tokens = self.tokens, {}
        parsed, self.parsed = self.parsed, {}
        if not reports:
            return
        reports_check(reports=reports)
        with tokens_known(tokens):
            reports_index(reports=reports, parsed=parsed)  # the public search
        # The classification explorer's spending, and its totals.
        reports_spending_save(reports=reports)
        spending_totals_refresh(reports=reports)
        mine = [report.pk for report in reports]
        for department_id in dict.fromkeys(report.department_id for report in reports):
            department_entries_refresh(department_id=department_id, exclude=mine)
        # The bulk downloads follow once the reports are committed; a failure to queue
        # is logged and never undoes the publication.
        for year in dict.fromkeys(report.fiscal_year.year for report in reports):
            transaction.on_commit(partial(downloads_enqueue, year=year), robust=True)


_batch: ContextVar[PublishBatch | None] = ContextVar("publish_batch", default=None)


def publish_batch_open() -> PublishBatch:
    """The batch ``publish_batch`` opened (inside it only)."""
    batch = _batch.get()
    assert batch is not None, "inside publish_batch() only"
    return batch


@contextmanager
def publish_item() -> Iterator[None]:
    """Around one publication: a savepoint, inside the open batch if there is one."""
    batch = _batch.get()
    with batch.item() if batch is not None else transaction.atomic():
        yield


@contextmanager
def publish_batch() -> Iterator[PublishBatch]:
    """Inside, ``report_publish`` adds to one batch, finished when the outermost block ends
    (call it inside a transaction: the batch's work belongs with its reports). Nested
    blocks join the open batch."""
    if (open_batch := _batch.get()) is not None:
        yield open_batch
        return
    batch = PublishBatch()
    reset = _batch.set(batch)
    try:
        # The data version and the scoreboard cells of the batch's departments follow
        # once, when it ends, not after each report, check and index.
        with refreshes_deferred():
            yield batch
            batch.finish()
    finally:
        _batch.reset(reset)


def _identity_lock(department_id: int, year_id: int, kind: str, scope: str) -> None:
    """Queue publications of one identity until the transaction ends.

    ``select_for_update`` locks existing versions only: two first publications of an
    identity would both take version 1 and one would fail on the constraint. On
    PostgreSQL an advisory lock keyed by the identity serialises them; SQLite already
    serialises all writing transactions.
    """
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(f"{department_id}/{year_id}/{kind}/{scope}".encode(), digest_size=8)
    key = int.from_bytes(digest.digest(), "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _save_contents(report: Report, parsed: ParsedReport) -> None:
    Section.objects.bulk_create(
        Section(report=report, order=i, level=s.level, heading=s.heading[:500], text=s.text,
                page=s.page)
        for i, s in enumerate(parsed.sections)
    )
    Figure.objects.bulk_create(
        Figure(report=report, key=f.key, value=value, value_text=f.value,
               source=f.source, page=f.page)
        for f in parsed.figures
        if (value := to_decimal(f.value)) is not None
    )
    ExpenditureLine.objects.bulk_create(
        ExpenditureLine(
            report=report, order=i, code=line.code or "", category=line.category,
            item=line.item, subitem=line.subitem, budget=to_decimal(line.budget),
            actual=to_decimal(line.actual), budget_text=line.budget or "",
            actual_text=line.actual or "", reason=line.reason, page=line.page,
            budget_full_year=to_decimal(line.budget_full_year),
            budget_full_year_text=line.budget_full_year or "",
        )
        for i, line in enumerate(parsed.expenditure_lines)
    )
    Indicator.objects.bulk_create(
        Indicator(report=report, order=i, level1=x.level1, level2=x.level2, level3=x.level3,
                  target=x.target, actual=x.actual, weight=x.weight, score=x.score,
                  deviation=x.deviation, page=x.page)
        for i, x in enumerate(parsed.indicators)
    )
    _save_tables(report, parsed.tables)


def _save_tables(report: Report, tables: list) -> None:
    """The statement tables, their rows and their cells: one INSERT each for the report."""
    columns = [list(dict.fromkeys(label for row in table.rows for label in row.values))
               for table in tables]
    saved = StatementTable.objects.bulk_create(
        StatementTable(report=report, order=order, title=table.title, page=table.page,
                       columns=labels, verified=table.verified, unbalanced=table.unbalanced,
                       note=table.note)
        for order, (table, labels) in enumerate(zip(tables, columns, strict=True))
    )
    rows = StatementRow.objects.bulk_create(
        StatementRow(table=table, order=i, code=r.code or "", name=r.name,
                     level=StatementRow.level_for_code(r.code))
        for table, parsed in zip(saved, tables, strict=True) for i, r in enumerate(parsed.rows)
    )
    parsed_rows = [(row, labels) for parsed, labels in zip(tables, columns, strict=True)
                   for row in parsed.rows]
    rows_copy(StatementCell, ("row", "order", "label", "value", "value_text"), (
        (row.pk, labels.index(label), label, to_decimal(text), text)
        for row, (parsed_row, labels) in zip(rows, parsed_rows, strict=True)
        for label, text in parsed_row.values.items()
    ))


# --- Uploads --------------------------------------------------------------------------------


def audit_record(
    *, action: str, user=None, upload: Upload | None = None, report: Report | None = None,
    **detail: Any,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=user if user is not None and user.is_authenticated else None,
        action=action, upload=upload, report=report, detail=detail,
    )


def _digest(file: File) -> tuple[str, int]:
    sha = hashlib.sha256()
    size = 0
    for chunk in file.chunks():
        sha.update(chunk)
        size += len(chunk)
    file.seek(0)
    return sha.hexdigest(), size


def _extension(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if suffix in ACCEPTED_EXTENSIONS else ".bin"


def _message(error: ParseError) -> str:
    # Stored once, in the interface language, so every page shows the same words.
    with translation.override(settings.LANGUAGE_CODE):
        return str(error)


def upload_create(*, file: UploadedFile | File, user=None, claim: bool = False) -> Upload:
    """Keep an uploaded file under its SHA-256 and queue it, or say why not.

    The bytes are stored before anything looks at them, so nothing is lost.
    The same bytes uploaded again get their own row (who uploaded what, when)
    with status ``duplicate`` linked to the first upload; they are neither
    stored nor parsed again. A file over the size limit gets a ``failed`` row
    without its bytes. A file whose content is not a supported format is
    stored and marked ``failed`` with the reason. With ``claim`` an upload that
    would be queued is written already claimed for parsing (``upload_claim``)
    by the caller, who parses it at once.
    """
    name = Path(file.name or "upload").name[:255]
    declared = getattr(file, "size", None) or 0
    # An oversized file is not read at all: it is refused, not kept, so it needs no digest.
    sha256, size = ("", declared) if declared > settings.UPLOAD_MAX_BYTES else _digest(file)
    upload = Upload(original_name=name, extension=_extension(name), sha256=sha256, size=size,
                    uploaded_by=user if user is not None and user.is_authenticated else None)
    if size > settings.UPLOAD_MAX_BYTES:
        _fail(upload, UploadTooLargeError(settings.UPLOAD_MAX_BYTES))
    elif (first := _first_upload(sha256)) is not None:
        upload.status = Upload.Status.DUPLICATE
        upload.duplicate_of = first
        upload.file.name = first.file.name
        upload.detected_format = first.detected_format
    else:
        upload.file.save(f"{sha256}{upload.extension}", file, save=False)
        try:
            upload.detected_format = sniff(upload.file.path)
        except ParseError as error:
            _fail(upload, error)
    if claim and upload.status == Upload.Status.QUEUED:
        for field_name, value in _claim_fields().items():
            setattr(upload, field_name, value)
    upload.save()
    audit_record(action=AuditEvent.Action.UPLOAD, user=user, upload=upload,
                 name=name, sha256=sha256, status=upload.status)
    return upload


def _first_upload(sha256: str) -> Upload | None:
    return (Upload.objects.filter(sha256=sha256, duplicate_of__isnull=True)
            .exclude(file="").order_by("pk").first())


def _fail(upload: Upload, error: ParseError) -> None:
    upload.status = Upload.Status.FAILED
    upload.error = _message(error)
    upload.error_code = error.code


def _claim_fields() -> dict[str, Any]:
    """What claiming an upload for its parse writes."""
    return {"status": Upload.Status.PARSING, "parse_started_at": timezone.now(), "error": "",
            "error_code": "", "progress_page": None, "progress_pages": None,
            "progress_at": None}


def _claim(upload: Upload) -> bool:
    """Mark the upload 'parsing' if it is queued (or abandoned); False if someone else has it."""
    claim = _claim_fields()
    if not Upload.objects.claimable().filter(pk=upload.pk).update(**claim):
        upload.refresh_from_db()  # someone else has it: as they left it
        return False
    for name, value in claim.items():  # what was just written: no need to read it back
        setattr(upload, name, value)
    return True


def parse_tasks_reap() -> int:
    """Mark the parse tasks of dead workers failed; how many were.

    A worker killed mid-parse leaves its task record RUNNING for ever (the upload itself
    counts as interrupted after the time limit and may be parsed again). A task is dead
    when it started before the stale cutoff and its upload is no longer being parsed,
    or is abandoned (``Upload.objects.claimable``).
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=stale_cutoff(),
        task_path__endswith=".parse_upload",
    )
    dead = []
    for result in running:
        upload_id = (result.args_kwargs.get("args") or [None])[0]
        alive = Upload.objects.filter(pk=upload_id, status=Upload.Status.PARSING).exclude(
            pk__in=Upload.objects.claimable().values("pk"))
        if not alive.exists():
            dead.append(result.pk)
    return DBTaskResult.objects.filter(pk__in=dead, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now(),
        exception_class_path="ingest.errors.UploadInterruptedError",
        traceback="The worker running this parse stopped before it finished.",
    )


def upload_parse(*, upload: Upload) -> Upload:
    """Parse a queued upload in a child process; the upload row is the only thing written.

    The result is saved in one UPDATE at the end: a worker killed mid-parse
    leaves the upload 'parsing' with nothing else saved, and after the time
    limit it counts as interrupted (``Upload.is_stale``) and may be retried.
    """
    if not upload_claim(upload=upload):
        return upload
    payload = upload_parse_run(upload=upload, on_progress=partial(_progress, upload))
    return upload_parse_save(upload=upload, payload=payload)


def upload_claim(*, upload: Upload) -> bool:
    """Mark the upload 'parsing' if it is queued (or abandoned); False if someone else has it."""
    return _claim(upload)


def upload_parse_run(
    *, upload: Upload, on_progress: Callable[[int, int], None] | None = None,
    index: bool = False, workers: ParseWorkers | None = None,
) -> dict[str, Any] | ParseError:
    """The parse payload of a claimed upload, read in a child process, or why it failed.

    Touches no database (``on_progress`` may): several run side by side in threads.
    With ``index``, the payload's ``search_tokens`` holds the segmented search texts
    (see ``reports.search.parsed_tokens``), for ``PublishBatch.tokens``.
    """
    try:
        return parse_isolated(
            upload.file.path, name=upload.original_name,
            time_limit=settings.PARSE_TIME_LIMIT_SECONDS,
            # Every page read by OCR has its own time limit on top of the parse's.
            page_time_limit=settings.OCR_PAGE_TIME_LIMIT_SECONDS,
            memory_mb=settings.PARSE_MEMORY_LIMIT_MB,
            on_progress=on_progress, index=index, workers=workers,
        )
    except ParseError as error:
        return error


def upload_parse_save(
    *, upload: Upload, payload: dict[str, Any] | ParseError, findings: bool = True,
) -> Upload:
    """Record what ``upload_parse_run`` gave: the result (in one UPDATE), or the failure.

    The result holds the findings the review page shows, unless not ``findings``: a
    caller about to publish the upload adds them only if it stays parsed
    (``upload_findings_save``).
    """
    if isinstance(payload, ParseError):
        return _parse_failed(upload, payload)
    upload.status = Upload.Status.PARSED
    payload["findings"] = upload_findings(payload) if findings else []
    upload.result = payload
    upload.parsed_at = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: the failure below leaves the rest usable
            upload.save(update_fields=["status", "result", "parsed_at"])
    except DatabaseError:
        # The readers remove what PostgreSQL refuses; should anything still get through,
        # the upload fails with a reason instead of staying "parsing" for ever.
        logger.exception("the parse result of upload %s could not be saved", upload.pk)
        upload.result = None
        return _parse_failed(upload, UnstorableResultError())
    audit_record(action=AuditEvent.Action.PARSE, upload=upload,
                 department=payload["report"]["department"])
    return upload


def _progress(upload: Upload, page: int, pages: int) -> None:
    """Show which scanned page the parse is reading (the status page refreshes itself)."""
    Upload.objects.filter(pk=upload.pk).update(
        progress_page=page, progress_pages=pages, progress_at=timezone.now()
    )


def _parse_failed(upload: Upload, error: ParseError) -> Upload:
    _fail(upload, error)
    upload.parsed_at = timezone.now()
    upload.save(update_fields=["status", "error", "error_code", "parsed_at"])
    audit_record(action=AuditEvent.Action.FAIL, upload=upload, code=upload.error_code)
    return upload


def upload_retry(*, upload: Upload, user=None) -> Upload:
    """Queue a failed or interrupted upload again (the caller enqueues the parse)."""
    if not upload.can_retry:
        return upload
    Upload.objects.filter(pk=upload.pk).update(
        status=Upload.Status.QUEUED, error="", error_code="", parse_started_at=None
    )
    upload.refresh_from_db()
    audit_record(action=AuditEvent.Action.CORRECT, user=user, upload=upload, retried=True)
    return upload


def upload_mark_interrupted(*, upload: Upload) -> Upload:
    """Record an abandoned parse as failed, so it reads as failed everywhere."""
    if upload.is_stale:
        _fail(upload, UploadInterruptedError())
        upload.save(update_fields=["status", "error", "error_code"])
    return upload


def upload_findings(result: dict[str, Any]) -> list[dict[str, Any]]:
    """What the consistency rules find in a parse before it is published, for the review
    page; a department already known lends its other years to the cross-year rules."""
    parsed = parsed_from_result(result)
    if parsed.fiscal_year is None:
        return []
    known = department_find(name=parsed.department) if parsed.department else None
    try:
        return parsed_findings(parsed, year=parsed.fiscal_year,
                               department_id=known.pk if known else None)
    except Exception:  # a rule's bug must not lose the parse; publishing re-checks anyway
        logger.exception("checks failed on upload %s", result.get("report", {}).get("file"))
        return []


def upload_findings_save(*, upload: Upload) -> Upload:
    """Store the review page's findings in a parsed upload's result (as parsing does)."""
    if upload.status == Upload.Status.PARSED and upload.result:
        upload.result["findings"] = upload_findings(upload.result)
        Upload.objects.filter(pk=upload.pk, status=Upload.Status.PARSED).update(
            result=upload.result)
    return upload


def parsed_from_result(result: dict[str, Any]) -> ParsedReport:
    """Rebuild the ParsedReport that the child process sent back."""
    return report_from_dict(result["report"])


def _pages(parsed: ParsedReport) -> int:
    """How many pages a file spans: its page count, or the last page anything was read on."""
    items: tuple[Any, ...] = (*parsed.figures, *parsed.tables, *parsed.sections,
                              *parsed.expenditure_lines, *parsed.indicators)
    return max([parsed.page_count, *(item.page or 0 for item in items)])


def _shifted(parsed: ParsedReport, offset: int) -> ParsedReport:
    """The file's pages numbered after ``offset`` pages of the files before it."""
    if not offset:
        return parsed

    def shift(items: list) -> list:
        return [replace(item, page=item.page + offset) if item.page else item for item in items]

    return replace(parsed, figures=shift(parsed.figures), tables=shift(parsed.tables),
                   sections=shift(parsed.sections),
                   expenditure_lines=shift(parsed.expenditure_lines),
                   indicators=shift(parsed.indicators))


def part_spans(main: ParsedReport, parts: list[ParsedReport]) -> list[tuple[int, int]]:
    """(first page, page count) of each file of a report in several files, main first:
    the report's pages run through the files in order."""
    spans, first = [], 1
    for parsed in (main, *parts):
        spans.append((first, _pages(parsed)))
        first += _pages(parsed)
    return spans


def parsed_merge(main: ParsedReport, parts: list[ParsedReport]) -> ParsedReport:
    """One report from a report published as several files (narrative + tables, 附件).

    ``main`` gives the identity; the parts add their tables, sections and indicators,
    the figures and expenditure lines that ``main`` lacks, and their warnings, except
    the identity ones: the identity is ``main``'s. The parts' pages are numbered after
    the pages of the files before them (``part_spans``), so each page names one file.
    """
    spans = part_spans(main, parts)
    parts = [_shifted(p, first - 1) for p, (first, _count) in zip(parts, spans[1:], strict=True)]
    have = {f.key for f in main.figures}
    return replace(
        main,
        figures=[*main.figures, *(f for p in parts for f in p.figures if f.key not in have)],
        tables=[*main.tables, *(t for p in parts for t in p.tables)],
        expenditure_lines=main.expenditure_lines or [
            line for p in parts for line in p.expenditure_lines],
        indicators=main.indicators or [x for p in parts for x in p.indicators],
        sections=[*main.sections, *(s for p in parts for s in p.sections)],
        warnings=[*main.warnings, *(w for p in parts for w in p.warnings
                                    if not w.startswith("未识别出"))],
        page_count=sum(count for _first, count in spans),
    )


def report_parts_save(*, report: Report, uploads: list[Upload],
                      spans: list[tuple[int, int]]) -> list[ReportPart]:
    """Record which file holds which pages of a report published from several files."""
    return ReportPart.objects.bulk_create(
        ReportPart(report=report, order=order, upload=upload, name=upload.original_name,
                   first_page=first, page_count=count)
        for order, (upload, (first, count)) in enumerate(zip(uploads, spans, strict=True))
    )


@_publication
def upload_publish_parts(
    *,
    upload: Upload,
    parts: list[Upload],
    user=None,
    department: Department | None = None,
    fiscal_year: int | None = None,
    kind: str | None = None,
    scope: str | None = None,
) -> Report:
    """Publish ``upload`` and its further parts (e.g. a tables-only file) as one report.

    The identity is read from ``upload``, and must be sure unless the reviewer supplies it
    (``department``, ``fiscal_year``, ``kind``, ``scope``; else ``UnsureIdentityError``).
    All or nothing: every part must be parsed (``PartsNotReadyError``); every part is
    marked published, the report lists its files (``ReportPart``), and the audit log
    names the report of each.
    """
    by_pk = {u.pk: u for u in _locked([upload, *parts])}
    upload, parts = by_pk[upload.pk], [by_pk[p.pk] for p in parts]
    if upload.status != Upload.Status.PARSED or not upload.result:
        raise UploadStateError(upload.status)
    if waiting := [p for p in parts if p.status != Upload.Status.PARSED or not p.result]:
        raise PartsNotReadyError(waiting)
    main = parsed_from_result(upload.result)
    parsed_parts = [parsed_from_result(p.result or {}) for p in parts]
    parsed = parsed_merge(main, parsed_parts)
    changes = _corrections(parsed, department, fiscal_year, kind, scope)
    report = report_publish(parsed=parsed, upload=upload, department=department,
                            fiscal_year=fiscal_year, kind=kind, scope=scope)
    report_parts_save(report=report, uploads=[upload, *parts],
                      spans=part_spans(main, parsed_parts))
    Upload.objects.filter(pk__in=by_pk).update(status=Upload.Status.PUBLISHED)
    if changes:
        audit_record(action=AuditEvent.Action.CORRECT, user=user, upload=upload, report=report,
                     **changes)
    audit_record(action=AuditEvent.Action.PUBLISH, user=user, upload=upload, report=report,
                 version=report.version, parts=[p.pk for p in parts])
    for part in parts:
        audit_record(action=AuditEvent.Action.PUBLISH, user=user, upload=part, report=report,
                     version=report.version, part_of=upload.pk)
    return report


def _locked(uploads: list[Upload]) -> list[Upload]:
    """The uploads as stored, locked until the transaction ends, in the order given.

    A parse result the caller holds is not read again (it is the largest thing stored)
    if it is the one stored: the same parse time.
    """
    locked = {u.pk: u for u in Upload.objects.select_for_update().defer("result")
              .filter(pk__in=[u.pk for u in uploads]).order_by("pk")}
    out = []
    for given in uploads:
        upload = locked.get(given.pk)
        if upload is None:
            raise Upload.DoesNotExist(f"upload #{given.pk}")
        if "result" in given.__dict__ and given.parsed_at == upload.parsed_at:
            upload.result = given.result
        out.append(upload)
    return out


def _department_choose(name: str | None, region: Region | None) -> Department | None:
    if not name or not name.strip():
        return None
    department = department_find(name=name) or department_get_or_create(name=name, region=region)
    if region is not None and department.region_id != region.pk:
        department.region = region
        department.save(update_fields=["region"])
    return department


class UploadStateError(Exception):
    """The upload is not in a state that allows this action (e.g. already published)."""


class PartsNotReadyError(UploadStateError):
    """A further part of the report is not parsed (yet): nothing is published."""

    def __init__(self, parts: list[Upload]) -> None:
        super().__init__(", ".join(part.original_name for part in parts))
        self.parts = parts


@_publication
def upload_publish(
    *,
    upload: Upload,
    user=None,
    department: Department | None = None,
    department_name: str | None = None,
    region: Region | None = None,
    fiscal_year: int | None = None,
    kind: str | None = None,
    scope: str | None = None,
) -> Report:
    """Publish a parsed upload with the reviewer's corrections, in one transaction.

    ``department`` or ``department_name`` (matched by name or alias, created
    when new, in ``region``) override the printed department; ``fiscal_year``,
    ``kind`` and ``scope`` override what the parser read. Raises
    ``UnsureIdentityError`` (the upload stays parsed) when the identity is
    unsure and the reviewer did not supply it.
    """
    upload = _locked([upload])[0]
    if upload.status != Upload.Status.PARSED or not upload.result or upload.part_of_id:
        raise UploadStateError(upload.status)  # a part is published with its main file
    department = department or _department_choose(department_name, region)
    if parts := upload_parts(upload=upload):
        return upload_publish_parts(upload=upload, parts=parts, user=user, department=department,
                                    fiscal_year=fiscal_year, kind=kind, scope=scope)
    parsed = parsed_from_result(upload.result)
    corrections = _corrections(parsed, department, fiscal_year, kind, scope)
    report = report_publish(parsed=parsed, department=department, fiscal_year=fiscal_year,
                            kind=kind, scope=scope, upload=upload)
    upload.status = Upload.Status.PUBLISHED
    upload.save(update_fields=["status"])
    if corrections:
        audit_record(action=AuditEvent.Action.CORRECT, user=user, upload=upload, report=report,
                     **corrections)
    audit_record(action=AuditEvent.Action.PUBLISH, user=user, upload=upload, report=report,
                 version=report.version)
    return report


def _corrections(parsed: ParsedReport, department: Department | None, fiscal_year: int | None,
                 kind: str | None, scope: str | None) -> dict[str, list]:
    printed = squeeze(parsed.department)
    changes: dict[str, list] = {}
    if department is not None and department.name != printed:
        changes["department"] = [printed, department.name]
    if fiscal_year and fiscal_year != parsed.fiscal_year:
        changes["fiscal_year"] = [parsed.fiscal_year, fiscal_year]
    if kind and kind != parsed.kind:
        changes["kind"] = [parsed.kind, kind]
    if scope and scope != parsed.scope:
        changes["scope"] = [parsed.scope, scope]
    return changes


def upload_parts(*, upload: Upload) -> list[Upload]:
    """The further files staff attached to ``upload``, in the order attached (rejected ones
    left out)."""
    return list(upload.parts.exclude(status=Upload.Status.REJECTED).order_by("pk"))


def upload_part_add(*, upload: Upload, file: UploadedFile | File, user=None) -> Upload:
    """Attach a further file of the same report (tables, 附件) to a parsed upload.

    The file is kept and queued like any upload (the caller enqueues the parse); it is
    published with ``upload``, never alone. The same bytes as an earlier upload are
    recorded as a duplicate and not attached.
    """
    if upload.status != Upload.Status.PARSED or upload.part_of_id:
        raise UploadStateError(upload.status)
    part = upload_create(file=file, user=user)
    if part.status != Upload.Status.DUPLICATE:
        part.part_of = upload
        part.save(update_fields=["part_of"])
        audit_record(action=AuditEvent.Action.CORRECT, user=user, upload=upload,
                     part_added=part.pk, name=part.original_name)
    return part


@transaction.atomic
def upload_reject(*, upload: Upload, user=None, reason: str = "") -> Upload:
    upload = Upload.objects.select_for_update().get(pk=upload.pk)
    if upload.status not in (Upload.Status.PARSED, Upload.Status.FAILED):
        raise UploadStateError(upload.status)
    upload.status = Upload.Status.REJECTED
    upload.save(update_fields=["status"])
    audit_record(action=AuditEvent.Action.REJECT, user=user, upload=upload, reason=reason)
    return upload


def upload_enqueue(*, upload: Upload) -> None:
    """Hand a queued upload to the task backend (``db_worker`` in production)."""
    from ingest.tasks import parse_upload  # tasks import this module

    if upload.status == Upload.Status.QUEUED:
        parse_upload.enqueue(upload.pk)


STAFF_GROUP = "staff"
STAFF_PERMISSIONS = ("upload_report", "publish_report", "view_upload", "view_auditevent")


def staff_group_ensure() -> Group:
    """The staff group with its permissions (the migration creates it; this repairs it)."""
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label="ingest", codename__in=STAFF_PERMISSIONS
    ))
    return group


def staff_user_set(*, username: str, password: str):
    """Create a staff member, or reset an existing one's password, in the staff group."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.set_password(password)
    user.save()
    user.groups.add(staff_group_ensure())
    return user
