"""CSV and XLSX responses for the browse lists (pure: headers + rows in, response out)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from io import BytesIO, StringIO
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def local_time(value: Any) -> Any:
    """An aware datetime as the wall-clock time the pages show (settings.TIME_ZONE), naive.

    Exports used to write UTC while every page shows Asia/Shanghai, so a report
    published in the evening was dated a day apart. XLSX cannot hold an aware time.
    """
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.make_naive(value, timezone.get_current_timezone())
    return value


def _csv_value(value: Any) -> Any:
    value = local_time(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return value


def _csv_cell(value: Any) -> Any:
    """``spreadsheet_safe(_csv_value(value))``, with the common plain types decided at once
    (a year's CSV holds hundreds of thousands of cells)."""
    kind = type(value)
    if kind is int or kind is Decimal:
        return value
    if kind is str:
        return "'" + value if value[:1] in _FORMULA_FIRST and formula_like(value) else value
    return spreadsheet_safe(_csv_value(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


# Rows sent together in one piece of a streamed CSV: one write per row cost a system call
# and a pass through the middleware's iterator each (tens of thousands for a year).
CSV_BATCH = 500


def csv_response(name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]):
    """Streamed CSV with a byte-order mark, so Excel opens the Chinese as UTF-8.

    The header goes out at once; the rows follow ``CSV_BATCH`` at a time.
    """
    buffer = StringIO()
    writer = csv.writer(buffer)

    def lines():
        yield "\ufeff" + csv.writer(_Echo()).writerow([str(h) for h in headers])
        for number, row in enumerate(rows, 1):
            writer.writerow([_csv_cell(v) for v in row])
            if number % CSV_BATCH == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        if buffer.tell():
            yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def xlsx_response(name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(name[:31])
    sheet.append([str(h) for h in headers])
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def export_response(fmt: str, name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]):
    return (csv_response if fmt == "csv" else xlsx_response)(name, headers, rows)


# A cell a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_START)


def _is_printed_number(value: str) -> bool:
    """"-12.50" is an amount, not a formula: a finite decimal with nothing around it."""
    if value != value.strip():
        return False
    try:
        return Decimal(value).is_finite()
    except InvalidOperation:
        return False


def formula_like(value: Any) -> bool:
    """True for text a spreadsheet would read as a formula (a printed number is not)."""
    return (isinstance(value, str) and value.startswith(FORMULA_START)
            and not _is_printed_number(value))


def spreadsheet_safe(value: Any) -> Any:
    """The one neutraliser for CSV cells: formula-like text gets an apostrophe in front.

    A number stays as it is, printed or not ("-12.50" is an amount, not a
    formula), so typed readers still see a number.
    """
    return "'" + value if formula_like(value) else value


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """The one neutraliser for XLSX cells: numbers stay numbers, no text becomes a formula.

    A Decimal is written as a number (Excel keeps 15 significant digits: exact
    enough for 万元 with 6 decimals, and the cell can be summed). Formula-like
    text becomes a text cell marked as quoted, as Excel marks text typed after
    an apostrophe, so it stays text even when someone edits it.
    """
    value = local_time(value)  # as the pages show it, not UTC
    if isinstance(value, Decimal):
        return float(value)
    if not formula_like(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    cell.quotePrefix = True
    return cell


def xlsx_row(sheet: Any, row: Iterable[Any]) -> list[Any]:
    return [xlsx_cell(sheet, value) for value in row]
