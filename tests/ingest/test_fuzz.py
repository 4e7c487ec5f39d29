"""Damaged report files, a few hundred of them: each gets a clean JSON line, never a traceback.

Mutants of the real corpus (where ../shared is present) and of the generator's
DOCX, XLSX and PDF, made with a fixed seed (ingest.synth.damage): byte flips,
truncations, duplicated and zeroed chunks, corrupt zip members, XML parts that
are no XML, missing parts. ``benchmarks/fuzz.py`` runs many more.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.synth import generate_report, write_report
from ingest.synth.fuzz import parse_all, write_mutants

SEED = 13
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
# The smallest real reports: the corpus's mutants cost a full parse each.
REAL = ["budget2019_jiangsu_rendachangweihui_bangongting_dept_tables.pdf",
        "budget2025_putuo_zhengfuban_dept.pdf"]


def _sources(directory: Path) -> list[tuple[Path, int]]:
    final = generate_report(SEED, 0, 2023, "final_accounts")
    evaluation = generate_report(SEED, 1, 2023, "performance_evaluation")
    sources = [
        (write_report(final, directory, "docx"), 70),
        (write_report(final, directory, "xlsx"), 70),
        (write_report(evaluation, directory, "docx"), 40),
        (write_report(final, directory, "pdf"), 30),
    ]
    if SHARED.is_dir():
        sources += [(SHARED / "corpus" / name, 15) for name in REAL
                    if (SHARED / "corpus" / name).exists()]
        sources += [(path, 10) for path in sorted((SHARED / "seeds").glob("*.txt"))[:2]]
    return sources


@pytest.mark.django_db
def test_every_damaged_file_gets_a_clean_json_line_parsed_or_a_clear_error(tmp_path):
    files = list(write_mutants(_sources(tmp_path / "sources"), tmp_path / "mutants", seed=SEED))
    assert len(files) >= 210
    outcomes = parse_all(files)
    unclean = [f"{o.mutation} -> {o.line}" for o in outcomes if not o.clean]
    assert not unclean, "\n".join(unclean)
    errors = [o.line["error"] for o in outcomes if "error" in o.line]
    assert errors  # damage was done, and named
    assert any("“word/document.xml”" in e or "“xl/" in e for e in errors)
