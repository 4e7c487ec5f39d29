"""Page geometry for the PDF reader: characters, text lines and ruled grids.

Everything here works in a top-down coordinate system (``top`` grows down the
page) so that sorting by ``top`` gives reading order. pypdfium2 supplies the
characters and the path objects; no pdfminer pass is needed, which keeps a
25-page report well under a second.
"""

from __future__ import annotations

import ctypes
import threading
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# PDFium is not thread-safe: in a process that runs threads (the bulk ingest's parse
# threads, a threaded server) every in-process use of it holds this lock. Parses run
# in child processes of their own and need none.
PDFIUM_LOCK = threading.Lock()

# Lines thinner than this (points) are rules, not filled shapes.
RULE_THICKNESS = 3.0
# Positions closer than this (points) are the same rule.
SNAP = 2.5
# Points beyond a page's edge by more than this are off the page.
OFF_PAGE_SLACK = 2.0
# Text whose baseline runs at more than about 5° from the page's axes (tan 5° ≈ 0.0875) is
# a watermark set across the page. Text turned a quarter (a landscape table drawn on a
# portrait page) and the slight skew of a scan's text layer are kept.
SLANT = 0.0875


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float  # baseline, top-down
    size: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def _x0(char: Char) -> float:
    return char.x0


@dataclass(slots=True)
class Line:
    """Characters sharing a baseline, left to right."""

    chars: list[Char]
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    text: str = ""

    @classmethod
    def of(cls, chars: list[Char]) -> Line:
        """The line of ``chars`` (at least one)."""
        chars = sorted(chars, key=_x0)
        sizes = sorted([c.size for c in chars])
        # One pass for min/max of each edge, comparing as min() and max() do.
        first = chars[0]
        x0, x1, top, bottom = first.x0, first.x1, first.top, first.bottom
        for c in chars:
            if c.x0 < x0:
                x0 = c.x0
            if c.x1 > x1:
                x1 = c.x1
            if c.top < top:
                top = c.top
            if c.bottom > bottom:
                bottom = c.bottom
        return cls(chars, x0, x1, top, bottom, sizes[len(sizes) // 2], join_chars(chars))

    @property
    def base(self) -> float:
        return self.chars[0].base if self.chars else self.bottom


@dataclass(slots=True)
class Rule:
    """A horizontal (``y`` fixed, ``a``..``b`` along x) or vertical rule."""

    pos: float
    a: float
    b: float


@dataclass(frozen=True, slots=True)
class Frame:
    """PDF user space of one page → top-down display space, honouring /Rotate.

    Landscape tables are often stored as portrait pages turned by /Rotate 90;
    pdfium reports their boxes unrotated, so lines would run down the page.
    """

    width: float  # the unrotated page box
    height: float
    rotation: int = 0  # clockwise, as /Rotate says

    @classmethod
    def of(cls, page: pdfium.PdfPage) -> Frame:
        """The frame of ``page``: pdfium gives its size already turned by /Rotate."""
        rotation = page.get_rotation()
        width, height = page.get_size()
        if rotation in (90, 270):
            width, height = height, width
        return cls(width, height, rotation)

    @property
    def size(self) -> tuple[float, float]:
        if self.rotation in (90, 270):
            return self.height, self.width
        return self.width, self.height

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y, x
        if self.rotation == 180:
            return self.width - x, y
        if self.rotation == 270:
            return self.height - y, self.width - x
        return x, self.height - y

    def shows(self, x: float, y: float) -> bool:
        """Whether a display-space point lies on the page (with a little slack)."""
        width, height = self.size
        return -OFF_PAGE_SLACK <= x <= width + OFF_PAGE_SLACK and (
            -OFF_PAGE_SLACK <= y <= height + OFF_PAGE_SLACK
        )

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, ...]:
        """(x0, top, x1, bottom) in display space."""
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


@dataclass(slots=True)
class Grid:
    """A ruled table: column edges ``xs``, row edges ``ys`` and merged areas."""

    xs: list[float]
    ys: list[float]
    # (row, col, rowspan, colspan) per merged area, top-left first
    areas: list[tuple[int, int, int, int]] = field(default_factory=list)

    def locate(self, x: float, y: float) -> tuple[int, int] | None:
        if not (self.xs[0] - SNAP <= x <= self.xs[-1] + SNAP):
            return None
        if not (self.ys[0] - SNAP <= y <= self.ys[-1] + SNAP):
            return None
        col = min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        row = min(max(bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return row, col


def _word_gap(prev: Char, ch: Char) -> bool:
    """A space between two ASCII words; digits of one number never split (``2, 940. 05``)."""
    a, b = prev.text[-1], ch.text[0]
    if not (a.isascii() and b.isascii() and a.isalnum() and b.isalnum()):
        return False
    return ch.x0 - prev.x1 > 0.5 * max(prev.size, 1.0)


def join_chars(chars: list[Char]) -> str:
    """Text of one line; a space only where a visible gap separates Latin/digit runs.

    Letter-spaced Chinese (``因 公 出 国``) is closed up, because a gap between two
    Chinese characters is layout, not a word break.
    """
    out: list[str] = []
    prev: Char | None = None
    for ch in chars:
        if prev is not None and _word_gap(prev, ch):
            out.append(" ")
        out.append(ch.text)
        prev = ch
    return "".join(out)


# Characters a text layer holds without saying which they are: control codes (a
# subset font's own numbering, left without a character map), U+FFFD and the private
# use area. pdfium's generated spaces and line breaks (9, 10, 13) are not among them.
_UNMAPPED_CONTROLS = frozenset(range(32)) - {9, 10, 13}


def _unmapped(code: int) -> bool:
    return code in _UNMAPPED_CONTROLS or code == 0xFFFD or 0xE000 <= code <= 0xF8FF


def _codes(raw_tp: pdfium_c.FPDF_TEXTPAGE, count: int) -> list[int]:
    """The code point of each of a text page's ``count`` characters.

    One call for the page's whole text instead of one a character; where that text does
    not line up with the characters (a character outside the BMP takes two UTF-16 units,
    control codes may be left out), one call a character.
    """
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = pdfium_c.FPDFText_GetText(raw_tp, 0, count,
                                        ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) == count:
        return [ord(char) for char in text]
    get_unicode = pdfium_c.FPDFText_GetUnicode
    return [get_unicode(raw_tp, i) for i in range(count)]


def _printed_size(raw_tp: pdfium_c.FPDF_TEXTPAGE, i: int,
                  matrix: pdfium_c.FS_MATRIX) -> tuple[float, bool]:
    """Character ``i``'s font size as printed, and whether it is set at a slant.

    The size is the Tf size scaled by the text and page matrices (Office exports often set
    text at Tf 240 scaled by 0.05, or at Tf 1 scaled up), by the square root of the
    determinant, the mean scale of a skewed matrix.
    """
    size = float(pdfium_c.FPDFText_GetFontSize(raw_tp, i))
    if not pdfium_c.FPDFText_GetMatrix(raw_tp, i, matrix):
        return size, False
    a, b = matrix.a, matrix.b
    slanted = bool(b) and SLANT * abs(a) < abs(b) and SLANT * abs(b) < abs(a)
    scale: float = abs(a * matrix.d - b * matrix.c) ** 0.5
    return (size * scale if scale > 0 else size), slanted


def _text_object() -> Callable[[pdfium_c.FPDF_TEXTPAGE, int], int | None]:
    """FPDFText_GetTextObject giving the object's address as an int, cheap to compare."""
    prototype = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
    address = ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value
    assert address is not None  # a function of the loaded library
    function: Callable[[pdfium_c.FPDF_TEXTPAGE, int], int | None] = prototype(address)
    return function


def page_chars(page: pdfium.PdfPage, frame: Frame) -> tuple[list[Char], int]:
    """Visible characters of a page, and how many more it draws that have no character
    map (``_unmapped``); pdfium's generated spaces and line breaks are dropped."""
    textpage = page.get_textpage()
    raw_tp = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw_tp)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    matrix = pdfium_c.FS_MATRIX()
    # A few characters per page are thousands of calls: the C functions, the page's
    # geometry and the upright page's arithmetic (``Frame.box``, ``shows`` and ``point``
    # for /Rotate 0, the same operations) are looked up once.
    get_box = pdfium_c.FPDFText_GetCharBox
    get_origin = pdfium_c.FPDFText_GetCharOrigin
    get_object = _text_object()
    run: int | None = None
    run_size, slanted = 0.0, False
    upright = frame.rotation == 0
    width, height = frame.size
    low_x, high_x = -OFF_PAGE_SLACK, width + OFF_PAGE_SLACK
    low_y, high_y = -OFF_PAGE_SLACK, height + OFF_PAGE_SLACK
    skipped = (0xA0, 0x3000, 0xFFFE, 0xFEFF)
    chars: list[Char] = []
    unmapped = 0
    for i, code in enumerate(_codes(raw_tp, count)):
        if code <= 32 or code in skipped or (code >= 0xE000 and _unmapped(code)):
            unmapped += _unmapped(code)
            continue
        if not get_box(raw_tp, i, left, right, bottom, top):
            continue
        get_origin(raw_tp, i, ox, oy)
        held_by = get_object(raw_tp, i)
        if held_by is None or held_by != run:
            # The characters of one text object share its font size and matrix.
            run, (run_size, slanted) = held_by, _printed_size(raw_tp, i, matrix)
        if slanted:
            continue  # set at a slant: a watermark across the page, not its text
        size = run_size
        l_, r_, b_, t_ = left.value, right.value, bottom.value, top.value
        if not 2.0 < size < 200.0:
            # The glyph's own box varies from glyph to glyph (a quote mark is a third
            # of a 字), so it is only the last resort.
            size = max(t_ - b_, 1.0)
        if upright:
            # Comparisons, not min() and max(): this runs for every character.
            if l_ > r_:
                l_, r_ = r_, l_
            if b_ > t_:
                b_, t_ = t_, b_
            x0, y0, x1, y1 = l_, height - t_, r_, height - b_
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            if not (low_x <= cx <= high_x and low_y <= cy <= high_y):
                continue  # text placed off the page (a spreadsheet export's overflow)
            base = height - oy.value
        else:
            x0, y0, x1, y1 = frame.box(l_, b_, r_, t_)
            if not frame.shows((x0 + x1) / 2, (y0 + y1) / 2):
                continue
            base = frame.point(ox.value, oy.value)[1]
        chars.append(Char(chr(code), x0, x1 if x1 > x0 + 0.1 else x0 + 0.1, y0, y1, base, size))
    textpage.close()
    return chars, unmapped


def group_lines(chars: list[Char]) -> list[Line]:
    """Rebuild lines from baselines (the text layer's own order interleaves lines)."""
    lines: list[list[Char]] = []
    bases: list[float] = []
    for ch in sorted(chars, key=lambda c: (c.base, c.x0)):
        if lines and abs(ch.base - bases[-1]) <= 0.35 * ch.size:
            lines[-1].append(ch)
            continue
        lines.append([ch])
        bases.append(ch.base)
    return [Line.of(group) for group in lines]


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def split_runs(line: Line, gap: float = 1.5) -> list[Line]:
    """Pieces of a line separated by a gap wider than ``gap`` character widths."""
    runs: list[list[Char]] = [[line.chars[0]]]
    for prev, ch in pairwise(line.chars):
        space = ch.x0 - prev.x1
        size = max(prev.size, 1.0)
        # Two amounts in neighbouring columns can sit closer than a column gap, and so can
        # an amount right-aligned in its column and a name left-aligned in the next.
        after_number = prev.text[-1].isdigit() and (ch.text[0].isdigit() or _is_cjk(ch.text[0]))
        if space > gap * size or (after_number and space > 0.5 * size):
            runs.append([ch])
        else:
            runs[-1].append(ch)
    return [Line.of(run) for run in runs]


# ---------------------------------------------------------------- rules


def page_rules(
    page: pdfium.PdfPage, frame: Frame, images: list[tuple[float, ...]] | None = None,
) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical rules drawn as path objects (thin lines or thin filled boxes).

    With ``images``, the box (x0, top, x1, bottom) of each image placed on the page is
    added to it, found in the same pass.
    """
    horizontal: list[Rule] = []
    vertical: list[Rule] = []
    # Raw iteration: the object wrappers of get_objects() cost more than the geometry.
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    has_forms = False
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        has_forms = has_forms or kind == pdfium_c.FPDF_PAGEOBJ_FORM
        wanted = kind == pdfium_c.FPDF_PAGEOBJ_PATH or (
            images is not None and kind == pdfium_c.FPDF_PAGEOBJ_IMAGE)
        if not wanted or not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        bounds = (left.value, bottom.value, right.value, top.value)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and images is not None:
            images.append(frame.box(*bounds))
        else:
            _add_rule(obj, bounds, frame, horizontal, vertical)
    if has_forms:
        _form_rules(page, frame, horizontal, vertical)
    return horizontal, vertical


def _form_rules(
    page: pdfium.PdfPage, frame: Frame, horizontal: list[Rule], vertical: list[Rule]
) -> None:
    """Rules inside form XObjects, through pypdfium2's walker (rare, so speed matters less)."""
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=4):
        if obj.level == 0:
            continue
        _add_rule(obj.raw, obj.get_bounds(), frame, horizontal, vertical)


def _add_rule(
    obj: pdfium_c.FPDF_PAGEOBJECT,
    bounds: tuple[float, float, float, float],
    frame: Frame,
    horizontal: list[Rule],
    vertical: list[Rule],
) -> None:
    x0, top, x1, bottom = frame.box(*bounds)
    width, tall = x1 - x0, bottom - top
    if tall <= RULE_THICKNESS and width > RULE_THICKNESS:
        horizontal.append(Rule((top + bottom) / 2, x0, x1))
    elif width <= RULE_THICKNESS and tall > RULE_THICKNESS:
        vertical.append(Rule((x0 + x1) / 2, top, bottom))
    elif _is_stroked(obj):
        _path_segments(obj, frame, horizontal, vertical)


def _is_stroked(obj: pdfium_c.FPDF_PAGEOBJECT) -> bool:
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fillmode, stroke):
        return False
    return bool(stroke.value)


