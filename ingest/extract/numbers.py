"""Amounts as printed in statement tables, normalised to the contract's 万元 strings."""

from __future__ import annotations

import re

from ingest.extract.amounts import to_wan_yuan

# 1,451.29 / 1451.29 / -3.5 / 0 ; full-width digits and commas are folded first.
AMOUNT_RE = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
FULLWIDTH = str.maketrans("０１２３４５６７８９，．－", "0123456789,.-")


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
    """Convert an amount printed in ``unit`` to 万元; in 万元 or an unknown unit, as printed."""
    if unit in (None, "万元"):
        return amount
    return to_wan_yuan(amount, unit) or amount
