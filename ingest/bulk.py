"""Bulk import: files and folders through the same services as the upload page."""

from __future__ import annotations

import logging
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.db import connection, transaction

from core.text import squeeze
from ingest.errors import UnsureIdentityError
from ingest.isolation import ParseWorkers
from ingest.models import Upload
from ingest.services import (
    ACCEPTED_EXTENSIONS,
    UploadStateError,
    parsed_from_result,
    publish_batch,
    publish_item,
    upload_create,
    upload_findings_save,
    upload_parse,
    upload_parse_run,
    upload_parse_save,
    upload_publish,
    upload_publish_parts,
)
from reports.models import Report
from reports.services import department_find

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Outcome:
    path: Path
    status: str  # parsed, published, review (left parsed: identity unsure), failed, duplicate
    detail: str = ""
    upload: Upload | None = None
    # Search texts the parse process segmented (text → tokens), until published.
    tokens: dict[str, str] = field(default_factory=dict, repr=False)


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


def _record(path: Path, user, *, claim: bool = False) -> Outcome | Upload:
    if not path.is_file():
        return Outcome(path, "failed", "file not found")
    with path.open("rb") as handle:
        upload = upload_create(file=File(handle, name=path.name), user=user, claim=claim)
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


def publish_outcomes(outcomes: list[Outcome], *, user=None,
                     parts: list[tuple[Outcome, Outcome]] | None = None) -> list[Outcome]:
    """Publish every parsed file whose identity is sure; a tables-only file goes into the
    narrative-only file of the same report as a further part (``parts``: the pairs
    ``pair_parts`` finds among ``outcomes`` unless given). Outcomes in the same order."""
    parts = pair_parts(outcomes) if parts is None else parts
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
        with publish_item():
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
    first.refresh_from_db()  # published since it was recorded, perhaps earlier in this run
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
        with publish_item():
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


# --- bulk: many files, parsed side by side, published in batches ----------------------------


@dataclass(slots=True)
class Tally:
    """How far a bulk run is, for its progress bar."""

    done: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: Outcome) -> None:
        self.done += 1
        self.counts[outcome.status] = self.counts.get(outcome.status, 0) + 1


