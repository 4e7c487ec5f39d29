"""OCR: scanned pages and page images into the same characters and rules a text PDF gives.

A page without a text layer (an image-only PDF page, a PNG/JPEG/TIFF upload) is
cleaned first: red ink (seals) is washed out, the page is turned upright (the
text-line direction, then the angle classifier's vote over the lines), skew is
measured from the text lines and table rules and straightened, and the table
rules are found with morphology. RapidOCR (PP-OCR models shipped inside the
package, onnxruntime on the CPU) then recognises text boxes; each box's width is
split over its characters, giving ``Char`` boxes in points, so the PDF reader's
grid finder, unruled-table code and captions run unchanged on scans.

The engine is created lazily once per process (a forked parse child makes its own;
an engine inherited over ``fork`` hangs). Recognised text is cached by page-image
hash when ``OCR_CACHE_DIR`` is set.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ingest.document import Document
from ingest.errors import NoTextFoundError, OcrDisabledError, OcrPageTimeoutError
from ingest.readers.pdf_layout import Char, Rule

# The resolution images are assumed to have when their file does not say.
DEFAULT_IMAGE_DPI = 200
# Longest side the detector and recogniser see (A4 at 200 dpi is 2339 px).
MAX_SIDE = 2600
# Skew below this (degrees) is left alone; above MAX_SKEW it is not skew but a layout.
MIN_SKEW = 0.15
MAX_SKEW = 8.0

ProgressCallback = Callable[[int, int], None]


# ---------------------------------------------------------------- settings


@dataclass(frozen=True, slots=True)
class OcrOptions:
    enabled: bool = True
    dpi: int = 200
    page_time_limit: float = 120.0
    cache_dir: str = ""


def options() -> OcrOptions:
    """The OCR settings: Django's when configured, else the environment's."""
    try:
        from django.conf import settings

        if settings.configured:
            return OcrOptions(
                enabled=getattr(settings, "OCR_ENABLED", True),
                dpi=getattr(settings, "OCR_DPI", 200),
                page_time_limit=getattr(settings, "OCR_PAGE_TIME_LIMIT_SECONDS", 120),
                cache_dir=getattr(settings, "OCR_CACHE_DIR", ""),
            )
    except ImportError:  # pragma: no cover - Django is always installed with the app
        pass
    return OcrOptions(
        enabled=os.environ.get("OCR_ENABLED", "1").lower() not in ("0", "false", "no", "off"),
        dpi=int(os.environ.get("OCR_DPI", "200")),
        page_time_limit=float(os.environ.get("OCR_PAGE_TIME_LIMIT_SECONDS", "120")),
        cache_dir=os.environ.get("OCR_CACHE_DIR", ""),
    )


# ---------------------------------------------------------------- progress


_progress: list[ProgressCallback] = []


@contextmanager
def reporting(callback: ProgressCallback) -> Iterator[None]:
    """Call ``callback(page_index, pages)`` as each scanned page is started."""
    _progress.append(callback)
    try:
        yield
    finally:
        _progress.remove(callback)


def report_progress(done: int, total: int) -> None:
    for callback in _progress:
        callback(done, total)


def stderr_progress(done: int, total: int) -> None:
    print(f"OCR page {done} of {total}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- engine


_engine: tuple[int, Any] | None = None


def _require_opencv() -> None:
    """The "OCR is off on this server" error where OpenCV's libraries are missing."""
    try:
        import cv2  # noqa: F401
    except ImportError as error:
        raise OcrDisabledError() from error


def engine() -> Any:
    """This process's RapidOCR engine, made on first use (never one inherited by fork)."""
    global _engine
    if _engine is None or _engine[0] != os.getpid():
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as error:  # OpenCV's system libraries missing (libGL)
            raise OcrDisabledError() from error

        threads = max(1, min(os.cpu_count() or 1, 4))
        _engine = (os.getpid(), RapidOCR(
            max_side_len=MAX_SIDE, intra_op_num_threads=threads, inter_op_num_threads=1,
            print_verbose=False,
        ))
    return _engine[1]


