"""The parse child never outlives the worker that started it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.ingest._processes import assert_child_dies_with_its_parent

REPO = Path(__file__).resolve().parents[2]

# A stand-in worker: starts a parse child that would run for a minute, and waits.
WORKER = """
import os, sys, time
sys.path.insert(0, {repo!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from ingest.isolation import run_isolated

def parse(pid_file):
    with open(pid_file, "w") as out:
        out.write(str(os.getpid()))
    time.sleep(60)

run_isolated(parse, {pid_file!r}, time_limit=120, memory_mb=512)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's parent-death signal")
def test_a_parse_child_dies_when_its_worker_is_killed(tmp_path):
    pid_file = tmp_path / "child.pid"
    assert_child_dies_with_its_parent(
        WORKER.format(repo=str(REPO), pid_file=str(pid_file)), pid_file)



def _recognised(image) -> str:
    from ingest.readers import ocr

    return "".join(char.text for char in ocr.read_image(image, dpi=200).chars)


def _scan(path: Path) -> Path:
    from PIL import Image, ImageDraw, ImageFont

    from tests.conftest import cjk_font_path

    image = Image.new("RGB", (640, 120), "white")
    ImageDraw.Draw(image).text((10, 30), "示范区财政局2024年", fill="black",
                               font=ImageFont.truetype(str(cjk_font_path()), 40))
    image.save(path, dpi=(200, 200))
    return path


# onnxruntime's pool threads do not survive fork: a child making its own OCR engine while
# its parent held one hung until the parse's time limit.


def test_a_parse_child_reads_a_scan_after_its_parent_has_read_one(tmp_path):
    import numpy as np
    from PIL import Image

    from ingest.isolation import run_isolated

    pixels = np.array(Image.open(_scan(tmp_path / "scan.png")).convert("RGB"))
    assert "财政局" in _recognised(pixels)  # the parent's own engine
    assert "财政局" in run_isolated(_recognised, pixels, time_limit=60, memory_mb=2048)


def test_a_parse_worker_reads_a_scan_after_its_parent_has_read_one(tmp_path):
    import numpy as np
    from PIL import Image

    from ingest.isolation import ParseCrashError, ParseTimeoutError, _Worker

    path = _scan(tmp_path / "scan.png")
    assert "财政局" in _recognised(np.array(Image.open(path).convert("RGB")))
    worker = _Worker.start()
    try:
        message, _ = worker.run((str(path), "scan.png", False, 2048, 60, 0), 60, None)
    finally:
        worker.stop()
    # Read, and refused as no report (a title line alone): neither stopped nor crashed.
    assert message[0] == "ok" or message[1][0] not in (ParseTimeoutError.code,
                                                       ParseCrashError.code), message
