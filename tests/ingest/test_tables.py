"""The statement-table extractor works from any reader's Table grid."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from core.contract import ParsedRow
from ingest.document import Block, Cell, Document, Table
from ingest.extract.tables import extract_tables

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REAL_REPORT = SHARED / "corpus" / "final2024_putuo_caizhengju_dept.pdf"
GOLD = SHARED / "gold" / "final2024_putuo_caizhengju_dept.json"


def table_of(
    rows: list[list[str]],
    *,
    title: str = "支出决算表",
    unit: str = "单位：万元",
    merged: Sequence[tuple[int, int, int, int]] = (),
) -> Table:
    """A Table from plain rows; ``merged`` gives (row, col, rowspan, colspan) areas."""
    hidden = {
        (r + i, c + j)
        for r, c, rs, cs in merged
        for i in range(rs)
        for j in range(cs)
        if (i, j) != (0, 0)
    }
    spans = {(r, c): (rs, cs) for r, c, rs, cs in merged}
    cells = [
        Cell(r, c, text, *spans.get((r, c), (1, 1)))
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
        if (r, c) not in hidden
    ]
    return Table(cells=cells, page=3, title=title, unit=unit, pages=[3])


def extract(*tables: Table) -> list:
    return extract_tables(
        Document(blocks=[Block(kind="table", page=t.page, table=t) for t in tables])
    )


def test_it_labels_values_with_the_header_path_and_joins_split_codes() -> None:
    table = table_of(
        [
            ["项目", "", "", "", "本年支出合计", "基本支出"],
            ["科目编码", "", "", "科目名称", "", ""],
            ["类", "款", "项", "", "", ""],
            ["", "", "", "合计", "2,940.05", "2,336.91"],
            ["201", "06", "01", "行政 运行", "1,511.89", ""],
        ],
        merged=[(0, 0, 1, 4), (1, 0, 1, 3), (1, 3, 2, 1), (0, 4, 3, 1), (0, 5, 3, 1)],
    )

    [parsed] = extract(table)

    assert parsed.title == "支出决算表"
    assert parsed.page == 3
    assert parsed.rows == [
        ParsedRow(
            code=None, name="合计", values={"本年支出合计": "2940.05", "基本支出": "2336.91"}
        ),
        ParsedRow(code="2010601", name="行政运行", values={"本年支出合计": "1511.89"}),
    ]


def test_it_gives_all_left_side_rows_before_the_right_side_of_a_two_sided_table() -> None:
    table = table_of(
        [
            ["收入", "", "支出", ""],
            ["项目", "决算数", "项目", "决算数"],
            ["一、财政拨款收入", "100.00", "一、一般公共服务支出", "90.00"],
            ["", "", "二、外交支出", ""],
            ["总计", "100.00", "总计", "100.00"],
        ],
        title="收入支出决算总表",
        merged=[(0, 0, 1, 2), (0, 2, 1, 2)],
    )

    [parsed] = extract(table)

    assert [(r.name, r.values) for r in parsed.rows] == [
        ("一、财政拨款收入", {"收入/决算数": "100.00"}),
        ("总计", {"收入/决算数": "100.00"}),
        ("一、一般公共服务支出", {"支出/决算数": "90.00"}),
        ("二、外交支出", {}),
        ("总计", {"支出/决算数": "100.00"}),
    ]
    assert all(r.code is None for r in parsed.rows)


def test_it_reads_a_code_printed_inside_the_name_cell() -> None:
    table = table_of(
        [["科目名称", "决算数"], ["30101基本工资", "262.33"], ["201 06 01 行政运行", "1.00"]],
        title="一般公共预算财政拨款基本支出决算表",
    )

    [parsed] = extract(table)

    assert [(r.code, r.name) for r in parsed.rows] == [
        ("30101", "基本工资"),
        ("2010601", "行政运行"),
    ]


def test_it_converts_amounts_printed_in_yuan_to_wanyuan() -> None:
    table = table_of(
        [["项目", "预算数"], ["一、财政拨款收入", "91,016,775.35"], ["二、事业收入", "0.00"]],
        title="2025年部门财务收支预算总表",
        unit="单位：元",
    )

    [parsed] = extract(table)

    assert parsed.rows[0].values == {"预算数": "9101.677535"}
    assert parsed.rows[1].values == {"预算数": "0"}


def test_it_names_a_row_without_a_name_cell_with_an_empty_string() -> None:
    table = table_of(
        [
            ["财政拨款“三公”经费", "", "", ""],
            ["合计", "", "公务接待费", ""],
            ["预算数", "决算数", "预算数", "决算数"],
            ["0.95", "", "0.95", ""],
        ],
        title="财政拨款“三公”经费支出决算表",
        merged=[(0, 0, 1, 4), (1, 0, 1, 2), (1, 2, 1, 2)],
    )

    [parsed] = extract(table)

    assert parsed.rows == [
        ParsedRow(
            code=None,
            name="",
            values={
                "财政拨款“三公”经费/合计/预算数": "0.95",
                "财政拨款“三公”经费/公务接待费/预算数": "0.95",
            },
        )
    ]


def test_it_gives_no_rows_for_a_table_printed_empty() -> None:
    table = table_of(
        [["科目编码", "科目名称", "本年收入", "本年支出"], ["", "合计", "", ""]],
        title="政府性基金预算财政拨款收入支出决算表",
    )

    [parsed] = extract(table)

    assert parsed.rows == []


def test_it_leaves_out_tables_that_are_not_statements() -> None:
    units = table_of(
        [["序号", "单位名称", "备注"], ["1", "上海市某局（本级）", ""]], title="", unit=""
    )

    assert extract(units) == []


@pytest.mark.skipif(not REAL_REPORT.exists(), reason=f"shared corpus not beside the repo: {SHARED}")
def test_it_reproduces_the_gold_tables_of_the_real_final_account() -> None:
    from ingest.readers.pdf import read

    gold = json.loads(GOLD.read_text(encoding="utf-8"))["tables"]

    parsed = extract_tables(read(REAL_REPORT))

    got = [
        {
            "title": t.title,
            "rows": [{"code": r.code, "name": r.name, "values": r.values} for r in t.rows],
        }
        for t in parsed
    ]
    assert got == gold


def test_it_reads_title_and_unit_printed_as_the_first_rows_of_the_grid() -> None:
    table = table_of(
        [
            ["一般公共预算支出表", "", ""],
            ["单位：元", "", ""],
            ["科目编码", "科目名称", "合计"],
            ["栏次", "", "1"],
            ["2010301", "行政运行", "12,029,501.84"],
        ],
        title="",
        unit="",
        merged=[(0, 0, 1, 3), (1, 0, 1, 3)],
    )
    document = Document(blocks=[Block(kind="table", page=3, table=table)])

    [parsed] = extract_tables(document)

    assert parsed.title == "一般公共预算支出表"
    assert parsed.rows == [
        ParsedRow(code="2010301", name="行政运行", values={"合计": "1202.950184"})
    ]
    assert any("万元" in w for w in document.warnings)


def test_it_takes_the_code_from_a_column_headed_like_the_names() -> None:
    table = table_of(
        [["项目", "", "决算数"], ["201", "一般公共服务支出", "10.00"]],
        merged=[(0, 0, 1, 2)],
    )

    [parsed] = extract(table)

    assert parsed.rows == [
        ParsedRow(code="201", name="一般公共服务支出", values={"决算数": "10.00"})
    ]


def test_it_pads_a_one_digit_kuan_printed_in_its_own_column() -> None:
    """Spreadsheet exports drop the 0 of 款 02: 301 | 2 is 30102, not a four-digit code."""
    table = table_of(
        [
            ["经济分类科目编码", "", "经济分类科目名称", "合计"],
            ["类", "款", "", ""],
            ["301", "", "工资福利支出", "30"],
            ["301", "2", "津贴补贴", "10"],
            ["301", "07", "绩效工资", "20"],
        ],
        title="一般公共预算基本支出部门预算经济分类预算表",
        merged=[(0, 0, 1, 2), (0, 2, 2, 1), (0, 3, 2, 1)],
    )
    (parsed,) = extract(table)
    assert [r.code for r in parsed.rows] == ["301", "30102", "30107"]


def test_it_gives_no_rows_for_a_table_marked_none() -> None:
    """An empty 政府性基金 table printing 无 in its first row and a blank 合计 has no rows."""
    table = table_of(
        [
            ["科目编码", "", "", "科目名称", "合计"],
            ["类", "款", "项", "", ""],
            ["无", "", "", "", ""],
            ["", "", "", "", ""],
            ["合计", "", "", "", ""],
        ],
        title="政府性基金预算支出功能分类预算表",
        merged=[(0, 0, 1, 3), (0, 3, 2, 1), (0, 4, 2, 1), (4, 0, 1, 4)],
    )
    (parsed,) = extract(table)
    assert parsed.rows == []


def test_it_completes_codes_printed_one_level_per_row() -> None:
    """类 | 款 | 项 columns filled only at each row's own level: 06 under 201 is 20106."""
    table = table_of(
        [
            ["科目编码", "", "", "科目名称", "合计"],
            ["类", "款", "项", "", ""],
            ["201", "", "", "一般公共服务支出", "30"],
            ["", "06", "", "财政事务", "30"],
            ["", "", "01", "行政运行", "10"],
            ["", "", "99", "其他财政事务支出", "20"],
            ["208", "", "", "社会保障和就业支出", "5"],
            ["", "05", "", "行政事业单位养老支出", "5"],
            ["", "", "05", "机关事业单位基本养老保险缴费支出", "5"],
        ],
        merged=[(0, 0, 1, 3), (0, 3, 2, 1), (0, 4, 2, 1)],
    )
    (parsed,) = extract(table)
    assert [r.code for r in parsed.rows] == [
        "201",
        "20106",
        "2010601",
        "2010699",
        "208",
        "20805",
        "2080505",
    ]


