"""Fixtures for the auditors' side: seed reports from the gold files and the real parser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.contract import (
    ParsedFigure,
    ParsedIndicator,
    ParsedLine,
    ParsedReport,
    ParsedSection,
)

SEEDS = {
    "000": "000_3aceb8667332d4e8",
    "001": "001_fa908d8cf296afa2",
    "002": "002_6dac83234b86279a",
    "003": "003_a04efb588eb58bab",
    "004": "004_16e887e169b56cb1",
}


def _sections(seed_text: str, headings: list[str]) -> list[ParsedSection]:
    """Cut the seed text at the gold headings (the first body line printing each)."""
    lines = seed_text.splitlines()
    compact = ["".join(line.split()) for line in lines]
    starts, cursor = [], 0
    for heading in headings:
        for index in range(cursor, len(lines)):
            if compact[index] == heading:
                starts.append((index, heading))
                cursor = index + 1
                break
    sections = []
    for n, (index, heading) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        body = "\n".join(line.strip() for line in lines[index + 1: end] if line.strip())
        sections.append(ParsedSection(heading=heading, text=body, page=1))
    return sections


def gold_report(shared: Path, seed: str) -> ParsedReport:
    """A ParsedReport with the gold values, and section texts cut from the seed."""
    data = json.loads((shared / "gold" / f"{SEEDS[seed]}.json").read_text())
    text = (shared / "seeds" / f"{SEEDS[seed]}.txt").read_text()
    return ParsedReport(
        file=data["file"], kind=data["kind"], department=data["department"],
        fiscal_year=data["fiscal_year"],
        figures=[ParsedFigure(k, v, source=k, page=1) for k, v in data["figures"].items()],
        expenditure_lines=[ParsedLine(**line, page=1) for line in data["expenditure_lines"]],
        indicators=[ParsedIndicator(**i, page=1) for i in data["indicators"]],
        sections=_sections(text, data["section_headings"]),
        page_count=1,
    )


@pytest.fixture
def gold(shared):
    return lambda seed: gold_report(shared, seed)


def parsed_seed(shared: Path, seed: str) -> ParsedReport:
    """The seed through the real parser; skipped while the parser is unfinished."""
    try:
        from ingest.pipeline import parse_file
    except ImportError as exc:  # the extractors are still being written
        pytest.skip(f"the parser is not importable yet: {exc}")
    return parse_file(shared / "seeds" / f"{SEEDS[seed]}.txt")


@pytest.fixture
def parsed(shared):
    return lambda seed: parsed_seed(shared, seed)
