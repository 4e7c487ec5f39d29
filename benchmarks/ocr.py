"""OCR timings: seconds per scanned page, and a whole scanned report end to end.

    .venv/bin/python benchmarks/ocr.py                       # the 25-page Putuo report at 200 dpi
    .venv/bin/python benchmarks/ocr.py FILE --dpi 150 --pages 6,15

The report (a text PDF) is first turned into an image-only PDF by ``ingest.synth.scan``,
then parsed as ``parse_report`` would (no OCR cache), printing each page's wall and the
process's CPU time. Results go into benchmarks/README.md by hand, with the load average.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "corpus" / "final2024_putuo_caizhengju_dept.pdf"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT))
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--pages", default="", help="1-based page numbers, comma-separated")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["OCR_CACHE_DIR"] = ""
    import django

    django.setup()
    from ingest.pipeline import parse_file
    from ingest.readers import ocr
    from ingest.synth.scan import ScanStyle, scan_pdf

    pages = [int(n) for n in args.pages.split(",") if n.strip()] or None
    with tempfile.TemporaryDirectory() as folder:
        scan = scan_pdf(args.file, Path(folder) / "scan.pdf", ScanStyle(dpi=args.dpi), pages=pages)
        ocr.engine()  # model loading is counted apart
        marks: list[tuple[float, float]] = []

        def progress(page: int, total: int) -> None:
            marks.append((time.perf_counter(), time.process_time()))
            print(f"page {page} of {total}", file=sys.stderr, flush=True)

        started, cpu_started = time.perf_counter(), time.process_time()
        with ocr.reporting(progress):
            report = parse_file(scan)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    n = len(marks)
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores, {args.dpi} dpi")
    print(f"pages read by OCR: {n}; end to end {wall:.1f} s wall, {cpu:.1f} s CPU")
    print(f"per page: {wall / max(n, 1):.1f} s wall, {cpu / max(n, 1):.1f} s CPU")
    print(f"figures {len(report.figures)}, tables {len(report.tables)}")


if __name__ == "__main__":
    main()
