"""Plausibility tests on amounts that only the consistency checks need.

Printed-precision arithmetic (``sum_matches``, ``equal_printed`` …) is the
vocabulary's and lives in ``core.money``.
"""

from __future__ import annotations

from decimal import Decimal

from core.money import TEN_THOUSAND


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
