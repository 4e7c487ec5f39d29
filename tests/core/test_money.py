from core.money import (
    declared_unit,
    mentioned_unit,
    parse_amount,
    parse_money,
    to_count,
    to_wan_yuan,
)
from core.text import fold_cn_years, fold_width


def test_it_keeps_the_printed_decimals_of_wan_yuan():
    assert to_wan_yuan("0.0", "万元") == "0.0"
    assert to_wan_yuan("0", "万元") == "0"
    assert to_wan_yuan("192.31", "万元") == "192.31"


def test_it_drops_thousands_separators():
    assert to_wan_yuan("1,451.29", "万元") == "1451.29"


def test_it_converts_yuan_to_wan_yuan():
    assert to_wan_yuan("35000", "元") == "3.5"
    assert to_wan_yuan("12,345.60", "元") == "1.23456"


def test_it_converts_yi_yuan_to_wan_yuan():
    assert to_wan_yuan("1.2", "亿元") == "12000"
    assert to_wan_yuan("14820.00", "元") == "1.482"
    assert to_wan_yuan("6.20", "万元") == "6.20"


def test_it_folds_full_width_digits_and_punctuation():
    assert parse_money("１，４５１．２９万元") == "1451.29"
    assert fold_width("(类)") == "（类）"


def test_it_reads_counts_printed_with_decimals():
    assert to_count("0.00") == "0"
    assert to_count("13") == "13"
    assert to_count("1.5") is None


def test_a_caption_declares_its_unit_after_the_word_for_unit():
    assert declared_unit("单位：元") == "元"
    assert declared_unit("单位:万元") == "万元"
    assert declared_unit("金额单位： 人民币万元") == "万元"
    assert declared_unit("收入支出决算总表") is None
    assert declared_unit("金额（元）") is None  # a header mentions a unit, it does not declare one


def test_a_column_header_may_mention_its_unit_anywhere():
    assert mentioned_unit("金额（元）") == "元"
    assert mentioned_unit("预算数（万元）") == "万元"
    assert mentioned_unit("决算数") is None


def test_a_table_cell_is_an_amount_only_with_thousands_grouped() -> None:
    assert parse_amount("1,451.29") == "1451.29"
    assert parse_amount(" 0.0 ") == "0.0"
    assert parse_amount("－3.50") == "-3.50"
    assert parse_amount("1,45.29") is None
    assert parse_amount("XX") is None
    assert parse_amount("") is None


def test_chinese_numeral_years_are_folded_to_digits():
    assert fold_cn_years("二〇二三年度部门决算") == "2023年度部门决算"
    assert fold_cn_years("二○二四年") == "2024年"
    assert fold_cn_years("二零二二年度") == "2022年度"
    assert fold_cn_years("一二三四年") == "一二三四年"  # not a plausible year


def test_amounts_print_with_thousands_separators_and_two_decimals_rounded_half_up():
    from decimal import Decimal

    from core.money import grouped

    assert grouped(Decimal("1234.5")) == "1,234.50"
    assert grouped("1234567.895") == "1,234,567.90"
    assert grouped(Decimal("2.675")) == "2.68"  # half up, never to even
    assert grouped(Decimal("-0.001")) == "0.00"  # never "-0.00"
    assert grouped(None) == ""
    assert grouped("XX") == ""
    assert grouped(Decimal("95.2"), 1) == "95.2"
