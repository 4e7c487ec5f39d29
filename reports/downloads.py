"""Bulk downloads: a zip of CSV tables with a Frictionless ``datapackage.json``.

One zip per fiscal year and one for everything, under ``MEDIA_ROOT/opendata``,
rebuilt after reports are published (``reports.tasks.refresh_downloads``). A
zip is written beside its old self and moved into place, so a visitor never
downloads half a file. Each zip's ``datapackage.json`` records what it was
built from; a rebuild that would hold the same reports is skipped, so a bulk
import that publishes a hundred reports rebuilds each file about once.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext

from reports.datapackage import TABLES, descriptor, moment
from reports.exports import spreadsheet_safe
from reports.models import Report

FOLDER = "opendata"
ALL = "all"
FILE_PATTERN = r"juesuan-(?:all|\d{4})\.zip"  # also the download's URL (reports.urls)
NAME = re.compile(rf"^{FILE_PATTERN}$")


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def file_name(year: int | None) -> str:
    return f"juesuan-{year or ALL}.zip"


def _published(year: int | None):
    reports = Report.objects.published()
    return reports.for_year(year) if year else reports


def _state(year: int | None) -> dict[str, Any]:
    """What a download is built from: a new publication changes it."""
    found = _published(year).aggregate(reports=Count("pk"), latest=Max("published_at"),
                                       last_id=Max("pk"))
    return {"fiscal_year": year, "reports": found["reports"],
            "latest_published_at": moment(found["latest"]) or None, "last_id": found["last_id"]}


def _stored_package(path: Path) -> dict[str, Any] | None:
    """The ``datapackage.json`` of a zip written here; None for anything else."""
    try:
        with zipfile.ZipFile(path) as archive:
            package = json.loads(archive.read("datapackage.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    return package if isinstance(package.get("juesuan"), dict) else None


def _stored_state(path: Path) -> dict[str, Any] | None:
    package = _stored_package(path)
    return package["juesuan"] if package else None


def _member(name: str, when: datetime) -> zipfile.ZipInfo:
    """A file in the zip, dated like the pages (Asia/Shanghai), readable by everyone."""
    info = zipfile.ZipInfo(name, date_time=timezone.localtime(when).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _write_csv(archive: zipfile.ZipFile, info: zipfile.ZipInfo, table, reports) -> None:
    with archive.open(info, "w") as raw, io.TextIOWrapper(
        raw, encoding="utf-8", newline=""
    ) as text:
        writer = csv.writer(text)
        writer.writerow([c.name for c in table.columns])
        for row in table.rows(reports):
            writer.writerow([spreadsheet_safe(value) for value in row])


def _title(year: int | None) -> str:
    if year is None:
        return gettext("juesuan open data: every fiscal year")
    return gettext("juesuan open data: fiscal year %(year)d") % {"year": year}


def download_build(*, year: int | None, force: bool = False) -> Path | None:
    """Write the zip of ``year`` (every year when None); None when it has no reports.

    Skipped (returning the existing file) when the file already holds the
    same published reports, unless ``force``.
    """
    path = folder() / file_name(year)
    state = _state(year)
    if not state["reports"]:
        path.unlink(missing_ok=True)  # nothing published for it (any more)
        return None
    if not force and path.exists() and _stored_state(path) == state:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    # Read in each language for the data package (a lazy proxy; the stubs call it a str).
    title = cast(Promise, lazy(_title, str)(year))
    package = descriptor(name=f"juesuan-{year or ALL}", title=title, created=now, extra=state)
    reports = _published(year)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".building-", suffix=".zip")
    try:
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(
            raw, "w", compression=zipfile.ZIP_DEFLATED
        ) as archive:
            archive.writestr(_member("datapackage.json", now),
                             json.dumps(package, ensure_ascii=False, indent=2))
            for table in TABLES:
                _write_csv(archive, _member(table.path, now), table, reports)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def downloads_refresh(*, year: int | None) -> list[Path]:
    """Rebuild what a publication for ``year`` changes: that year's zip and the whole one."""
    built = [download_build(year=y) for y in dict.fromkeys([year, None])]
    return [path for path in built if path is not None]


def downloads_enqueue(*, year: int) -> None:
    """Have the worker rebuild the downloads a publication for ``year`` changed."""
    from reports.tasks import refresh_downloads  # the task module imports this one

    refresh_downloads.enqueue(year)


def downloads_rebuild_all(*, force: bool = False) -> list[Path]:
    """Every year's zip and the whole one (``manage.py build_downloads``)."""
    years = (Report.objects.published().order_by().values_list("fiscal_year__year", flat=True)
             .distinct())
    wanted = {file_name(y) for y in years} | {file_name(None)}
    for stale in folder().glob("juesuan-*.zip"):  # a year nothing is published for any more
        if stale.name not in wanted:
            stale.unlink()
    built = [download_build(year=y, force=force) for y in [None, *sorted(years)]]
    return [path for path in built if path is not None]


@dataclass(frozen=True)
class Download:
    name: str
    year: int | None
    size: int
    created: datetime
    reports: int

    @property
    def url(self) -> str:
        return reverse("download_file", args=[self.name])

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "year": self.year, "size": self.size,
                "created": self.created, "reports": self.reports, "url": self.url}


def downloads_list() -> list[Download]:
    """The zips on disk: everything first, then the years, newest first."""
    found = []
    for path in folder().glob("juesuan-*.zip"):
        package = _stored_package(path) if NAME.match(path.name) else None
        if package is None:
            continue
        state = package["juesuan"]
        found.append(Download(path.name, state["fiscal_year"], path.stat().st_size,
                              datetime.fromisoformat(package["created"]), state["reports"]))
    return sorted(found, key=lambda d: (d.year is not None, -(d.year or 0)))


def download_path(name: str) -> Path | None:
    """The file of download ``name``, if it is one and exists."""
    if not NAME.match(name):
        return None
    path = folder() / name
    return path if path.is_file() else None
