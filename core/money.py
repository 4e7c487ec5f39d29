"""Amounts as reports print them: the number pattern, money units, 万元, printed precision.

The contract keeps money as the decimal string printed in 万元: a figure printed in
万元 keeps its decimals exactly (``0.0`` stays ``0.0``); a figure in 元, 千元 or 亿元 is
converted with Decimal arithmetic so nothing is lost to floats. A printed ``721.2``
stands for anything in [721.15, 721.25], so comparisons allow for the rounding of the
printed digits.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from core.text import fold_width, squeeze

# The one amount pattern: an optional minus, digits with or without thousands
# separators, optional decimals (1,451.29 / 1451.29 / -3.5 / 0).
UNSIGNED_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
NUMBER = rf"-?{UNSIGNED_NUMBER}"
_CELL_AMOUNT = re.compile(rf"^[-−]?{UNSIGNED_NUMBER}$")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
# Full-width digits and punctuation a table cell may print its amount with.
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９，．－", "0123456789,.-")

# Units as printed after a money figure, as factors to 万元.
MONEY_UNITS: dict[str, Decimal] = {
    "亿元": Decimal(10000),
    "万元": Decimal(1),
    "千元": Decimal("0.1"),
    "元": Decimal("0.0001"),
}
MONEY_UNIT = "亿元|万元|千元|元"
# Running text may leave the 元 out (收入合计123.45万，): a bare 万 is 万元 where no other unit
# follows it (never the 万 of 1.2万人次 or 3万亩).
TEXT_MONEY_UNIT = rf"{MONEY_UNIT}|万(?![\u4e00-\u9fffA-Za-z0-9%％])"
# Any unit line (单位：万元, 单位：人, 单位：个), money or not.
UNIT_LABEL = re.compile(r"单位\s*[:：]")
# A unit declaration as captions print it: 单位：万元, 金额单位: 元, 单位：人民币万元.
UNIT_DECLARATION = re.compile(rf"(?:金额)?单位\s*[:：]\s*(?:人民币)?\s*({MONEY_UNIT})")
# A unit printed as an aside in a column heading: 决算数（万元）, 金额(元), 预算数（单位：元）.
UNIT_ASIDE = re.compile(
    rf"[（(]\s*(?:金额)?(?:单位\s*[:：])?\s*(?:人民币)?\s*({MONEY_UNIT})\s*[）)]"
)
# The same on text with whitespace removed, where some captions leave the colon out.
_SQUEEZED_DECLARATION = re.compile(rf"单位[:：]?(?:人民币)?({MONEY_UNIT})")

ZERO = Decimal(0)
HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10000)


def declared_unit(text: str) -> str | None:
    """The unit a caption or unit line declares (``单位：元`` → ``元``); None without 单位."""
    match = _SQUEEZED_DECLARATION.search(squeeze(fold_width(text)))
    return match.group(1) if match else None


def mentioned_unit(text: str | None) -> str | None:
    """The first money unit a column header mentions anywhere (``金额（元）`` → ``元``)."""
    match = re.search(f"({MONEY_UNIT})", text or "")
    return match.group(1) if match else None


def clean_number(raw: str) -> str | None:
    """``'1,451.29'`` → ``'1451.29'``; None when it is not a number."""
    value = fold_width(raw).strip().replace(",", "").replace("，", "").replace(" ", "")
    if not _PLAIN_NUMBER.fullmatch(value):
        return None
    return value


def parse_amount(text: str | None) -> str | None:
    """A table cell's amount without thousands separators, decimals as printed; else None.

    Stricter than ``clean_number``: separators must group thousands, as accounting
    software prints them, so a cell of text that happens to hold digits is not read.
    """
    squashed = squeeze(text).translate(_FULLWIDTH_DIGITS).replace("−", "-")
    if not _CELL_AMOUNT.match(squashed):
        return None
    return squashed.replace(",", "")


def is_money_unit(unit: str) -> bool:
    """Whether a unit matched by TEXT_MONEY_UNIT (or MONEY_UNIT) is money."""
    return unit in MONEY_UNITS or unit == "万"


def to_wan_yuan(raw: str, unit: str | None = "万元") -> str | None:
    """A printed amount and its unit → the contract's 万元 string.

    ``to_wan_yuan('1,451.29', '万元') == '1451.29'``;
    ``to_wan_yuan('35000', '元') == '3.5'``; ``to_wan_yuan('1.2', '亿元') == '12000'``.
    """
    number = clean_number(raw)
    if number is None:
        return None
    unit = squeeze(fold_width(unit or "")) or "万元"
    if unit == "万":  # 单位：万 in some tables
        unit = "万元"
    factor = MONEY_UNITS.get(unit)
    if factor is None:
        return None
    if factor == 1:
        return number
    try:
        value = Decimal(number) * factor
    except InvalidOperation:
        return None
    return plain(value)


def to_count(raw: str) -> str | None:
    """A count printed as ``13`` or (by mistake) ``0.00`` → ``'13'`` / ``'0'``.

    Counts with a non-zero fraction are not counts; they return None.
    """
    number = clean_number(raw)
    if number is None or number.startswith("-"):
        return None
    value = Decimal(number)
    if value != value.to_integral_value():
        return None
    return str(int(value))


def parse_money(text: str, default_unit: str = "万元") -> str | None:
    """A cell or phrase such as ``'1,093.54万元'`` or ``'3.5'`` → 万元 string."""
    folded = squeeze(fold_width(text))
    match = re.fullmatch(rf"({NUMBER})(亿元|万元|千元|元|万)?", folded)
    if not match:
        return None
    return to_wan_yuan(match.group(1), match.group(2) or default_unit)


def to_decimal(text: str | None) -> Decimal | None:
    """A contract amount string (or a printed one with separators) → Decimal; None if not one."""
    if text is None:
        return None
    try:
        return Decimal(str(text).replace(",", "").strip())
    except InvalidOperation:
        return None


def plain(value: Decimal | None) -> str | None:
    """A Decimal as a plain string, without exponent or trailing zeros from scaling."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


# --- printed precision -------------------------------------------------------------


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


def rounded(value: Decimal | None, places: int = 2) -> str | None:
    if value is None:
        return None
    return format(value.quantize(Decimal(1).scaleb(-places)), "f")


def grouped(value: Decimal | str | int | None, places: int = 2) -> str:
    """An amount as the pages print it: thousands separators, ``places`` decimals, half up.

    ``1234.5`` → ``1,234.50``; ``0.125`` → ``0.13``; text that is not a number → "".
    """
    number = value if isinstance(value, Decimal) else to_decimal(None if value is None
                                                                  else str(value))
    if number is None or not number.is_finite():
        return ""
    rounded_value = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if not rounded_value:
        rounded_value = abs(rounded_value)  # never "-0.00"
    return f"{rounded_value:,.{places}f}"


def amounts_in(text: str, unit: str = "万元") -> list[tuple[int, Decimal, str]]:
    """(position, value, printed) of each unsigned amount followed by ``unit``."""
    found = []
    for match in re.finditer(rf"({UNSIGNED_NUMBER})\s*{unit}", text):
        value = to_decimal(match.group(1))
        if value is not None:
            found.append((match.start(), value, match.group(1).replace(",", "")))
    return found
