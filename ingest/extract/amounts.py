"""Money and count normalisation shared by every extractor.

The contract keeps money as the decimal string printed in 万元: a figure
printed in 万元 keeps its decimals exactly (``0.0`` stays ``0.0``), a figure in
元 or 亿元 is converted with Decimal arithmetic so nothing is lost to floats.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# NFKC leaves a few look-alikes that reports mix freely; fold them too.
_EXTRA_FOLD = str.maketrans({"\u3000": " ", "\u00a0": " ", "\u2212": "-"})

_CJK_PUNCT = str.maketrans({"(": "（", ")": "）", ":": "：", ";": "；"})

_NUMBER = r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?"
NUMBER_RE = re.compile(_NUMBER)

# Units as printed after a money figure; 万 alone occurs in tables ("单位：万").
MONEY_UNITS: dict[str, Decimal] = {
    "亿元": Decimal(10000),
    "万元": Decimal(1),
    "千元": Decimal("0.1"),
    "元": Decimal("0.0001"),
}


def fold_text(text: str) -> str:
    """NFKC-fold full-width digits/letters, then bring brackets back to full-width （）.

    NFKC turns ``（`` into ``(``; the contract wants full-width brackets in text
    values, and matching is simpler when every bracket has one form.
    """
    folded = unicodedata.normalize("NFKC", text).translate(_EXTRA_FOLD)
    # NFKC also turns ，：；（） into ASCII. Brackets, colons and semicolons go back
    # to one CJK form so patterns need one spelling; commas stay ASCII because
    # "1,451.29" must still read as one number.
    return folded.translate(_CJK_PUNCT)


_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}
_CN_DIGITS.update({"零": "0", "○": "0", "Ｏ": "0", "O": "0", "０": "0"})
_CN_YEAR = re.compile(rf"[{''.join(_CN_DIGITS)}]{{4}}(?=年)")


def fold_cn_years(text: str) -> str:
    """二〇二三年度 → 2023年度: covers and titles often spell the year in characters."""
    def digits(match: re.Match[str]) -> str:
        year = "".join(_CN_DIGITS[c] for c in match.group(0))
        return year if year.startswith(("19", "20")) else match.group(0)

    return _CN_YEAR.sub(digits, text)


def fold_brackets(text: str) -> str:
    """Half-width brackets → full-width, nothing else (for names kept as printed)."""
    return text.replace("(", "（").replace(")", "）")


def squeeze(text: str) -> str:
    """Remove all whitespace (names and headings are compared without it)."""
    return re.sub(r"\s+", "", text)


def clean_number(raw: str) -> str | None:
    """``'1,451.29'`` → ``'1451.29'``; None when it is not a number."""
    value = fold_text(raw).strip().replace(",", "").replace("，", "").replace(" ", "")
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", value):
        return None
    return value


def to_wan_yuan(raw: str, unit: str = "万元") -> str | None:
    """A printed amount and its unit → the contract's 万元 string.

    ``to_wan_yuan('1,451.29', '万元') == '1451.29'``;
    ``to_wan_yuan('35000', '元') == '3.5'``; ``to_wan_yuan('1.2', '亿元') == '12000'``.
    """
    number = clean_number(raw)
    if number is None:
        return None
    unit = squeeze(fold_text(unit)) or "万元"
    if unit == "万":
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
    return _plain(value)


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


def _plain(value: Decimal) -> str:
    """Decimal → plain string without exponent or trailing zeros from scaling."""
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def parse_money(text: str, default_unit: str = "万元") -> str | None:
    """A cell or phrase such as ``'1,093.54万元'`` or ``'3.5'`` → 万元 string."""
    folded = squeeze(fold_text(text))
    match = re.fullmatch(rf"({_NUMBER})(亿元|万元|千元|元|万)?", folded)
    if not match:
        return None
    return to_wan_yuan(match.group(1), match.group(2) or default_unit)


def unit_of(text: str) -> str | None:
    """The money unit a caption or unit line declares (``单位：元`` → ``元``)."""
    folded = squeeze(fold_text(text))
    match = re.search(r"单位[：]?(亿元|万元|千元|元)", folded)
    return match.group(1) if match else None