def _path_segments(
    obj: pdfium_c.FPDF_PAGEOBJECT, frame: Frame, horizontal: list[Rule], vertical: list[Rule]
) -> None:
    """Axis-aligned straight edges of a stroked path (a grid drawn in one go, cell boxes)."""
    count = pdfium_c.FPDFPath_CountSegments(obj)
    if count <= 1 or count > 5000:
        return
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return
    x, y = ctypes.c_float(), ctypes.c_float()
    edges: list[tuple[float, float, float, float]] = []
    start = current = (0.0, 0.0)
    for i in range(count):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        point = frame.point(
            m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f
        )
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            edges.append((*current, *point))
        current = point
        # A rectangle (``re``) closes back to its start without a fourth line-to.
        if pdfium_c.FPDFPathSegment_GetClose(seg) and current != start:
            edges.append((*current, *start))
            current = start
    for x0, y0, x1, y1 in edges:
        if abs(y0 - y1) <= 0.5 and abs(x1 - x0) > RULE_THICKNESS:
            horizontal.append(Rule(y0, min(x0, x1), max(x0, x1)))
        elif abs(x0 - x1) <= 0.5 and abs(y1 - y0) > RULE_THICKNESS:
            vertical.append(Rule(x0, min(y0, y1), max(y0, y1)))


