from ingest.extract.amounts import fold_text, parse_money, to_count, to_wan_yuan, unit_of


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


def test_it_folds_full_width_digits_and_punctuation():
    assert parse_money("１，４５１．２９万元") == "1451.29"
    assert fold_text("(类)") == "（类）"


def test_it_reads_counts_printed_with_decimals():
    assert to_count("0.00") == "0"
    assert to_count("13") == "13"
    assert to_count("1.5") is None


def test_it_finds_the_unit_of_a_table_caption():
    assert unit_of("单位：元") == "元"
    assert unit_of("单位:万元") == "万元"
    assert unit_of("收入支出决算总表") is None


def test_chinese_numeral_years_are_folded_to_digits():
    from ingest.extract.amounts import fold_cn_years

    assert fold_cn_years("二〇二三年度部门决算") == "2023年度部门决算"
    assert fold_cn_years("二○二四年") == "2024年"
    assert fold_cn_years("二零二二年度") == "2022年度"
    assert fold_cn_years("一二三四年") == "一二三四年"  # not a plausible year
