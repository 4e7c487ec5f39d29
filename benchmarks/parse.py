"""Time parsing per file and format, against ``pdftotext`` where it is installed.

    .venv/bin/python benchmarks/parse.py [FILE ...] [--runs N] [--synthetic]

Without files it times every report under ../shared/corpus; ``--synthetic``
adds one generated final account written as DOCX, XLSX and PDF, so every
format the generator writes is timed on the same content. For each file it
prints the median wall time of the reader alone (file → Document), of the full
parse (reader + every extractor, as ``parse_report`` runs it) and of
``pdftotext -layout`` for PDFs, each as wall time and as CPU time, then the CPU
ratio full / pdftotext. Output is a Markdown table, ready for benchmarks/README.md.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def setup_django() -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def median_time(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time (this process and its children) of ``fn``.

    CPU time is the fairer yardstick on a shared machine: waiting for a core is
    not parse time.
    """
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu_start = time.perf_counter(), _cpu()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu_start)
    return statistics.median(walls), statistics.median(cpus)


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def pdftotext_time(path: Path, runs: int) -> tuple[float, float] | None:
    exe = shutil.which("pdftotext")
    if exe is None or path.suffix.lower() != ".pdf":
        return None

    def run() -> None:
        subprocess.run(
            [exe, "-layout", str(path), "-"], check=True, capture_output=True, timeout=120
        )

    return median_time(run, runs)


def synthetic_files(directory: Path) -> list[Path]:
    from ingest.synth import generate_report, write_report

    report = generate_report(0, 0, 2024, "final_accounts")
    return [write_report(report, directory, fmt, "default") for fmt in ("docx", "xlsx", "pdf")]


def main(argv: list[str]) -> int:
    runs = 5
    if "--runs" in argv:
        i = argv.index("--runs")
        runs = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    synthetic = "--synthetic" in argv
    argv = [a for a in argv if a != "--synthetic"]
    setup_django()
    files = [Path(a) for a in argv] or sorted(CORPUS.glob("*.pdf"))
    if synthetic:
        files += synthetic_files(Path(tempfile.mkdtemp(prefix="juesuan-bench-")))
    if not files:
        print(f"no files given and no corpus at {CORPUS}", file=sys.stderr)
        return 2
    from ingest.pipeline import parse_file, read_file
    from ingest.sniff import sniff

    print(
        "| file | format | pages | read (s) | full parse (s) | pdftotext (s) "
        "| full parse CPU (s) | pdftotext CPU (s) | CPU ratio |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for path in files:
        fmt = sniff(path)
        document = read_file(path)  # warm-up, and the page count
        read_s, _ = median_time(partial(read_file, path), runs)
        full_s, full_cpu = median_time(partial(parse_file, path), runs)
        ref = pdftotext_time(path, runs)
        wall_ref = f"{ref[0]:.3f}" if ref else "–"
        cpu_ref = f"{ref[1]:.3f}" if ref else "–"
        ratio = f"{full_cpu / ref[1]:.1f}×" if ref and ref[1] else "–"
        print(
            f"| {path.name} | {fmt} | {document.page_count} | {read_s:.3f} | {full_s:.3f} "
            f"| {wall_ref} | {full_cpu:.3f} | {cpu_ref} | {ratio} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