def _merge_rules(rules: list[Rule]) -> list[Rule]:
    """Join collinear rules that touch or overlap (cell edges drawn one by one)."""
    merged: list[Rule] = []
    for rule in sorted(rules, key=lambda r: (round(r.pos / SNAP), r.a)):
        last = merged[-1] if merged else None
        if last and abs(last.pos - rule.pos) <= SNAP and rule.a <= last.b + SNAP:
            last.b = max(last.b, rule.b)
            continue
        merged.append(Rule(rule.pos, rule.a, rule.b))
    return merged


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= SNAP:
            continue
        out.append(v)
    return out


def find_grids(horizontal: list[Rule], vertical: list[Rule]) -> list[Grid]:
    """Ruled tables: groups of crossing rules with at least two of each direction."""
    hs, vs = _merge_rules(horizontal), _merge_rules(vertical)
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.a - SNAP <= v.pos <= h.b + SNAP and v.a - SNAP <= h.pos <= v.b + SNAP:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    grids = [_grid(gh, gv) for gh, gv in groups.values() if len(gh) >= 2 and len(gv) >= 2]
    return sorted((g for g in grids if g is not None), key=lambda g: g.ys[0])


def _covers(rules: list[Rule], pos: float, at: float) -> bool:
    return any(abs(r.pos - pos) <= SNAP and r.a - SNAP <= at <= r.b + SNAP for r in rules)