def release_engine() -> None:
    """Drop this process's engine before it forks a parse child: onnxruntime's pool
    threads do not survive fork, and a child making its own engine while the parent
    holds one hangs for ever. The parent makes a new one if it reads a scan again."""
    global _engine
    if _engine is not None:
        _engine = None
        gc.collect()  # the sessions, and their threads, go now, not at some later cycle


# ---------------------------------------------------------------- one page


@dataclass(slots=True)
class OcrPage:
    chars: list[Char]
    horizontal: list[Rule]
    vertical: list[Rule]
    width: float  # points
    height: float
    turned: int = 0  # degrees the page was turned to stand upright
    skew: float = 0.0


def read_image(image: np.ndarray, *, dpi: float, number: int = 1,
               opts: OcrOptions | None = None) -> OcrPage:
    """Characters and table rules of one page image (RGB, uint8), in points."""
    _require_opencv()
    import cv2

    opts = opts or options()
    with _time_limit(opts.page_time_limit, number):
        image = wash_red(image)
        grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
        turned = 0
        if _sideways(grey):
            grey = cv2.rotate(grey, cv2.ROTATE_90_CLOCKWISE)
            turned = 90
        skew = measure_skew(grey)
        if abs(skew) >= MIN_SKEW:
            grey = rotate(grey, skew)
        flipped, boxes = recognise(grey, opts)
        if flipped:
            grey = cv2.rotate(grey, cv2.ROTATE_180)
            turned = (turned + 180) % 360
        horizontal, vertical = find_rules(grey)
    scale = 72.0 / dpi
    chars = [ch for box in boxes for ch in box_chars(box, scale)]
    h, w = grey.shape[:2]
    return OcrPage(
        chars=chars,
        horizontal=[Rule(r.pos * scale, r.a * scale, r.b * scale) for r in horizontal],
        vertical=[Rule(r.pos * scale, r.a * scale, r.b * scale) for r in vertical],
        width=w * scale, height=h * scale, turned=turned, skew=skew,
    )


@contextmanager
def _time_limit(seconds: float, page: int) -> Iterator[None]:
    """Stop a page that takes too long (SIGALRM; only in the main thread)."""
    import threading

    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    expired: list[bool] = []

    def alarm(signum: int, frame: object) -> None:
        expired.append(True)
        raise OcrPageTimeoutError(page, seconds)

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except Exception as exc:
        # RapidOCR wraps whatever interrupts a model run in an error of its own.
        if expired and not isinstance(exc, OcrPageTimeoutError):
            raise OcrPageTimeoutError(page, seconds) from exc
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------- cleaning


def wash_red(image: np.ndarray) -> np.ndarray:
    """Red ink (seals, red stamps) turned white; dark text under it stays."""
    import cv2

    hsv = cv2.cvtColor(image, cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    red = ((hue <= 12) | (hue >= 160)) & (sat > 70) & (val > 90)
    if not red.any():
        return image
    out = image.copy()
    out[red] = 255
    return out


def rotate(grey: np.ndarray, degrees: float) -> np.ndarray:
    """``grey`` turned counter-clockwise by ``degrees`` about its centre, white outside."""
    import cv2

    h, w = grey.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_CUBIC,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def _ink(grey: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 31, 15)


def _line_blobs(grey: np.ndarray) -> list[tuple[tuple[float, float], tuple[float, float], float]]:
    """Text lines smeared into blobs (on a half-size copy): their min-area rectangles."""
    import cv2

    small = cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    ink = _ink(small)
    smear = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT,
                                                                             (15, 1)))
    contours, _ = cv2.findContours(smear, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    blobs = []
    for contour in contours:
        if len(contour) < 5:
            continue
        (cx, cy), (w, h), angle = cv2.minAreaRect(contour)
        if max(w, h) > 30:
            blobs.append(((float(cx), float(cy)), (float(w), float(h)), float(angle)))
    return blobs


def _sideways(grey: np.ndarray) -> bool:
    """Whether the text lines run down the page: long blobs mostly upright."""
    wide = tall = 0.0
    for (_cx, _cy), (w, h), angle in _line_blobs(grey):
        # minAreaRect's angle convention varies; compare the box's real extent.
        theta = math.radians(angle)
        dx = abs(w * math.cos(theta)) + abs(h * math.sin(theta))
        dy = abs(w * math.sin(theta)) + abs(h * math.cos(theta))
        long_side = max(w, h)
        if long_side < 4 * min(w, h):
            continue
        if dx > dy:
            wide += long_side
        else:
            tall += long_side
    return tall > 2 * wide and tall > 0


def _box_width(box: np.ndarray) -> float:
    return float(np.max(box[:, 0]) - np.min(box[:, 0]))


def _shrunk(grey: np.ndarray, side: int) -> tuple[np.ndarray, float]:
    import cv2

    h, w = grey.shape[:2]
    factor = min(1.0, side / max(h, w))
    if factor == 1.0:
        return grey, 1.0
    return cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA), factor