def ingest_bulk(
    *, paths: Sequence[Path], user=None, publish: bool = False, jobs: int = 2,
    batch_size: int = 100, done: Callable[[Outcome], None] = lambda outcome: None,
    read: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """Upload, parse and (with ``publish``) publish many files; outcomes in the paths' order.

    The same reports, findings and search entries as ``parse_file`` on each file and then
    ``publish_outcomes`` on them all, faster:

    - ``jobs`` parses run at a time, each in its own child process as always (the threads
      only wait for them; the child also segments the report's search texts). The
      database is written from this thread only, so SQLite works as well.
    - Files are recorded and published in order while the next ones are parsed, in
      batches (``_Batches``): up to a batch of files is parsed ahead, so the parse
      processes keep working while a batch is published. A narrative-only or a
      tables-only file waits until its folder is parsed, then is published with its
      other half where there is one (``pair_parts`` looks no further than a folder).
      A file with the same bytes as an earlier one is dealt with at the end, once
      every first file is published.

    For a progress bar, ``read`` is called with each file's outcome as soon as it is
    parsed (or refused), ``done`` with its final outcome (published, failed …).
    """
    from reports.search import tokenizer

    paths = list(paths)
    if publish:
        tokenizer()  # loaded once here: every parse process inherits the dictionary
    with _commits_unflushed():
        return _ingest_bulk(paths=paths, user=user, publish=publish, jobs=jobs,
                            batch_size=batch_size, done=done, read=read)


@contextmanager
def _commits_unflushed() -> Iterator[None]:
    """PostgreSQL: this connection's commits do not wait for the disk (synchronous_commit
    off). A run commits a few times per file (recording, parse results, batches); a crash
    of the database server may lose the last fraction of a second of them, never corrupt
    anything, and those files are simply recorded again by the next run."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _ingest_bulk(
    *, paths: list[Path], user, publish: bool, jobs: int, batch_size: int,
    done: Callable[[Outcome], None], read: Callable[[Outcome], None],
) -> list[Outcome]:
    finished: dict[int, Outcome] = {}
    position = {id(path): index for index, path in enumerate(paths)}

    def finish(outcomes: list[Outcome]) -> None:
        for outcome in outcomes:
            if publish and outcome.status in ("review", "failed") and outcome.upload is not None:
                # Left parsed: the review page shows what the checks find in it.
                outcome.upload.refresh_from_db(fields=["status"])
                upload_findings_save(upload=outcome.upload)
            done(outcome)
            if outcome.upload is not None:
                outcome.upload.result = None  # reported: its memory is needed elsewhere
            outcome.tokens = {}
            finished[position[id(outcome.path)]] = outcome

    batches = _Batches(user=user, size=batch_size, finish=finish)
    left = Counter(path.parent for path in paths)  # files of each folder not parsed yet
    halves: dict[Path, list[Outcome]] = {}
    duplicates: list[Outcome] = []
    pending: deque[tuple[Path, Outcome | Upload, Future | None]] = deque()
    # The reports (a file, or a narrative and its tables) to publish, in the order they
    # are published: the order one at a time would publish them.
    ready: deque[list[Outcome]] = deque()
    remaining = iter(paths)
    # Files recorded and handed to the parse processes ahead of the one being published:
    # a batch's worth, so that the next batch is parsed while one is published.
    ahead = max(2 * jobs + 2, batch_size + jobs if publish else 0)
    with (ParseWorkers(nice=PARSE_NICE if publish else 0) as workers,
          ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool):
        while True:
            while len(pending) < ahead and (path := next(remaining, None)) is not None:
                recorded = _record(path, user, claim=True)
                future = None
                if isinstance(recorded, Upload) and recorded.status == Upload.Status.PARSING:
                    future = pool.submit(upload_parse_run, upload=recorded, index=publish,
                                         workers=workers)
                pending.append((path, recorded, future))
            if not pending:
                break
            outcome = _parsed(*pending.popleft(), findings=not publish)
            read(outcome)
            folder = outcome.path.parent
            left[folder] -= 1
            if not publish or outcome.status not in ("parsed", "duplicate"):
                finish([outcome])
            elif outcome.status == "duplicate":
                duplicates.append(outcome)  # at the end: its first file is published by then
            elif _half(outcome):
                halves.setdefault(folder, []).append(outcome)
            else:
                ready.append([outcome])
            if not left[folder] and folder in halves:
                waiting = halves.pop(folder)
                pairs = pair_parts(waiting)
                parts = {id(part) for _main, part in pairs}
                partner = {id(main): part for main, part in pairs}
                for outcome in waiting:
                    if id(outcome) not in parts:
                        ready.append([outcome, partner[id(outcome)]] if id(outcome) in partner
                                     else [outcome])
            # At most two reports a file read: a folder's halves, all ready at once, are
            # published while the next files are parsed, not while the parses wait.
            for _ in range(min(len(ready), 2)):
                batches.add(ready.popleft())
        while ready:
            batches.add(ready.popleft())
        for outcome in duplicates:
            batches.add([outcome])
        batches.flush()
    return [finished[index] for index in sorted(finished)]


# The parse processes yield the CPU to this one (and to the database server) when both
# want it: publishing is the run's one serial path, and the parses only need to keep
# ahead of it.
PARSE_NICE = 10


class _Batches:
    """Parsed files published in batches of ``size``, each in one transaction.

    Each report is all or nothing in its own savepoint; the checks, the search entries
    and their departments' other years are done once per batch (``PublishBatch``). A
    batch ends early before a report that would supersede a published one, so a batch
    never holds two versions of a report. Should a batch's common work fail, its files
    are published again one at a time. ``finish`` receives the outcomes of each batch.
    """

    def __init__(self, *, user, size: int, finish: Callable[[list[Outcome]], None]) -> None:
        self.user, self.size, self.finish = user, size, finish
        self.outcomes: list[Outcome] = []
        self.pairs: list[tuple[Outcome, Outcome]] = []
        self.keys: set[tuple] = set()
        self.departments: dict[str, int] = {}  # printed name → a department found by it
        self.unknown: set[str] = set()  # names no department had (until the next batch)

    def add(self, unit: list[Outcome]) -> None:
        """A file, or a report's two files (narrative first, then tables)."""
        main = unit[0]
        if main.status == "parsed":
            key = _identity_key(main, self.departments, self.unknown)
            if key in self.keys or _published(key):
                self.flush()  # a new version: the batch must see the one it supersedes
            self.keys.add(key)
        self.outcomes.extend(unit)
        if len(unit) == 2:
            self.pairs.append((unit[0], unit[1]))
        if len(self.outcomes) >= self.size:
            self.flush()

    def flush(self) -> None:
        if not self.outcomes:
            return
        outcomes, pairs = self.outcomes, self.pairs
        self.outcomes, self.pairs, self.keys = [], [], set()
        self.unknown = set()  # the batch may create them
        self.finish(self._publish(outcomes, pairs))

    def _publish(self, outcomes: list[Outcome], pairs: list) -> list[Outcome]:
        try:
            with transaction.atomic(), publish_batch() as batch:
                for outcome in outcomes:
                    batch.tokens.update(outcome.tokens)
                return publish_outcomes(outcomes, user=self.user, parts=pairs)
        except Exception:
            # Nothing of the batch was kept: its reports are published one at a time, so
            # that one the common work trips over fails alone, with its reason.
            logger.exception("a batch of %d files failed; publishing one at a time",
                             len(outcomes))
        published: list[Outcome] = []
        partner = {id(main): part for main, part in pairs}
        parts = {id(part) for _main, part in pairs}
        for outcome in outcomes:
            if id(outcome) in parts:
                continue
            unit = [outcome, partner[id(outcome)]] if id(outcome) in partner else [outcome]
            try:
                published += publish_outcomes(unit, user=self.user,
                                              parts=[tuple(unit)] if len(unit) == 2 else [])
            except Exception as error:  # the run goes on; the upload stays parsed
                logger.exception("publishing %s failed", outcome.path)
                published += [Outcome(o.path, "failed", f"not published: {error}", o.upload)
                              for o in unit]
        return published


def _parsed(path: Path, recorded: Outcome | Upload, future: Future | None, *,
            findings: bool) -> Outcome:
    """The outcome of one recorded file once its parse is done (the result saved here;
    with the review page's findings if ``findings``)."""
    if isinstance(recorded, Outcome):
        return recorded  # not found, or a duplicate
    if future is None:  # refused as it was recorded (too large, not a report format) …
        detail = recorded.error or f"upload #{recorded.pk} is {recorded.status}"  # … or taken
        return Outcome(path, "failed", detail, recorded)
    payload = future.result()
    tokens = payload.pop("search_tokens", {}) if isinstance(payload, dict) else {}
    upload = upload_parse_save(upload=recorded, payload=payload, findings=findings)
    if upload.status == Upload.Status.FAILED:
        return Outcome(path, "failed", upload.error, upload)
    return Outcome(path, "parsed", _identity(upload), upload, tokens)


def _half(outcome: Outcome) -> bool:
    """A narrative-only or a tables-only file: perhaps one half of a report in two files."""
    report = _upload(outcome).result["report"]  # type: ignore[index]
    return bool(report["sections"]) != bool(report["tables"])


def _identity_key(outcome: Outcome, departments: dict[str, int], unknown: set[str]) -> tuple:
    """(department, year, kind, scope): the department's id where one has the printed name
    (``departments`` remembers those found, ``unknown`` those not found), else the name."""
    report = _upload(outcome).result["report"]  # type: ignore[index]
    name = squeeze(report["department"] or "")
    if name and name not in departments and name not in unknown:
        if found := department_find(name=name):
            departments[name] = found.pk
        else:
            unknown.add(name)
    return (departments.get(name, name), report["fiscal_year"], report["kind"],
            report.get("scope", ""))


def _published(key: tuple) -> bool:
    department, year, kind, scope = key
    if not isinstance(department, int):
        return False  # a department not known yet has nothing published
    return Report.objects.published().filter(
        department=department, fiscal_year__year=year, kind=kind, scope=scope).exists()
