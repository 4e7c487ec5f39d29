"""Bulk import: files and folders through the same services as the upload page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File

from ingest.errors import UnsureIdentityError
from ingest.models import Upload
from ingest.services import (
    ACCEPTED_EXTENSIONS,
    UploadStateError,
    upload_create,
    upload_parse,
    upload_publish,
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
    if not path.is_file():
        return Outcome(path, "failed", "file not found")
    with path.open("rb") as handle:
        upload = upload_create(file=File(handle, name=path.name), user=user)
    if upload.status == Upload.Status.DUPLICATE:
        return _duplicate(path, upload, user=user, publish=publish)
    upload = upload_parse(upload=upload)
    if upload.status == Upload.Status.FAILED:
        return Outcome(path, "failed", upload.error, upload)
    if publish:
        return _publish(path, upload, user)
    return Outcome(path, "parsed", _identity(upload), upload)


def _duplicate(path: Path, upload: Upload, *, user, publish: bool) -> Outcome:
    first = upload.duplicate_of
    assert first is not None  # only a duplicate comes here
    # A first upload parsed but never published (an interrupted earlier run) is finished now.
    if publish and first is not None and first.status == Upload.Status.PARSED:
        outcome = _publish(path, first, user)
        if outcome.status == "review":
            return Outcome(path, "review", f"same bytes as upload #{first.pk}; {outcome.detail}",
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
