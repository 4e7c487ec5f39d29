"""Time parsing per file and format, against ``pdftotext`` where it is installed.

    .venv/bin/python benchmarks/parse.py [FILE ...] [--runs N]

Without files it times every report under ../shared/corpus. For each file it
prints the median wall time of the reader alone (file → Document), of the full
parse (reader + every extractor, as ``parse_report`` runs it) and of
``pdftotext -layout`` for PDFs, then the ratio full / pdftotext. Output is a
Markdown table, ready for benchmarks/README.md.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def setup_django() -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pdftotext_time(path: Path, runs: int) -> float | None:
    exe = shutil.which("pdftotext")
    if exe is None or path.suffix.lower() != ".pdf":
        return None

    def run() -> None:
        subprocess.run(
            [exe, "-layout", str(path), "-"], check=True, capture_output=True, timeout=120
        )

    return median_time(run, runs)


def main(argv: list[str]) -> int:
    runs = 5
    if "--runs" in argv:
        i = argv.index("--runs")
        runs = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    files = [Path(a) for a in argv] or sorted(CORPUS.glob("*.pdf"))
    if not files:
        print(f"no files given and no corpus at {CORPUS}", file=sys.stderr)
        return 2
    setup_django()
    from ingest.pipeline import parse_file, read_file
    from ingest.sniff import sniff

    print(
        "| file | format | pages | read (s) | full parse (s) | pdftotext (s) | full / pdftotext |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    for path in files:
        fmt = sniff(path)
        document = read_file(path)  # warm-up, and the page count
        read_s = median_time(lambda p=path: read_file(p), runs)
        full_s = median_time(lambda p=path: parse_file(p), runs)
        ref = pdftotext_time(path, runs)
        ratio = f"{full_s / ref:.1f}×" if ref else "–"
        ref_text = f"{ref:.3f}" if ref else "–"
        print(
            f"| {path.name} | {fmt} | {document.page_count} | {read_s:.3f} | {full_s:.3f} "
            f"| {ref_text} | {ratio} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
