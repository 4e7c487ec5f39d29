"""Write N generated report files for timing `manage.py ingest` (see README, "Bulk ingest").

    .venv/bin/python benchmarks/bulk_files.py /tmp/bulk 10000 [--processes 2]

Departments 0, 1, 2 … each with 决算 and 绩效自评 for 2021–2024 (8 files), DOCX, XLSX and
PDF in turn, in folders of 100 departments; the generator's seed 1, so the same files
every time. Files already written are kept (their bytes would differ: writers stamp
times), so an interrupted run can go on.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

YEARS = (2021, 2022, 2023, 2024)
KINDS = ("final_accounts", "performance_evaluation")


def write(case: tuple[int, Path, int, int, str]) -> None:
    from ingest.synth import FORMATS, generate_report, write_report

    index, folder, department, year, kind = case
    fmt = FORMATS[index % len(FORMATS)]
    report = generate_report(1, department, year, kind)
    sub = folder / f"{department // 100:03d}"
    if not (sub / f"{report.slug}_default.{fmt}").exists():
        write_report(report, sub, fmt, "default")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    departments = range(-(-args.count // (len(YEARS) * len(KINDS))))
    cases = itertools.islice(itertools.product(departments, YEARS, KINDS), args.count)
    work = [(i, args.folder, d, y, k) for i, (d, y, k) in enumerate(cases)]
    with Pool(args.processes) as pool:
        for done, _ in enumerate(pool.imap_unordered(write, work, chunksize=8), start=1):
            if done % 500 == 0:
                print(f"{done}/{len(work)}", file=sys.stderr)


if __name__ == "__main__":
    main()
