"""Spreadsheet formulas stored without their result.

Excel and WPS save each formula's last result beside it, and the readers take that.
Workbooks written by programs (report generators, openpyxl, Apache POI) often store
the formula alone: a statement's 合计 row would then read empty. The arithmetic such
tables use is evaluated here, exactly, in decimals: ``SUM`` over ranges and cells of
the same sheet, ``+`` and ``-`` of cells and numbers, and brackets. Anything else (other
functions, other sheets, products) is left unknown rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from openpyxl.utils.cell import column_index_from_string

_TOKEN = re.compile(
    r"\s*(?:(?P<sum>SUM)\s*\(|(?P<ref>\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)"
    r"|(?P<number>\d+(?:\.\d+)?)|(?P<op>[-+(),]))"
)
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
MAX_RANGE_CELLS = 100_000  # a SUM over whole columns is not a statement's arithmetic


class UnknownFormulaError(Exception):
    """The formula uses what this module does not evaluate."""


# (row, col), 0-based → the cell's number, None when empty; raises UnknownFormulaError for text.
ValueAt = Callable[[int, int], Decimal | None]


def evaluate(formula: str, value_at: ValueAt) -> Decimal:
    """The result of ``formula`` (with or without its ``=``); raises UnknownFormulaError."""
    tokens = _tokens(formula.lstrip("=").upper())
    parser = _Parser(tokens, value_at)
    result = parser.expression()
    if parser.position != len(tokens):
        raise UnknownFormulaError(formula)
    return result


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            if text[position:].strip():
                raise UnknownFormulaError(text)
            break
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def _cell(ref: str) -> tuple[int, int]:
    match = _CELL.fullmatch(ref)
    if match is None:
        raise UnknownFormulaError(ref)
    return int(match.group(2)) - 1, column_index_from_string(match.group(1)) - 1


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], value_at: ValueAt) -> None:
        self.tokens, self.value_at, self.position = tokens, value_at, 0

    def _peek(self) -> tuple[str, str]:
        return self.tokens[self.position] if self.position < len(self.tokens) else ("", "")

    def _take(self, op: str) -> bool:
        if self._peek() == ("op", op):
            self.position += 1
            return True
        return False

    def expression(self) -> Decimal:
        total = self._term()
        while True:
            if self._take("+"):
                total += self._term()
            elif self._take("-"):
                total -= self._term()
            else:
                return total

    def _term(self) -> Decimal:
        if self._take("-"):
            return -self._term()
        if self._take("+"):
            return self._term()
        kind, text = self._peek()
        self.position += 1
        if kind == "number":
            return Decimal(text)
        if kind == "ref" and ":" not in text:
            return self.value_at(*_cell(text)) or Decimal(0)
        if kind == "sum":
            return self._sum()
        if (kind, text) == ("op", "("):
            inner = self.expression()
            if self._take(")"):
                return inner
        raise UnknownFormulaError(text)

    def _sum(self) -> Decimal:
        total = Decimal(0)
        while not self._take(")"):
            kind, text = self._peek()
            if kind == "ref" and ":" in text:
                self.position += 1
                total += self._range(text)
            else:
                total += self.expression()
            if not self._take(",") and self._peek() != ("op", ")"):
                raise UnknownFormulaError(text)
        return total

    def _range(self, text: str) -> Decimal:
        first, last = (_cell(part) for part in text.split(":"))
        rows = range(min(first[0], last[0]), max(first[0], last[0]) + 1)
        cols = range(min(first[1], last[1]), max(first[1], last[1]) + 1)
        if len(rows) * len(cols) > MAX_RANGE_CELLS:
            raise UnknownFormulaError(text)
        total = Decimal(0)
        for row in rows:
            for col in cols:
                try:
                    total += self.value_at(row, col) or Decimal(0)
                except UnknownFormulaError:
                    continue  # SUM passes over text, as Excel does
        return total


def number(value: object) -> Decimal | None:
    """A stored cell value as a decimal (None when empty); raises UnknownFormulaError for text."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise UnknownFormulaError(str(value))
    if isinstance(value, int | float):
        try:
            return Decimal(repr(value))
        except InvalidOperation as exc:
            raise UnknownFormulaError(repr(value)) from exc
    raise UnknownFormulaError(str(value))