def test_it_reads_full_codes_printed_in_each_level_column() -> None:
    """类 201 | 款 20106 | 项 2010601: each column holds its level's whole code."""
    table = table_of(
        [
            ["科目编码", "", "", "科目名称", "合计"],
            ["类", "款", "项", "", ""],
            ["201", "", "", "一般公共服务支出", "30"],
            ["201", "20106", "", "财政事务", "30"],
            ["201", "20106", "2010601", "行政运行", "30"],
        ],
        merged=[(0, 0, 1, 3), (0, 3, 2, 1), (0, 4, 2, 1)],
    )
    (parsed,) = extract(table)
    assert [r.code for r in parsed.rows] == ["201", "20106", "2010601"]


def test_a_self_evaluation_table_without_a_title_is_no_statement_table() -> None:
    """Its 年度资金总额 row under 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 得分 reads like
    amounts, but a statement never scores: the indicator rows below it are no rows of one."""
    sheet = table_of(
        [
            ["单位名称", "某县某局", "", "", "", "", ""],
            ["年度预算申请（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
             "得分"],
            ["年度资金总额", "512.00", "530.40", "528.10", "10", "99.57%", "9.96"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "巡查次数", "400次", "412次", "20", "20"],
        ],
        title="", unit="",
    )

    assert extract(sheet) == []


def test_a_group_column_beside_the_names_gives_way_to_the_names_of_its_rows() -> None:
    # 项目名称 is printed over both columns; the reader saw it over the first alone.
    table = table_of(
        [
            ["项目名称", "", "金额"],
            ["收入总计", "", "1,300.00"],
            ["一般公共预算资金", "小计", "1,300.00"],
            ["", "公共财政拨款（补助）资金", "1,200.00"],
            ["", "专项收入", "100.00"],
            ["政府性基金", "小计", ""],
        ],
        title="收入预算总表",
        merged=[(1, 0, 1, 2), (2, 0, 3, 1)],
    )
    (parsed,) = extract(table)
    assert [(row.name, row.values) for row in parsed.rows] == [
        ("收入总计", {"金额": "1300.00"}), ("小计", {"金额": "1300.00"}),
        ("公共财政拨款（补助）资金", {"金额": "1200.00"}), ("专项收入", {"金额": "100.00"}),
        ("小计", {})]