def _grid(hs: list[Rule], vs: list[Rule]) -> Grid | None:
    xs = _cluster([v.pos for v in vs] + [min(h.a for h in hs), max(h.b for h in hs)])
    ys = _cluster([h.pos for h in hs] + [min(v.a for v in vs), max(v.b for v in vs)])
    # Rule ends overshoot by a stroke width; drop edges that are just that overshoot.
    xs = [x for x in xs if any(abs(v.pos - x) <= SNAP for v in vs) or _edge_has_h(hs, x)]
    if len(xs) < 2 or len(ys) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        ymid = (ys[r] + ys[r + 1]) / 2
        for c in range(n_cols):
            xmid = (xs[c] + xs[c + 1]) / 2
            if c + 1 < n_cols and not _covers(vs, xs[c + 1], ymid):
                parent[find(r * n_cols + c)] = find(r * n_cols + c + 1)
            if r + 1 < n_rows and not _covers(hs, ys[r + 1], xmid):
                parent[find(r * n_cols + c)] = find((r + 1) * n_cols + c)
    spans: dict[int, list[int]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            box = spans.setdefault(find(r * n_cols + c), [r, c, r, c])
            box[0], box[1] = min(box[0], r), min(box[1], c)
            box[2], box[3] = max(box[2], r), max(box[3], c)
    taken: set[tuple[int, int]] = set()
    areas: list[tuple[int, int, int, int]] = []
    for r0, c0, r1, c1 in sorted(spans.values()):
        if (r0, c0) in taken:
            continue
        areas.append((r0, c0, r1 - r0 + 1, c1 - c0 + 1))
        taken.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
    return Grid(xs=xs, ys=ys, areas=areas)


def _edge_has_h(hs: list[Rule], x: float) -> bool:
    return any(abs(h.a - x) <= SNAP or abs(h.b - x) <= SNAP for h in hs)


def image_coverage(page: pdfium.PdfPage, width: float, height: float) -> float:
    """Share of the page covered by its largest image (a scan covers most of it)."""
    best = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        best = max(best, (right - left) * (top - bottom) / max(width * height, 1.0))
    return best
