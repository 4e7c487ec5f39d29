from ingest.readers.text import parse_text, read


def test_it_reads_gb18030_files(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("一、部门职责\n负责全区财政工作。\n".encode("gb18030"))
    document = read(path)
    assert [b.text for b in document.blocks] == ["一、部门职责", "负责全区财政工作。"]


def test_it_reads_utf8_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("\ufeff一、部门职责\n".encode())
    assert read(path).blocks[0].text == "一、部门职责"


def test_it_marks_numbered_titles_and_markdown_headings_as_headings():
    document = parse_text("# 封面\n一、收入决算情况说明\n本年收入合计10万元。\n")
    assert [(b.kind, b.text) for b in document.blocks] == [
        ("heading", "封面"),
        ("heading", "一、收入决算情况说明"),
        ("paragraph", "本年收入合计10万元。"),
    ]


def test_it_keeps_numbered_sentences_as_paragraphs():
    document = parse_text("1、2024年预算资金662.32万元。\n一、财政拨款收入：指单位取得的资金。\n")
    assert [b.kind for b in document.blocks] == ["paragraph", "paragraph"]


def test_it_counts_pages_at_form_feeds():
    document = parse_text("第一页\f第二页\n续\f第三页")
    assert [b.page for b in document.blocks] == [1, 2, 2, 3]
    assert document.page_count == 3


def test_it_reads_markdown_pipe_tables():
    document = parse_text("| 项目 | 决算数 |\n| --- | --- |\n| 合计 | 10.00 |\n")
    table = document.tables()[0]
    assert table.grid() == [["项目", "决算数"], ["合计", "10.00"]]


def test_it_reads_tab_separated_tables_across_a_blank_line():
    document = parse_text("指标\t目标\t实际\n甲\t1\t2\n\n乙\t3\t4\n后文。\n")
    table = document.tables()[0]
    assert table.grid()[2] == ["乙", "3", "4"]
    assert document.blocks[-1].text == "后文。"


def test_it_reads_utf16_saved_by_windows_notepad(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("一、部门职责\r\n负责全区财政工作。\r\n".encode("utf-16"))
    document = read(path)
    assert [b.text for b in document.blocks] == ["一、部门职责", "负责全区财政工作。"]


def test_circled_numbers_and_chapters_are_heading_lines():
    document = parse_text("第一章 部门概况\n①本级情况\n①财政拨款收入100万元。\n")
    assert [b.kind for b in document.blocks] == ["heading", "heading", "paragraph"]


def test_columns_aligned_with_spaces_are_read_as_a_table():
    text = (
        "三、绩效自评表\n"
        "一级指标    二级指标    三级指标    年度指标值    实际完成值    分值    得分\n"
        "产出指标    数量指标    培训人数    100人    98人    10    9\n"
        "　　　　　　质量指标　　合格率　　95%　　97%　　10　　10\n"
        "本表由财务科填报。\n"
    )
    document = parse_text(text)
    assert [b.kind for b in document.blocks] == ["heading", "table", "paragraph"]
    grid = document.blocks[1].table.grid()
    assert grid[1] == ["产出指标", "数量指标", "培训人数", "100人", "98人", "10", "9"]
    assert grid[2][:3] == ["质量指标", "合格率", "95%"]


def test_a_spaced_out_line_without_numbers_is_text():
    text = (
        "单位名称：某局    联系人：某某    电话：见附件\n"
        "编制日期：三月    审核：某某    复核：某某\n"
    )
    assert [b.kind for b in parse_text(text).blocks] == ["paragraph", "paragraph"]


def test_a_running_head_repeated_on_every_page_is_dropped_after_the_cover():
    text = (
        "某县某局2023年度部门决算\n封面\f"
        "某县某局2023年度部门决算\n一、收入决算情况说明\n本年收入合计100万元，决算数大于年初\f"
        "某县某局2023年度部门决算\n预算数的主要原因是追加。\n第 3 页\f"
        "某县某局2023年度部门决算\n二、支出决算情况说明\n第 4 页\n"
    )
    texts = [b.text for b in parse_text(text).blocks]
    assert texts.count("某县某局2023年度部门决算") == 1
    assert texts[0] == "某县某局2023年度部门决算"
    assert "预算数的主要原因是追加。" in texts
