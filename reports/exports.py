"""CSV and XLSX responses for the browse lists (pure: headers + rows in, response out)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]):
    """Streamed CSV with a byte-order mark, so Excel opens the Chinese as UTF-8."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([str(h) for h in headers])
        for row in rows:
            yield writer.writerow(["" if v is None else v for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def xlsx_response(name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(name[:31])
    sheet.append([str(h) for h in headers])
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def export_response(fmt: str, name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]):
    return (csv_response if fmt == "csv" else xlsx_response)(name, headers, rows)


# A cell a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """``value``, with text that would start a formula prefixed by an apostrophe.

    A number stays as it is, printed or not ("-12.50" is an amount, not a
    formula), so typed readers still see a number.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    try:
        Decimal(value)
    except InvalidOperation:
        return "'" + value
    return value
