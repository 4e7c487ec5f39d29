"""Read helpers for the staff pages: suggestions and the page images of an upload."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.contract import ParsedReport
from core.money import to_decimal
from core.text import fold_width, squeeze
from ingest.errors import ParseError
from ingest.isolation import run_isolated
from ingest.models import Upload
from reports.labels import figure_label
from reports.models import Department, Finding, Report
from reports.services import PLACE_PREFIX, department_find, place_names

SUGGESTION_LIMIT = 8
PREVIEW_SCALE = 1.4  # ~830 px wide for an A4 page: legible beside the form
RENDER_TIME_LIMIT_SECONDS = 30
RENDER_MEMORY_MB = 512


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A department the printed name may mean, how sure that is (0–100) and why."""

    department: Department
    confidence: int
    reason: object  # translatable

    @property
    def region(self) -> str:
        region = self.department.region
        return " ".join(r.name for r in region.lineage()) if region else ""

    @property
    def level(self) -> str:
        return "high" if self.confidence >= 90 else "medium" if self.confidence >= 60 else "low"


# Below this a similar name is noise, not a suggestion.
MIN_CONFIDENCE = 40
# A label or seal kept with the printed name: 部门：…, 单位名称（盖章）：…
_LABEL = re.compile(r"^.*[：:]")


def printed_name(name: str) -> str:
    """The printed name without whitespace, widths folded, and any field label cut off."""
    return _LABEL.sub("", fold_width(squeeze(name))).strip()


def department_suggestions(*, name: str) -> list[Suggestion]:
    """Departments a printed name may mean, surest first, each with its confidence.

    The exact name or a recorded alias is sure; otherwise departments with the same
    function (the name without its places: 科学技术局) are ranked by how alike the
    names are, and those placed in another region than the printed name names are
    left out. Demo (fictional) departments are offered only for a demo report.
    """
    name = printed_name(name)
    if not name:
        return []
    found: list[Suggestion] = []
    exact = department_find(name=name)
    if exact is not None:
        reason = _("same name") if exact.name == name else _("a recorded alias")
        found.append(Suggestion(exact, 100 if exact.name == name else 95, reason))
    # A real report is never matched to a fictional department, nor a demo one to a real one.
    demo = bool(exact and exact.demo)
    places = [place for place in place_names(name) if place]
    core = PLACE_PREFIX.sub("", name, count=1) or name
    similar = (Department.objects.filter(demo=demo)
               .filter(Q(name__endswith=core) | Q(aliases__name__endswith=core)
                       | Q(name__contains=name) | Q(aliases__name__contains=name))
               .select_related("region__parent__parent").prefetch_related("aliases")
               .distinct()[:50])
    for department in similar:
        if exact is not None and department.pk == exact.pk:
            continue
        suggestion = _similar(name, places, department)
        if suggestion is not None:
            found.append(suggestion)
    found.sort(key=lambda s: (-s.confidence, s.department.name))
    return found[:SUGGESTION_LIMIT]


def _similar(name: str, places: list[str], department: Department) -> Suggestion | None:
    names = [department.name, *(alias.name for alias in department.aliases.all())]
    ratio = max(difflib.SequenceMatcher(None, name, other).ratio() for other in names)
    regions = [region.name for region in department.region.lineage()] if department.region else []
    if places and regions:
        if places[-1] not in regions:
            return None  # another place: never the same body
        confidence, reason = 60 + round(ratio * 29), _("same function in the same region")
    else:
        confidence, reason = round(ratio * 75), _("similar name; region unknown")
    return Suggestion(department, confidence, reason) if confidence >= MIN_CONFIDENCE else None


@dataclass(frozen=True, slots=True)
class FigureChange:
    key: str
    published: Decimal | None  # None: the new version adds it
    new: Decimal | None  # None: the new version drops it

    @property
    def label(self) -> str:
        return figure_label(self.key)


