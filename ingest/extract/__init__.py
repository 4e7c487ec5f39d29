"""Extractors: a Document in, a ParsedReport out. They never know the file format."""

from __future__ import annotations

from core.contract import ParsedReport
from ingest.document import Document
from ingest.extract.figures import extract_figures
from ingest.extract.identity import extract_identity
from ingest.extract.indicators import extract_indicators
from ingest.extract.lines import extract_lines
from ingest.extract.sections import extract_sections
from ingest.extract.tables import extract_tables


def extract_report(document: Document, *, file: str) -> ParsedReport:
    identity = extract_identity(document, file_name=file)
    tables = extract_tables(document)
    sections = extract_sections(document)
    figures, figure_warnings = extract_figures(document, sections=sections, tables=tables)
    lines = extract_lines(document, tables=tables, kind=identity.kind,
                          fiscal_year=identity.fiscal_year)
    indicators = extract_indicators(document)
    return ParsedReport(
        file=file,
        kind=identity.kind,
        department=identity.department,
        scope=identity.scope,
        fiscal_year=identity.fiscal_year,
        figures=figures,
        expenditure_lines=lines,
        tables=tables,
        indicators=indicators,
        sections=sections,
        warnings=[*document.warnings, *identity.warnings, *figure_warnings],
        page_count=document.page_count,
    )
