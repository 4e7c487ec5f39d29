"""Bulk import: files and folders through the same services as the upload page."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.db import connections

from core.text import squeeze
from ingest.errors import UnsureIdentityError
from ingest.models import Upload
from ingest.services import (
    ACCEPTED_EXTENSIONS,
    UploadStateError,
    parsed_from_result,
    upload_create,
    upload_parse,
    upload_publish,
    upload_publish_parts,
)


@dataclass(slots=True)
class Outcome:
    path: Path
    status: str  # parsed, published, review (left parsed: identity unsure), failed, duplicate
    detail: str = ""
    upload: Upload | None = None


def files_under(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each file named, and every report file inside each folder named (recursively)."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in ACCEPTED_EXTENSIONS
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            yield path


def ingest_file(*, path: Path, user=None, publish: bool = False) -> Outcome:
    outcome = parse_file(path=path, user=user)
    return publish_outcomes([outcome], user=user)[0] if publish else outcome


def parse_file(*, path: Path, user=None) -> Outcome:
    """Upload and parse one file: parsed, failed or duplicate (nothing published)."""
    recorded = _record(path, user)
    return recorded if isinstance(recorded, Outcome) else _parse(path, recorded)


def parse_files(*, paths: Sequence[Path], user=None, jobs: int = 1,
                done: Callable[[Outcome], None] = lambda outcome: None) -> list[Outcome]:
    """``parse_file`` for each path, ``jobs`` parses at a time; outcomes in the paths' order.

    The uploads are recorded one at a time in order (a file repeated in the batch stays a
    duplicate of the first); the parses then run side by side, each in its own child
    process as always (the threads only wait for them), each file all or nothing. On
    SQLite (one writer at a time) they run one after the other.
    ``done`` is called with each outcome as it is known (for a progress bar).
    """
    recorded = [_record(path, user) for path in paths]
    outcomes: list[Outcome | None] = [r if isinstance(r, Outcome) else None for r in recorded]
    for outcome in outcomes:
        if outcome is not None:
            done(outcome)

    def parse(index: int, *, in_thread: bool = True) -> None:
        upload = recorded[index]
        assert isinstance(upload, Upload)
        try:
            outcome = outcomes[index] = _parse(paths[index], upload)
        finally:
            if in_thread:
                connections.close_all()  # this thread's own connections
        done(outcome)

    waiting = [i for i, outcome in enumerate(outcomes) if outcome is None]
    if jobs <= 1 or connections["default"].vendor == "sqlite":
        # SQLite takes one writer at a time: parallel parses' UPDATEs would fail as locked.
        for index in waiting:
            parse(index, in_thread=False)
    else:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(parse, waiting))
    return [outcome for outcome in outcomes if outcome is not None]


def _record(path: Path, user) -> Outcome | Upload:
    if not path.is_file():
        return Outcome(path, "failed", "file not found")
    with path.open("rb") as handle:
        upload = upload_create(file=File(handle, name=path.name), user=user)
    if upload.status == Upload.Status.DUPLICATE:
        first = upload.duplicate_of
        assert first is not None  # a duplicate names the first upload
        detail = f"same bytes as upload #{first.pk} ({first.original_name}, {first.status})"
        return Outcome(path, "duplicate", detail, upload)
    return upload


def _parse(path: Path, upload: Upload) -> Outcome:
    upload = upload_parse(upload=upload)
    if upload.status == Upload.Status.FAILED:
        return Outcome(path, "failed", upload.error, upload)
    return Outcome(path, "parsed", _identity(upload), upload)


def publish_outcomes(outcomes: list[Outcome], *, user=None) -> list[Outcome]:
    """Publish every parsed file whose identity is sure; a tables-only file goes into the
    narrative-only file of the same report as a further part. Outcomes in the same order."""
    parts = pair_parts(outcomes)
    main_of = {id(part): main for main, part in parts}
    part_of = {id(main): part for main, part in parts}
    published: list[Outcome] = []
    for outcome in outcomes:
        if outcome.status == "duplicate":
            published.append(_duplicate(outcome, user=user))
        elif outcome.status != "parsed" or id(outcome) in main_of:
            published.append(outcome)  # failed; or a part, published with its main file
        elif id(outcome) in part_of:
            published.append(_publish_parts(outcome, part_of[id(outcome)], user))
        else:
            published.append(_publish(outcome.path, _upload(outcome), user))
    by_part = {id(part): main for main, part in parts}
    return [_part_outcome(o, _find(published, by_part[id(o)])) if id(o) in by_part else o
            for o in published]


def _upload(outcome: Outcome) -> Upload:
    assert outcome.upload is not None  # every parsed or duplicate outcome has its upload
    return outcome.upload


def _find(outcomes: list[Outcome], original: Outcome) -> Outcome:
    return next(o for o in outcomes if o.path == original.path)


def _part_outcome(part: Outcome, main: Outcome) -> Outcome:
    if main.status == "published":
        return Outcome(part.path, "published", f"part of {main.path.name}: {main.detail}",
                       part.upload)
    return Outcome(part.path, main.status, f"part of {main.path.name}: {main.detail}", part.upload)


# What a file name adds to say which part of a report it holds: _tables, _text, 附表 …
_PART_SUFFIX = re.compile(
    r"[_\-\s.]*(?:tables?|text|narrative|body|表格?|报表|附表|文字|说明|正文|附件\d*)$", re.I
)


def pair_parts(outcomes: list[Outcome]) -> list[tuple[Outcome, Outcome]]:
    """(narrative-only file, tables-only file) pairs that are one report printed as two files.

    Both are parsed, of the same year, kind and scope, in the same folder; the tables
    file names the same department, or none (tables pages often print none) and then
    its name must be the narrative file's but for a part suffix (_tables / _text).
    """
    parsed = [(o, parsed_from_result(o.upload.result)) for o in outcomes
              if o.status == "parsed" and o.upload is not None and o.upload.result]
    narratives = [(o, p) for o, p in parsed if p.sections and not p.tables]
    tables = [(o, p) for o, p in parsed if p.tables and not p.sections]
    pairs: list[tuple[Outcome, Outcome]] = []
    used: set[int] = set()
    for table_outcome, table in tables:
        matches = [
            outcome for outcome, narrative in narratives
            if id(outcome) not in used and outcome.path.parent == table_outcome.path.parent
            and (narrative.fiscal_year, narrative.kind, narrative.scope)
            == (table.fiscal_year, table.kind, table.scope)
            and _same_body(outcome, narrative, table_outcome, table)
        ]
        if len(matches) == 1:  # never a guess between two candidates
            pairs.append((matches[0], table_outcome))
            used.add(id(matches[0]))
    return pairs


def _same_body(narrative_outcome: Outcome, narrative, tables_outcome: Outcome, tables) -> bool:
    if squeeze(tables.department):
        return squeeze(tables.department) == squeeze(narrative.department)
    return (_PART_SUFFIX.sub("", narrative_outcome.path.stem)
            == _PART_SUFFIX.sub("", tables_outcome.path.stem))


def _publish_parts(main: Outcome, part: Outcome, user) -> Outcome:
    upload = _upload(main)
    try:
        report = upload_publish_parts(upload=upload, parts=[_upload(part)], user=user)
    except UnsureIdentityError as error:
        reasons = "; ".join(str(reason) for reason in error.reasons)
        return Outcome(main.path, "review", f"{_identity(upload)}: {reasons}", upload)
    except (UploadStateError, ValueError, TypeError) as error:
        return Outcome(main.path, "failed", f"not published: {error}", upload)
    detail = f"{_identity(upload)} v{report.version}, with {part.path.name} (tables)"
    return Outcome(main.path, "published", detail, upload)


def _duplicate(outcome: Outcome, *, user) -> Outcome:
    path, upload = outcome.path, _upload(outcome)
    first = upload.duplicate_of
    assert first is not None  # only a duplicate comes here
    # A first upload parsed but never published (an interrupted earlier run) is finished now.
    if first is not None and first.status == Upload.Status.PARSED:
        published = _publish(path, first, user)
        if published.status == "review":
            return Outcome(path, "review", f"same bytes as upload #{first.pk}; {published.detail}",
                           upload)
        first.refresh_from_db()
    detail = f"same bytes as upload #{first.pk} ({first.original_name}, {first.status})"
    return Outcome(path, "duplicate", detail, upload)


def _publish(path: Path, upload: Upload, user) -> Outcome:
    try:
        report = upload_publish(upload=upload, user=user)
    except UnsureIdentityError as error:
        # Left parsed: a reviewer supplies the identity on the review page.
        reasons = "; ".join(str(reason) for reason in error.reasons)
        return Outcome(path, "review", f"{_identity(upload)}: {reasons}", upload)
    except (UploadStateError, ValueError, TypeError) as error:
        return Outcome(path, "failed", f"not published: {error}", upload)
    return Outcome(path, "published", f"{_identity(upload)} v{report.version}", upload)


def _identity(upload: Upload) -> str:
    assert upload.result is not None  # a parsed upload has its result
    report = upload.result["report"]
    scope = report.get("scope", "")
    return f"{report['department'] or '—'} {report['fiscal_year'] or '—'} {report['kind']} {scope}"
