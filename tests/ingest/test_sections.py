import pytest

from ingest.extract.sections import extract_sections
from ingest.readers.text import parse_text

from ._seed_support import SEEDS, gold, needs_shared, seed_names


def test_it_skips_the_table_of_contents():
    text = (
        "2024年度某某局部门决算\n目 录\n第一部分 概况\n一、主要职能\n第二部分 情况说明\n"
        "第一部分\n一、主要职能\n负责某项工作。\n"
    )
    sections = extract_sections(parse_text(text))
    assert [s.heading for s in sections] == ["第一部分", "一、主要职能"]
    assert sections[1].text == "负责某项工作。"


def test_it_joins_body_lines_broken_by_a_page():
    text = "一、收入决算情况说明\n本年收入合计100万元，决算数大于年初\f预算数的主要原因是追加。\n"
    section = extract_sections(parse_text(text))[0]
    assert section.text == "本年收入合计100万元，决算数大于年初预算数的主要原因是追加。"


def test_it_gives_numbering_levels():
    text = "第三部分\n一、支出决算情况说明\n（一）基本支出\n1.人员经费\n（1）工资\n"
    assert [s.level for s in extract_sections(parse_text(text))] == [1, 2, 3, 4, 5]


def test_definitions_are_not_headings():
    text = "第四部分 名词解释\n一、财政拨款收入：指单位从同级财政部门取得的财政预算资金。\n"
    assert [s.heading for s in extract_sections(parse_text(text))] == ["第四部分 名词解释"]


@needs_shared
@pytest.mark.parametrize("name", seed_names())
def test_it_finds_every_gold_heading_of_the_seeds(name):
    from ingest.readers.text import read

    headings = {s.heading.replace(" ", "") for s in extract_sections(read(SEEDS / f"{name}.txt"))}
    missing = [h for h in gold(name)["section_headings"] if h.replace(" ", "") not in headings]
    assert missing == []


def test_page_numbers_are_not_glued_into_the_text():
    text = "一、收入\n本年收入合计100万元，决算数大于年初\n- 3 -\f预算数的主要原因是追加。"
    section = extract_sections(parse_text(text))[0]
    assert section.text == "本年收入合计100万元，决算数大于年初预算数的主要原因是追加。"


def test_headings_after_a_toc_whose_entries_became_a_table_are_kept():
    text = (
        "目录\n一、部门职责\t3\n二、机构设置\t4\n"
        "一、部门职责\n负责某项工作。\n二、机构设置\n设办公室。\n"
    )
    headings = [s.heading for s in extract_sections(parse_text(text))]
    assert headings == ["一、部门职责", "二、机构设置"]


# --- numbering styles of other regions (invented text) -------------------------


def test_every_numbering_style_starts_a_section_at_its_level():
    text = (
        "某市某局\n2024年度部门决算\n第一章 部门概况\n一、部门职责\n负责某项工作。\n"
        "（一）主要职能\n负责。\n1.内设机构\n设有办公室。\n（1）人员情况\n有人。\n"
        "1、决算单位构成\n含一个单位。\n①本级\n本级情况。\n"
    )
    sections = extract_sections(parse_text(text))
    assert [(s.level, s.heading) for s in sections] == [
        (1, "第一章 部门概况"), (2, "一、部门职责"), (3, "（一）主要职能"), (4, "1.内设机构"),
        (5, "（1）人员情况"), (4, "1、决算单位构成"), (7, "①本级"),
    ]
    assert sections[-1].text == "本级情况。"


def test_a_numbered_sentence_with_an_amount_is_not_a_heading():
    text = "一、收入决算情况说明\n①财政拨款收入100万元。\n②其他收入5万元。\n"
    sections = extract_sections(parse_text(text))
    assert [s.heading for s in sections] == ["一、收入决算情况说明"]


def test_an_unnumbered_heading_block_of_a_word_document_is_kept():
    from ingest.document import Block, Document

    document = Document(blocks=[
        Block(kind="heading", page=1, text="2024年度某局部门决算"),
        Block(kind="heading", page=1, text="部门决算情况说明"),
        Block(kind="paragraph", page=1, text="本部门收入总计10万元。"),
    ], page_count=1)
    sections = extract_sections(document)
    assert [s.heading for s in sections] == ["2024年度某局部门决算", "部门决算情况说明"]
    assert sections[-1].text == "本部门收入总计10万元。"


def test_an_unnumbered_part_title_between_paragraphs_is_a_heading():
    text = (
        "某县某局\n2023年度部门决算\n部门决算情况说明\n本部门收入总计10万元。\n"
        "一般公共预算财政拨款支出决算具体情况\n行政运行年初预算为1万元。\n"
    )
    sections = extract_sections(parse_text(text))
    assert [s.heading for s in sections] == [
        "部门决算情况说明", "一般公共预算财政拨款支出决算具体情况"]


def test_a_wrapped_sentence_ending_in_qingkuang_is_not_a_heading():
    text = (
        "一、收入决算情况说明\n本部门严格按照规定编制决算，全面反映了本年度各项资金的使用和管理\n"
        "收入决算的具体情况\n及其变化原因。\n"
    )
    sections = extract_sections(parse_text(text))
    assert [s.heading for s in sections] == ["一、收入决算情况说明"]
