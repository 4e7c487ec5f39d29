"""Decimal arithmetic with the precision a number was printed with.

A printed ``721.2`` stands for anything in [721.15, 721.25]: checks accept a
difference as long as it could come from rounding the printed digits.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

ZERO = Decimal(0)
HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10000)

AMOUNT = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"


def to_decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(str(text).replace(",", "").strip())
    except InvalidOperation:
        return None


def half_unit(text: str | None, value: Decimal | None = None) -> Decimal:
    """Half a unit of the last printed digit: the rounding a printed number may hide."""
    number = to_decimal(text)
    if number is None:
        number = value if value is not None else ZERO
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int):
        return ZERO
    return Decimal(5).scaleb(exponent - 1)


def sum_matches(
    total: Decimal, total_text: str, parts: list[tuple[Decimal, str]], *, strict: bool = False
) -> bool:
    """Whether ``total`` equals the sum of ``parts`` within the rounding of their printed digits.

    ``strict`` is for statement tables: the accounting software prints each total
    as the sum of the printed parts, so only the total's own last digit may differ.
    Text is written by hand from rounded and unrounded amounts alike: every
    printed number may hide half a unit.
    """
    numbers = [(total, total_text), *parts]
    if strict:
        # A blank or zero cell is exactly zero: only printed amounts carry rounding.
        tolerance = max((half_unit(t, v) for v, t in numbers if v), default=ZERO)
    else:
        tolerance = sum((half_unit(t, v) for v, t in numbers), ZERO)
    return abs(total - sum((value for value, _ in parts), ZERO)) <= tolerance


def equal_printed(a: Decimal, a_text: str, b: Decimal, b_text: str) -> bool:
    """Two printings of one amount agree to the coarser of their precisions.

    ``326.7`` and ``326.72`` agree; ``326.71`` and ``326.72`` do not: printed to
    the same digits, one amount has one printing.
    """
    return abs(a - b) <= max(half_unit(a_text, a), half_unit(b_text, b))


def interval(value: Decimal, text: str) -> tuple[Decimal, Decimal]:
    half = half_unit(text, value)
    return value - half, value + half


def ratio_interval(
    numerator: tuple[Decimal, Decimal], denominator: tuple[Decimal, Decimal]
) -> tuple[Decimal, Decimal] | None:
    """The range of numerator / denominator × 100 for positive intervals."""
    low_den, high_den = denominator
    if low_den <= 0:
        return None
    low_num, high_num = numerator
    return low_num / high_den * HUNDRED, high_num / low_den * HUNDRED


def overlaps(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def is_ten_thousand_fold(a: Decimal, b: Decimal) -> bool:
    """One value is about 10⁴ times the other: 元 read as 万元, or the reverse."""
    if a <= 0 or b <= 0:
        return False
    ratio = max(a, b) / min(a, b)
    return abs(ratio / TEN_THOUSAND - 1) < Decimal("0.02")


def distinctive(value: Decimal) -> bool:
    """Enough significant digits that an exact repeat is unlikely to be chance."""
    digits = value.normalize().as_tuple().digits
    return abs(value) >= 10 and len(digits) >= 5


def plain(value: Decimal | None) -> str | None:
    """A Decimal for JSON evidence, without exponent notation."""
    if value is None:
        return None
    return format(value.normalize(), "f")


def rounded(value: Decimal | None, places: int = 2) -> str | None:
    if value is None:
        return None
    return format(value.quantize(Decimal(1).scaleb(-places)), "f")


def amounts_in(text: str, unit: str = "万元") -> list[tuple[int, Decimal, str]]:
    """(position, value, printed) of each amount followed by ``unit``."""
    found = []
    for match in re.finditer(AMOUNT + r"\s*" + unit, text):
        value = to_decimal(match.group(1))
        if value is not None:
            found.append((match.start(), value, match.group(1).replace(",", "")))
    return found