@dataclass(frozen=True, slots=True)
class VersionChanges:
    """What publishing a parse would change in the published report it would supersede."""

    published: Report
    figures: list[FigureChange]
    unchanged_figures: int
    tables_added: list[str]
    tables_removed: list[str]
    findings: list[tuple[str, int, int]]  # severity, published count, new count

    @property
    def any(self) -> bool:
        return bool(self.figures or self.tables_added or self.tables_removed
                    or any(old != new for _, old, new in self.findings))


def version_changes(*, parsed: ParsedReport, department: Department | None,
                    findings: list[dict]) -> VersionChanges | None:
    """The published report of the same identity (department, year, kind and scope) that
    publishing ``parsed`` under ``department`` would supersede, and what would change."""
    if department is None or not parsed.fiscal_year:
        return None
    published = (Report.objects.published()
                 .filter(department=department, fiscal_year__year=parsed.fiscal_year,
                         kind=parsed.kind, scope=parsed.scope)
                 .select_related("department", "fiscal_year").first())
    if published is None:
        return None
    old = {f.key: f.value for f in published.figures.all()}
    new = {f.key: to_decimal(f.value) for f in parsed.figures if to_decimal(f.value) is not None}
    changed = [FigureChange(key, old.get(key), new.get(key))
               for key in sorted(old.keys() | new.keys()) if old.get(key) != new.get(key)]
    old_tables = list(published.tables.values_list("title", flat=True))
    new_tables = [t.title for t in parsed.tables]
    old_counts = Counter(published.findings.values_list("severity", flat=True))
    new_counts = Counter(f.get("severity", "") for f in findings)
    return VersionChanges(
        published=published,
        figures=changed,
        unchanged_figures=len(old.keys() & new.keys()) - sum(
            1 for c in changed if c.published is not None and c.new is not None),
        tables_added=[t for t in new_tables if t not in old_tables],
        tables_removed=[t for t in old_tables if t not in new_tables],
        findings=[(severity, old_counts[severity], new_counts[severity])
                  for severity in Finding.Severity.values
                  if old_counts[severity] or new_counts[severity]],
    )


def upload_page_count(*, upload: Upload) -> int:
    # PDFs and scanned page images (PNG, JPEG, TIFF) have pages to show.
    if upload.detected_format not in ("pdf", "image") or not upload.result:
        return 0
    return int(upload.result.get("page_count") or 0)


def upload_page_png(*, upload: Upload, page: int) -> Path | None:
    """A PNG of page ``page`` (1-based) of a parsed PDF upload, rendered once and kept."""
    if not 1 <= page <= upload_page_count(upload=upload):
        return None
    target = Path(settings.MEDIA_ROOT) / "previews" / upload.sha256 / f"{page}.png"
    if not target.exists():
        # A PDF that parsed may still render badly: same child-process limits as parsing.
        try:
            run_isolated(_render, Path(upload.file.path), page, target,
                         time_limit=RENDER_TIME_LIMIT_SECONDS, memory_mb=RENDER_MEMORY_MB)
        except ParseError:
            return None
    return target


# A scanned page image is shown at most this wide (as wide as a rendered PDF page).
PREVIEW_WIDTH = 830


def _render(source: Path, page: int, target: Path) -> None:
    from ingest.sniff import sniff

    target.parent.mkdir(parents=True, exist_ok=True)
    if sniff(source) == "image":
        image = _scanned_page(source, page)
    else:
        import pypdfium2 as pdfium

        from ingest.readers.pdf_layout import PDFIUM_LOCK

        with PDFIUM_LOCK:
            document = pdfium.PdfDocument(source)
            try:
                image = document[page - 1].render(scale=PREVIEW_SCALE).to_pil()
            finally:
                document.close()
    partial = target.with_suffix(".tmp")
    image.save(partial, format="PNG")
    partial.replace(target)  # never serve a half-written image


def _scanned_page(source: Path, page: int):
    """Frame ``page`` of a PNG/JPEG/TIFF, scaled to the preview width."""
    from PIL import Image, ImageOps

    with Image.open(source) as img:
        img.seek(page - 1)
        image = ImageOps.exif_transpose(img).convert("RGB")
    if image.width > PREVIEW_WIDTH:
        image = image.resize((PREVIEW_WIDTH, round(image.height * PREVIEW_WIDTH / image.width)))
    return image
