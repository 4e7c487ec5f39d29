"""Synthetic 部门决算, 绩效自评 and 部门预算 reports for fictional departments, with their truth.

    from ingest.synth import FORMATS, LAYOUTS, generate_corpus, write_report
    for report in generate_corpus(seed=1, departments=5, years=[2022, 2023, 2024]):
        for fmt in FORMATS:                      # "docx", "xlsx", "pdf"
            write_report(report, out_dir, fmt, "default")   # or any name in LAYOUTS

Each report is a ``SyntheticReport``: a ``ParsedReport`` whose ``to_contract()`` is
what parsing its files must give (``expected_contract(report, fmt, layout)`` drops
what a given file does not print), carrying the printed stream the writers render.

- ``generate_report(seed, department_index, year, kind, *, faults=(), layout=None)``:
  one report; ``kind`` is ``final_accounts``, ``performance_evaluation`` or ``budget``;
  ``layout`` the one you will write with (some layouts change what a report holds: a
  ``university`` is a 高等学校 决算, ``components`` spends beyond 基本/项目); ``faults``
  names deliberate inconsistencies from ``FAULTS`` for consistency-check tests.
- ``generate_corpus(seed, departments, years, kinds)`` / ``iter_corpus(...)``:
  departments × years × kinds, department names unique up to index 4607.
- ``department(index)``: the fictional department (name, region, kind of office).
- ``write_report(report, directory, fmt, layout)`` → path ``<slug>_<layout>.<fmt>``.
- ``write_corpus(directory, seed=, departments=, years=, kinds=, formats=, layouts=)``:
  generate and write a whole corpus, layouts in turn; yields (report, path).
- ``ingest.synth.checks.arithmetic_problems(report)``: what does not add up.

Everything is a pure function of the seed (string-seeded ``random.Random``), so
any report can be regenerated alone, and the prior year's figures for its
与上年相比 sentences are the prior year's report's own. Pure: no Django models, no
database, no files outside the paths it is given.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ingest.synth.generator import department, generate_corpus, generate_report, iter_corpus
from ingest.synth.model import LAYOUTS, Layout, SyntheticReport
from ingest.synth.numbers import FAULTS

FORMATS: tuple[str, ...] = ("docx", "xlsx", "pdf")

__all__ = [
    "FAULTS", "FORMATS", "LAYOUTS", "Layout", "SyntheticReport", "department",
    "expected_contract", "generate_corpus", "generate_report", "iter_corpus", "write_corpus",
    "write_report",
]


def write_corpus(
    directory: str | Path,
    *,
    seed: int = 0,
    departments: int = 4,
    years: Sequence[int] = (2022, 2023, 2024),
    kinds: Sequence[str] = ("final_accounts", "performance_evaluation"),
    formats: Sequence[str] = FORMATS,
    layouts: Sequence[str] = ("default",),
) -> Iterator[tuple[SyntheticReport, Path]]:
    """Generate and write departments × years × kinds reports, each in every format.

    Layouts are taken in turn, report by report, so a corpus mixes them; yields each
    written (report, path) as it goes, so thousands of files need little memory.
    """
    turn = 0
    for index in range(departments):
        for year in years:
            for kind in kinds:
                layout = LAYOUTS[layouts[turn % len(layouts)]]
                turn += 1
                report = generate_report(seed, index, year, kind, layout=layout)
                for fmt in formats:
                    yield report, write_report(report, directory, fmt, layout)


def expected_contract(report: SyntheticReport, fmt: str, layout: Layout | str) -> dict:
    """What parsing the written file should give: ``report.to_contract()``, less what the
    file does not print (an XLSX without its narrative sheet holds only the tables)."""
    if isinstance(layout, str):
        layout = LAYOUTS[layout]
    contract = report.to_contract()
    if layout.tables_only or (fmt == "xlsx" and not layout.narrative_sheet):
        contract.update(figures={}, expenditure_lines=[], sections=[])
    return contract


def write_report(
    report: SyntheticReport, directory: str | Path, fmt: str, layout: Layout | str = "default"
) -> Path:
    """Write ``report`` as ``<directory>/<slug>_<layout>.<fmt>`` and return the path."""
    if isinstance(layout, str):
        layout = LAYOUTS[layout]
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{report.slug}_{layout.name}.{fmt}"
    if fmt == "docx":
        from ingest.synth.write_docx import write_docx

        return write_docx(report, path, layout=layout)
    if fmt == "xlsx":
        from ingest.synth.write_xlsx import write_xlsx

        return write_xlsx(report, path, layout=layout)
    if fmt == "pdf":
        from ingest.synth.write_pdf import write_pdf

        return write_pdf(report, path, layout=layout)
    raise ValueError(f"unknown format {fmt!r}; use one of {FORMATS}")
