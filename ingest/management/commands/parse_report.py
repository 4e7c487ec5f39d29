"""Parse report files into the parse contract; writes nothing to the database."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from core.contract import ParsedReport
from ingest.errors import ParseError
from ingest.pipeline import parse_file
from ingest.readers import ocr


class Command(BaseCommand):
    help = (
        "Parse one or more report files (PDF, DOCX, DOC, XLSX, XLS, TXT; scans as PDF, PNG, "
        "JPEG or TIFF) and print what was "
        "extracted. Nothing is written to the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="Report files to parse.")
        parser.add_argument(
            "--json", action="store_true",
            help="Print one JSON object per file (JSON Lines, the parse contract) instead of a "
            "readable summary.",
        )

    def handle(self, *args, **options) -> None:
        for name in options["files"]:
            started = time.perf_counter()
            try:
                # Scanned pages are slow to read: say which one (stdout stays JSON Lines).
                with ocr.reporting(self._progress):
                    report = parse_file(Path(name), name=name)
            except ParseError as exc:
                self._print_error(name, str(exc), as_json=options["json"])
                continue
            except Exception as exc:
                self._print_error(name, f"internal parser error: {exc!r}", as_json=options["json"])
                continue
            elapsed = time.perf_counter() - started
            if options["json"]:
                self.stdout.write(json.dumps(report.to_contract(), ensure_ascii=False))
            else:
                self.stdout.write(summary(report, elapsed))
            self.stderr.write(f"{name}: parsed in {elapsed:.2f} s")

    def _progress(self, page: int, pages: int) -> None:
        self.stderr.write(f"OCR page {page} of {pages}")

    def _print_error(self, name: str, message: str, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps({"file": name, "error": message}, ensure_ascii=False))
        else:
            self.stdout.write(f"{name}\n  error: {message}\n")


def summary(report: ParsedReport, elapsed: float) -> str:
    lines = [
        report.file,
        f"  kind: {report.kind}   department: {report.department}   "
        f"fiscal year: {report.fiscal_year}   pages: {report.page_count}   ({elapsed:.2f} s)",
        f"  figures ({len(report.figures)}):",
        *(f"    {f.key:<32} {f.value:>14}  p.{f.page or '?'}" for f in report.figures),
        f"  tables ({len(report.tables)}):",
        *(f"    {t.title}  ({len(t.rows)} rows, p.{t.page or '?'})" for t in report.tables),
        f"  expenditure lines: {len(report.expenditure_lines)}   "
        f"indicators: {len(report.indicators)}   sections: {len(report.sections)}",
        *(f"  warning: {w}" for w in report.warnings),
        "",
    ]
    return "\n".join(lines)