def measure_skew(grey: np.ndarray) -> float:
    """The page's skew in degrees (counter-clockwise positive), from text lines and rules."""

    angles: list[tuple[float, float]] = []
    for (_cx, _cy), (w, h), angle in _line_blobs(grey):
        long_side, short = max(w, h), min(w, h)
        if long_side < 6 * short or long_side < 60:
            continue
        a = angle if w >= h else angle - 90  # the long side's angle
        a = (a + 90) % 180 - 90
        if abs(a) <= MAX_SKEW:
            angles.append((a, long_side))
    for (_cx, _cy), (w, h), angle in _line_blobs(grey):
        # A ruled table is one blob: its outline is the best level there is.
        if min(w, h) > 100:
            a = (angle + 45) % 90 - 45
            angles.append((a, 2 * (w + h)))
    if not angles:
        return 0.0
    angles.sort()
    total = sum(weight for _a, weight in angles)
    running = 0.0
    for a, weight in angles:  # weighted median
        running += weight
        if running >= total / 2:
            # Image y grows downwards: a line rising to the right has a negative angle,
            # and is straightened by turning the page clockwise (a negative rotation).
            return a
    return 0.0


# ---------------------------------------------------------------- rules


def find_rules(grey: np.ndarray) -> tuple[list[Rule], list[Rule]]:
    """Table rules (pixels): long thin horizontal and vertical strokes that meet each other.

    A big title's strokes are long enough to pass the length test but do not cross a rule
    of the other direction, so they are dropped.
    """
    import cv2

    ink = _ink(grey)
    h, w = ink.shape
    long_h = max(40, w // 25)
    long_v = max(30, h // 60)
    hmask = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (long_h, 1)))
    vmask = cv2.morphologyEx(ink, cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (1, long_v)))
    # Bridge the small breaks a scan leaves in a rule.
    hmask = cv2.dilate(hmask, cv2.getStructuringElement(cv2.MORPH_RECT, (BRIDGE, 3)))
    vmask = cv2.dilate(vmask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, BRIDGE)))
    horizontal = _strokes(hmask, horizontal=True)
    vertical = _strokes(vmask, horizontal=False)
    cross = cv2.bitwise_and(hmask, vmask)
    horizontal = [r for r in horizontal if _meets(cross, r, True) or r.b - r.a > w / 3]
    vertical = [r for r in vertical if _meets(cross, r, False, need=2)]
    return horizontal, vertical


# Pixels of break in a scanned rule that are bridged (odd: a centred kernel).
BRIDGE = 9


