"""Amounts as printed in statement tables, normalised to the contract's 万元 strings."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# 1,451.29 / 1451.29 / -3.5 / 0 ; full-width digits and commas are folded first.
AMOUNT_RE = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
FULLWIDTH = str.maketrans("０１２３４５６７８９，．－", "0123456789,.-")

# How many 元 one unit is worth; the contract's unit is 万元.
UNIT_IN_YUAN: dict[str, int] = {"元": 1, "千元": 1000, "万元": 10000, "亿元": 100000000}


def parse_amount(text: str) -> str | None:
    """The amount in ``text`` without thousands separators, decimals as printed; else None."""
    squashed = re.sub(r"\s+", "", text or "").translate(FULLWIDTH).replace("−", "-")
    if not AMOUNT_RE.match(squashed):
        return None
    return squashed.replace(",", "")


def unit_of(text: str) -> str | None:
    """The money unit named in a unit line or header (``单位：元``, ``（万元）``)."""
    match = re.search(r"(万元|千元|亿元|元)", text or "")
    return match.group(1) if match else None


def to_wanyuan(amount: str, unit: str | None) -> str:
    """Convert an amount printed in ``unit`` to 万元, exactly, without exponent notation."""
    if unit in (None, "万元"):
        return amount
    try:
        value = Decimal(amount) * UNIT_IN_YUAN[unit] / UNIT_IN_YUAN["万元"]
    except (InvalidOperation, KeyError):
        return amount
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
