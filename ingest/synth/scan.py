"""Scanned copies of any PDF: every page rendered to an image, as a scanner would.

    from ingest.synth.scan import scan_pdf, ScanStyle
    scan_pdf(src, out, ScanStyle(dpi=150, skew=1.5, grain=12, jpeg_quality=60), pages=[5, 6])

The result is an image-only PDF (no text layer), for the OCR round-trip tests and
benchmarks. ``seal`` stamps a red circular seal over the lower part of the first
page; ``upside_down`` turns the pages by 180°. Pure: no Django, no database.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter


@dataclass(frozen=True, slots=True)
class ScanStyle:
    dpi: int = 200
    skew: float = 0.0  # degrees, counter-clockwise
    grain: int = 0  # amplitude of the grey noise, 0..255
    jpeg_quality: int = 90
    seal: bool = False
    upside_down: bool = False
    seed: int = 1


def render_pages(
    src: str | Path, *, dpi: int, pages: Sequence[int] | None = None
) -> list[Image.Image]:
    """The pages of ``src`` (1-based numbers, all by default) as RGB images."""
    pdf = pdfium.PdfDocument(str(src))
    try:
        numbers = list(pages) if pages else list(range(1, len(pdf) + 1))
        images = []
        for n in numbers:
            page = pdf[n - 1]
            images.append(page.render(scale=dpi / 72).to_pil().convert("RGB"))
            page.close()
        return images
    finally:
        pdf.close()


def degrade(image: Image.Image, style: ScanStyle, *, first: bool = False) -> Image.Image:
    """What a scanner and a stamp do to a clean page image."""
    rng = random.Random(style.seed)
    if style.seal and first:
        image = stamp_seal(image, rng)
    if style.skew:
        image = image.rotate(style.skew, resample=Image.Resampling.BICUBIC, expand=False,
                             fillcolor=(255, 255, 255))
    if style.grain:
        # Seeded noise, so the same style gives the same bytes (and OCR cache hits).
        pixels = np.asarray(image, dtype=np.int16)
        noise = np.random.default_rng(style.seed).normal(0, style.grain, pixels.shape[:2])
        pixels = np.clip(pixels + noise[..., None].astype(np.int16), 0, 255).astype(np.uint8)
        image = Image.fromarray(pixels).filter(ImageFilter.SMOOTH)
    if style.upside_down:
        image = image.rotate(180)
    return image


def stamp_seal(image: Image.Image, rng: random.Random | None = None) -> Image.Image:
    """A red seal (ring, star and a ring of marks) over the lower third of the page."""
    rng = rng or random.Random(1)
    image = image.copy()
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    w, h = image.size
    r = int(min(w, h) * 0.12)
    cx, cy = int(w * (0.55 + rng.random() * 0.1)), int(h * 0.7)
    red = (220, 30, 40, 170)
    for k in range(max(3, r // 25)):
        draw.ellipse((cx - r + k, cy - r + k, cx + r - k, cy + r - k), outline=red)
    star = []
    for i in range(10):
        angle = -math.pi / 2 + i * math.pi / 5
        reach = 0.3 * r * (1.0 if i % 2 == 0 else 0.4)
        star.append((cx + reach * math.cos(angle), cy + reach * math.sin(angle)))
    draw.polygon(star, fill=red)
    for i in range(24):
        angle = 2 * math.pi * i / 24
        x, y = cx + 0.75 * r * math.cos(angle), cy + 0.75 * r * math.sin(angle)
        draw.rectangle((x - r / 20, y - r / 20, x + r / 20, y + r / 20), fill=red)
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def images_to_pdf(images: Sequence[Image.Image], out: str | Path, *, dpi: int,
                  jpeg_quality: int = 90) -> Path:
    """An image-only PDF, one JPEG per page, at the size the images were scanned at."""
    out = Path(out)
    pages = []
    for image in images:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=jpeg_quality)
        pages.append(Image.open(io.BytesIO(buffer.getvalue())))
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    return out


def scan_pdf(src: str | Path, out: str | Path, style: ScanStyle = ScanStyle(),
             *, pages: Sequence[int] | None = None) -> Path:
    """An image-only copy of ``src`` (or of some of its pages) as a scanner would give it."""
    images = render_pages(src, dpi=style.dpi, pages=pages)
    degraded = [degrade(img, style, first=i == 0) for i, img in enumerate(images)]
    return images_to_pdf(degraded, out, dpi=style.dpi, jpeg_quality=style.jpeg_quality)