def _strokes(mask: np.ndarray, *, horizontal: bool) -> list[Rule]:
    import cv2

    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    rules = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        # The bridging dilation lengthened each stroke by half its kernel at both ends.
        if horizontal and h <= 14:
            rules.append(Rule(y + h / 2, float(x + BRIDGE // 2), float(x + w - BRIDGE // 2)))
        elif not horizontal and w <= 14:
            rules.append(Rule(x + w / 2, float(y + BRIDGE // 2), float(y + h - BRIDGE // 2)))
    return rules


def _meets(cross: np.ndarray, rule: Rule, horizontal: bool, need: int = 1) -> bool:
    """Whether ``rule`` crosses at least ``need`` rules of the other direction."""
    import cv2

    pos, a, b = round(rule.pos), int(rule.a), math.ceil(rule.b)
    strip = cross[max(pos - 6, 0): pos + 7, a: b + 1] if horizontal else (
        cross[a: b + 1, max(pos - 6, 0): pos + 7].T)
    if strip.size == 0:
        return False
    profile = (strip.max(axis=0) > 0).astype(np.uint8)[None, :]
    count, _labels = cv2.connectedComponents(profile)
    return int(count) - 1 >= need


# ---------------------------------------------------------------- recognition


@dataclass(slots=True)
class TextBox:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    score: float


# The detector sees the page at most this size; the recogniser reads full-size crops.
DET_SIDE = 1600


def recognise(grey: np.ndarray, opts: OcrOptions) -> tuple[bool, list[TextBox]]:
    """Whether the page is upside down, and its text boxes (pixels, upright page).

    Cached by the image's hash when ``OCR_CACHE_DIR`` is set.
    """
    key = hashlib.sha256(grey.tobytes() + str(grey.shape).encode()).hexdigest()
    cached = _cache_get(opts, key)
    if cached is not None:
        return cached
    ocr = engine()
    small, factor = _shrunk(grey, DET_SIDE)
    found, _elapsed = ocr.text_det(np.dstack([small] * 3))
    if found is None or len(found) == 0:
        _cache_put(opts, key, (False, []))
        return False, []
    boxes = np.array(found, dtype=np.float32) / factor
    colour = np.dstack([grey] * 3)
    crops = ocr.get_crop_img_list(colour, list(boxes))
    flipped = _upside_down(ocr, crops, boxes)
    if flipped:
        h, w = grey.shape[:2]
        boxes = np.stack([w - boxes[..., 0], h - boxes[..., 1]], axis=-1)[:, [2, 3, 0, 1]]
        boxes = np.ascontiguousarray(boxes, dtype=np.float32)
        colour = np.ascontiguousarray(colour[::-1, ::-1])
        crops = ocr.get_crop_img_list(colour, list(boxes))
    results, _elapsed = ocr.text_rec(crops)
    out = []
    for points, (text, score) in zip(boxes, results, strict=True):
        if text.strip() and score >= MIN_SCORE:
            out.append(TextBox(float(points[:, 0].min()), float(points[:, 1].min()),
                               float(points[:, 0].max()), float(points[:, 1].max()), text,
                               float(score)))
    _cache_put(opts, key, (flipped, out))
    return flipped, out


# Recognitions less sure than this are noise (specks, the edge of a seal).
MIN_SCORE = 0.4
# The angle classifier votes with this many of the page's widest text boxes.
VOTERS = 24


def _upside_down(ocr: Any, crops: list[np.ndarray], boxes: np.ndarray) -> bool:
    """The angle classifier's vote over the page's widest text boxes."""
    widths = boxes[:, :, 0].max(axis=1) - boxes[:, :, 0].min(axis=1)
    chosen = [crops[i] for i in np.argsort(-widths)[:VOTERS]]
    _crops, results, _elapsed = ocr.text_cls([c.copy() for c in chosen])
    flipped = sum(score for label, score in results if label == "180" and score > 0.6)
    upright = sum(score for label, score in results if label == "0" and score > 0.6)
    return bool(flipped > upright)


def _cache_get(opts: OcrOptions, key: str) -> tuple[bool, list[TextBox]] | None:
    if not opts.cache_dir:
        return None
    path = Path(opts.cache_dir) / f"{key}.json"
    try:
        data = json.loads(path.read_text())
        return bool(data["flipped"]), [TextBox(**box) for box in data["boxes"]]
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _cache_put(opts: OcrOptions, key: str, result: tuple[bool, list[TextBox]]) -> None:
    if not opts.cache_dir:
        return
    folder = Path(opts.cache_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"{key}.{os.getpid()}.tmp"
        flipped, boxes = result
        tmp.write_text(json.dumps({"flipped": flipped, "boxes": [
            {"x0": b.x0, "y0": b.y0, "x1": b.x1, "y1": b.y1, "text": b.text, "score": b.score}
            for b in boxes
        ]}, ensure_ascii=False))
        tmp.replace(folder / f"{key}.json")
    except OSError:
        pass


def _char_weight(ch: str) -> float:
    """A character's printed width in 字 (full-width characters are one, digits half)."""
    if ch == " ":
        return 0.3
    if ord(ch) < 0x2E80 and not ("\uff00" <= ch <= "\uffef"):
        return 0.55
    return 1.0


def box_chars(box: TextBox, scale: float) -> list[Char]:
    """The box's characters, its width split in proportion to their printed widths."""
    text = box.text.strip()
    weights = [_char_weight(ch) for ch in text]
    total = sum(weights) or 1.0
    height = (box.y1 - box.y0) * scale
    # The detector pads a line's box: the printed size is a little less than its height.
    size = max(height * 0.78, 1.0)
    top, bottom = box.y0 * scale, box.y1 * scale
    base = bottom - 0.18 * height
    x = box.x0 * scale
    unit = (box.x1 - box.x0) * scale / total
    chars = []
    for ch, weight in zip(text, weights, strict=True):
        x1 = x + weight * unit
        if not ch.isspace():
            chars.append(Char(text=ch, x0=x, x1=x1, top=top, bottom=bottom, base=base,
                              size=size))
        x = x1
    return chars


# ---------------------------------------------------------------- pages and files


def read_scanned_pages(pdf: Any, scans: list[Any]) -> list[int]:
    """OCR the scanned pages of an open PDF in place; the numbers of the pages read."""
    from ingest.readers.pdf import layout_page

    opts = options()
    done = []
    for i, page in enumerate(scans, start=1):
        report_progress(i, len(scans))
        pdf_page = pdf[page.number - 1]
        image = _render(pdf_page, opts.dpi)
        pdf_page.close()
        read = read_image(image, dpi=opts.dpi, number=page.number, opts=opts)
        page.ocr_tried = True
        if not read.chars:
            continue
        laid = layout_page(read.chars, read.horizontal, read.vertical, number=page.number,
                           width=read.width, height=read.height)
        page.width, page.height = laid.width, laid.height
        page.lines, page.tables, page.scanned = laid.lines, laid.tables, False
        done.append(page.number)
    return done


# A picture is taken for a table when at least this many of its rules run across this
# share of it (a grid's rules span the table; a chart's bars and a seal's strokes do not).
TABLE_RULES = 3
RULE_REACH = 0.5


def read_pictured_tables(pdf: Any, pages: list[Any]) -> list[int]:
    """OCR the pictures of tables pasted into text pages (``Page.pictures``), laying each
    page out again with what they hold; the numbers of the pages that gained text.

    Each picture is first looked at cheaply, rendered at ``GRID_DPI`` for its rules; only
    a table's grid is rendered again and read (a chart or a seal costs a few milliseconds).
    """
    from ingest.readers.pdf import layout_page

    opts = options()
    done = []
    for i, page in enumerate(pages, start=1):
        chars, horizontal, vertical = page.source or ([], [], [])
        page.source = None
        pdf_page = pdf[page.number - 1]
        try:
            tables = [box for box in page.pictures
                      if _table_grid(_render(pdf_page, GRID_DPI, box, page))]
            image = _render(pdf_page, opts.dpi) if tables else None
        finally:
            pdf_page.close()
        found: list[Char] = []
        for box in tables:
            x0, top = box[0], box[1]
            report_progress(i, len(pages))
            read = read_image(_crop(image, box, opts.dpi), dpi=opts.dpi, number=page.number,
                              opts=opts)
            if read.turned or not read.chars:
                continue  # turned inside the page: its place on the page is unknown
            found += [_shifted(ch, x0, top) for ch in read.chars]
            horizontal = horizontal + [Rule(r.pos + top, r.a + x0, r.b + x0)
                                       for r in read.horizontal]
            vertical = vertical + [Rule(r.pos + x0, r.a + top, r.b + top) for r in read.vertical]
        if found:
            laid = layout_page(chars + found, horizontal, vertical, number=page.number,
                               width=page.width, height=page.height)
            page.lines, page.tables = laid.lines, laid.tables
            done.append(page.number)
    return done


GRID_DPI = 100


def _render(pdf_page: Any, dpi: float, box: tuple[float, ...] | None = None,
            page: Any = None) -> np.ndarray:
    """The page (or only ``box`` of it, display space) as an RGB image."""
    crop = (0.0, 0.0, 0.0, 0.0)
    if box is not None and page is not None:
        x0, top, x1, bottom = box
        crop = (x0, max(page.height - bottom, 0.0), max(page.width - x1, 0.0), top)
    bitmap = pdf_page.render(scale=dpi / 72, crop=crop)
    image: np.ndarray = bitmap.to_numpy()[..., :3][..., ::-1].copy()  # BGR(A) → RGB
    return image


def _crop(image: Any, box: tuple[float, ...], dpi: float) -> np.ndarray:
    scale = dpi / 72
    x0, top, x1, bottom = box
    crop: np.ndarray = image[int(top * scale):int(bottom * scale) + 1,
                             int(x0 * scale):int(x1 * scale) + 1]
    return crop


def _table_grid(image: np.ndarray) -> bool:
    """The picture draws a table's grid (cheap: rules only, no recognition)."""
    import cv2

    if image.size == 0:
        return False
    grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    height, width = grey.shape[:2]
    horizontal, vertical = find_rules(grey)
    across = [r for r in horizontal if r.b - r.a >= RULE_REACH * width]
    down = [r for r in vertical if r.b - r.a >= RULE_REACH * height]
    return len(across) >= TABLE_RULES and len(down) >= TABLE_RULES


def _shifted(char: Char, dx: float, dy: float) -> Char:
    return Char(char.text, char.x0 + dx, char.x1 + dx, char.top + dy, char.bottom + dy,
                char.base + dy, char.size)


def read(path: str | Path) -> Document:
    """A PNG, JPEG or TIFF (each TIFF frame a page) read by OCR."""
    from ingest.readers.pdf import Page, document_of, layout_page

    opts = options()
    if not opts.enabled:
        raise OcrDisabledError()
    total = count_frames(path)
    pages = []
    for number, (image, dpi) in enumerate(image_frames(path), start=1):
        report_progress(number, total)
        read = read_image(image, dpi=dpi, number=number, opts=opts)
        if read.chars:
            pages.append(layout_page(read.chars, read.horizontal, read.vertical, number=number,
                                     width=read.width, height=read.height))
        else:
            pages.append(Page(number=number, width=read.width, height=read.height))
    found = [p.number for p in pages if p.lines or p.tables]
    if not found:
        raise NoTextFoundError()
    return document_of(pages, len(pages), ocr_pages=found)


# ---------------------------------------------------------------- image files


def image_frames(path: str | Path) -> Iterator[tuple[np.ndarray, float]]:
    """Each page of a PNG/JPEG/TIFF (multi-page TIFF included) as RGB and its dpi."""
    from PIL import Image, ImageOps, ImageSequence

    with Image.open(path) as img:
        for frame in ImageSequence.Iterator(img):
            dpi = frame.info.get("dpi", (DEFAULT_IMAGE_DPI, DEFAULT_IMAGE_DPI))[0] or (
                DEFAULT_IMAGE_DPI)
            if dpi < 50:  # a resolution of 1 or 72 dots per inch is a camera's default
                dpi = DEFAULT_IMAGE_DPI
            rgb = ImageOps.exif_transpose(frame).convert("RGB")
            yield np.asarray(rgb), float(dpi)


def count_frames(path: str | Path) -> int:
    from PIL import Image

    with Image.open(path) as img:
        return getattr(img, "n_frames", 1)


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    return fn(), time.perf_counter() - started
