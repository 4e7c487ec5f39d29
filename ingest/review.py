"""Read helpers for the staff pages: suggestions and the page images of an upload."""

from __future__ import annotations

import difflib
from pathlib import Path

from django.conf import settings
from django.db.models import Q

from core.text import squeeze
from ingest.errors import ParseError
from ingest.isolation import run_isolated
from ingest.models import Upload
from reports.models import Department
from reports.services import PLACE_PREFIX, department_find

SUGGESTION_LIMIT = 8
PREVIEW_SCALE = 1.4  # ~830 px wide for an A4 page: legible beside the form
RENDER_TIME_LIMIT_SECONDS = 30
RENDER_MEMORY_MB = 512


def department_suggestions(*, name: str) -> list[Department]:
    """Departments a printed name may mean: the exact match, then same-function ones."""
    name = squeeze(name)
    exact = department_find(name=name)
    found = [exact] if exact else []
    # Without its places (青川市临江区), the rest names the function (科学技术局).
    core = PLACE_PREFIX.sub("", name, count=1) or name
    similar = Department.objects.filter(
        Q(name__endswith=core) | Q(aliases__name__endswith=core)
    ).distinct()[:50]
    ranked = sorted(similar, key=lambda d: -difflib.SequenceMatcher(None, name, d.name).ratio())
    for department in ranked:
        if department not in found:
            found.append(department)
    return found[:SUGGESTION_LIMIT]


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
