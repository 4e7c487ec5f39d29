import pytest

from ingest.document import Block, Cell, Document, Table
from ingest.extract.indicators import extract_indicators
from ingest.readers.text import parse_text, read

from ._seed_support import SEEDS, gold, needs_shared, seed_names

HEADER = "\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析"


def test_it_reads_rows_by_header_names_and_carries_merged_levels_down():
    text = "\n".join([
        HEADER,
        "\t产出指标\t数量指标\t培训人数\t100 人\t98 人\t10\t9\t部分学员缺席",
        "\t\t\t培训场次\t5 场\t5 场\t10\t10\t",
        "\t质量指标\t合格率\t95%\t97%\t10\t10\t",
        "总分\t\t\t\t\t100\t98\t",
    ])
    indicators = extract_indicators(parse_text(text))
    assert [(i.level1, i.level2, i.level3) for i in indicators] == [
        ("产出指标", "数量指标", "培训人数"),
        ("产出指标", "数量指标", "培训场次"),
        ("产出指标", "质量指标", "合格率"),
    ]
    first = indicators[0]
    assert (first.target, first.actual, first.weight, first.score, first.deviation) == (
        "100人", "98人", "10", "9", "部分学员缺席",
    )


def test_it_completes_truncated_level_names_from_the_framework():
    text = "\n".join([HEADER, "(20分)\t经济效益指\t产值增长\t5%\t6%\t5\t5\t"])
    indicator = extract_indicators(parse_text(text))[0]
    assert (indicator.level1, indicator.level2) == ("效益指标", "经济效益指标")


def test_it_reads_a_document_grid_with_merged_cells():
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"]
    header += ["分值", "得分", "偏差原因"]
    cells = [Cell(0, c, t) for c, t in enumerate(header)]
    cells += [Cell(1, 0, "产出指标", rowspan=2), Cell(1, 1, "数量指标", rowspan=2)]
    first = ["甲", "1", "1", "5", "5", ""]
    second = ["乙", "2", "1", "5", "3", "未完成"]
    cells += [Cell(1, c, t) for c, t in zip(range(2, 8), first, strict=True)]
    cells += [Cell(2, c, t) for c, t in zip(range(2, 8), second, strict=True)]
    document = Document(blocks=[Block(kind="table", page=3, table=Table(cells=cells, page=3))])
    indicators = extract_indicators(document)
    assert [(i.level1, i.level3, i.score, i.deviation, i.page) for i in indicators] == [
        ("产出指标", "甲", "5", "", 3), ("产出指标", "乙", "3", "未完成", 3),
    ]


def test_tables_without_an_indicator_header_give_nothing():
    assert extract_indicators(parse_text("项目\t决算数\n合计\t10.00\n")) == []


@needs_shared
@pytest.mark.parametrize("name", seed_names())
def test_it_reads_the_gold_indicators_of_the_seeds(name):
    indicators = extract_indicators(read(SEEDS / f"{name}.txt"))
    fields = ("level3", "target", "actual", "weight", "score")
    got = [tuple(getattr(i, f) for f in fields) for i in indicators]
    want = [tuple(x[f] for f in fields) for x in gold(name)["indicators"]]
    assert got == want


def test_it_follows_the_header_when_columns_come_in_another_order():
    text = "\n".join([
        "一级指标\t二级指标\t三级指标\t分值\t年度指标值\t实际完成值\t得分\t偏差原因\t改进措施",
        "产出指标\t时效指标\t按时完成率\t10\t100%\t90%\t8\t进度延误\t加强调度",
    ])
    indicator = extract_indicators(parse_text(text))[0]
    assert (indicator.level3, indicator.target, indicator.actual) == ("按时完成率", "100%", "90%")
    assert (indicator.weight, indicator.score, indicator.deviation) == ("10", "8", "进度延误")


def test_it_reads_a_two_row_header():
    top = ["一级指标", "二级指标", "三级指标", "指标值", "指标值", "分值", "得分", "偏差原因"]
    low = ["", "", "", "年度指标值", "实际完成值", "", "", ""]
    row = ["产出指标", "数量指标", "培训人数", "100人", "98人", "10", "9", ""]
    cells = [Cell(r, c, t) for r, texts in enumerate([top, low, row]) for c, t in enumerate(texts)]
    document = Document(blocks=[Block(kind="table", page=1, table=Table(cells=cells, page=1))])
    indicator = extract_indicators(document)[0]
    assert (indicator.target, indicator.actual, indicator.score) == ("100人", "98人", "9")


def test_a_level_one_name_printed_on_the_wrong_row_is_set_right_by_the_framework():
    text = "\n".join([
        HEADER,
        "\t产出指标\t数量指标\t任务数\t36项\t37项\t13\t13\t",
        "\t效益指标\t时效指标\t按时完成率\t100%\t100%\t13\t13\t",
        "\t\t社会效益指标\t覆盖率\t95%\t95%\t13\t13\t",
    ])
    levels = [(i.level1, i.level2) for i in extract_indicators(parse_text(text))]
    assert levels == [
        ("产出指标", "数量指标"), ("产出指标", "时效指标"), ("效益指标", "社会效益指标"),
    ]


# --- header wordings of other regions (invented rows) --------------------------


@pytest.mark.parametrize("header", [
    "一级指标\t二级指标\t三级指标\t预期目标\t实际完成情况\t权重\t自评得分\t未完成原因",
    "一级指标\t二级指标\t指标名称\t年度目标值\t完成值\t分值\t得分\t偏差原因分析及改进措施",
    "一级指标\t二级指标\t三级指标\t指标值\t实际值\t权重（%）\t评分\t偏差原因",
    "一级指标\t二级指标\t具体指标\t年度指标值\t全年实际完成值\t分值\t评分\t原因分析",
    "一级\t二级\t三级\t年度指标值\t实际完成值\t分值\t得分\t偏差原因",
])
def test_header_synonyms_put_each_cell_in_its_field(header):
    text = "\n".join([
        header,
        "产出指标\t数量指标\t培训人数\t100人\t98人\t10\t9\t部分缺席",
        "\t\t培训场次\t5场\t5场\t10\t10\t",
        "效益指标\t社会效益指标\t群众知晓率\t≥90%\t92%\t20\t20\t",
        "合计\t\t\t\t\t100\t98\t",
        "说明\t本表后的文字\t不是指标\t1\t2\t3\t4\t",
    ])
    found = [(i.level1, i.level2, i.level3, i.target, i.actual, i.weight, i.score, i.deviation)
             for i in extract_indicators(parse_text(text))]
    assert found == [
        ("产出指标", "数量指标", "培训人数", "100人", "98人", "10", "9", "部分缺席"),
        ("产出指标", "数量指标", "培训场次", "5场", "5场", "10", "10", ""),
        ("效益指标", "社会效益指标", "群众知晓率", "≥90%", "92%", "20", "20", ""),
    ]


def test_a_scoring_rule_column_is_not_the_score():
    text = "\n".join([
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t评分标准\t得分\t偏差原因",
        "产出指标\t数量指标\t培训人数\t100人\t98人\t10\t按比例扣分\t9\t",
    ])
    [indicator] = extract_indicators(parse_text(text))
    assert (indicator.weight, indicator.score) == ("10", "9")


def test_the_whole_department_framework_keeps_its_short_level_names():
    text = "\n".join([
        "一级指标\t二级指标\t三级指标\t分值\t年度指标值\t实际完成值\t得分\t偏差原因",
        "投入\t预算配置\t财政供养人员控制率\t5\t≤100%\t98%\t5\t",
        "\t\t三公经费变动率\t5\t≤0\t-5%\t5\t",
        "过程\t预算执行\t预算完成率\t10\t100%\t97%\t9\t部分项目未实施",
        "产出\t职责履行\t实际完成率\t20\t100%\t100%\t20\t",
        "总分\t\t\t100\t\t\t92\t",
    ])
    found = [(i.level1, i.level2, i.level3, i.weight, i.score)
             for i in extract_indicators(parse_text(text))]
    assert found == [
        ("投入", "预算配置", "财政供养人员控制率", "5", "5"),
        ("投入", "预算配置", "三公经费变动率", "5", "5"),
        ("过程", "预算执行", "预算完成率", "10", "9"),
        ("产出", "职责履行", "实际完成率", "20", "20"),
    ]


# --- layouts of other regions' 自评表 (invented rows) ------------------------------


def _grid(rows):
    cells = [Cell(r, c, t) for r, texts in enumerate(rows) for c, t in enumerate(texts)]
    return Document(blocks=[Block(kind="table", page=1, table=Table(cells=cells, page=1))])


NO_WEIGHT_ROWS = [
    ["一级指标", "二级指标", "三级指标", "年初目标值", "实际完成值", "得分"],
    ["产出指标", "数量指标", "巡查次数", "400", "412", "20"],
    ["", "", "整改户数", "60", "57", "18"],
    ["满意度指标", "服务对象满意度指标", "商户满意度", "90", "92", "10"],
    ["合计", "", "", "", "", "48"],
]


@pytest.mark.parametrize("document", [
    _grid(NO_WEIGHT_ROWS),
    parse_text("\n".join("\t".join(row) for row in NO_WEIGHT_ROWS)),
], ids=["grid", "text"])
def test_a_table_without_a_weight_column_reads_the_number_before_the_score_as_the_actual(
    document,
):
    found = [(i.level1, i.level2, i.level3, i.target, i.actual, i.weight, i.score)
             for i in extract_indicators(document)]
    assert found == [
        ("产出指标", "数量指标", "巡查次数", "400", "412", "", "20"),
        ("产出指标", "数量指标", "整改户数", "60", "57", "", "18"),
        ("满意度指标", "服务对象满意度指标", "商户满意度", "90", "92", "", "10"),
    ]


def test_a_row_left_unscored_keeps_its_weight_as_the_weight_never_as_the_score():
    document = _grid([
        HEADER.split("\t")[1:],
        ["产出指标", "数量指标", "发放人数", "300", "310", "30", "", ""],
        ["", "质量指标", "发放准确率", "100%", "100%", "30", "30", ""],
    ])
    found = [(i.level3, i.target, i.actual, i.weight, i.score)
             for i in extract_indicators(document)]
    assert found == [
        ("发放人数", "300", "310", "30", ""), ("发放准确率", "100%", "100%", "30", "30"),
    ]


def test_a_target_printed_as_sign_number_and_unit_columns_is_read_whole():
    document = _grid([
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重",
         "得分", "未完成原因分析"],
        ["产出指标", "数量指标", "送戏下乡场次", "≥", "40", "场", "43", "50", "50", ""],
        ["效益指标", "社会效益指标", "群众参与率", "=", "100", "%", "96", "40", "38", "雨季停演"],
        ["", "", "长效机制", "定性", "健全", "", "健全", "10", "10", ""],
    ])
    found = [(i.level3, i.target, i.actual, i.weight, i.score)
             for i in extract_indicators(document)]
    assert found == [
        ("送戏下乡场次", "≥40场", "43场", "50", "50"),
        ("群众参与率", "=100%", "96%", "40", "38"),
        ("长效机制", "健全", "健全", "10", "10"),
    ]


def test_the_whole_department_framework_printed_with_its_points_keeps_its_short_names():
    text = "\n".join([
        "一级指标\t二级指标\t三级指标\t分值\t评分标准\t得分",
        "投入（20分）\t预算配置（10分）\t在职人员控制率\t10\t超编不得分\t10",
        "产出（30分）\t职责履行（30分）\t重点工作完成率\t30\t按比例得分\t28",
        "效益（20分）\t履职效益（20分）\t社会效益\t20\t酌情扣分\t18",
        "合计\t\t\t100\t\t56",
    ])
    found = [(i.level1, i.level2, i.level3, i.weight, i.score)
             for i in extract_indicators(parse_text(text))]
    assert found == [
        ("投入", "预算配置", "在职人员控制率", "10", "10"),
        ("产出", "职责履行", "重点工作完成率", "30", "28"),
        ("效益", "履职效益", "社会效益", "20", "18"),
    ]


UNIT_TABLE = [
    "单位名称\t某县水利局",
    HEADER,
    "\t产出指标\t数量指标\t巡堤次数\t120次\t126次\t50\t50\t",
    "\t满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\t95%\t50\t48\t",
    "总分\t\t\t\t\t\t100\t98\t",
]
PROJECT_TABLE = [
    "项目名称\t小型水库除险加固",
    "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
    "年度资金总额\t200\t240\t236\t10\t98.33%\t9.83",
    HEADER,
    "\t产出指标\t数量指标\t加固水库座数\t3座\t3座\t90\t90\t",
    "总分\t\t\t\t\t\t100\t99.83\t",
]


@pytest.mark.parametrize("caption", ["附件2：2024年度项目支出绩效自评表", ""])
def test_a_projects_indicators_appended_to_a_whole_department_report_are_not_the_units(
    caption,
):
    text = "\n".join([
        "某县水利局2024年度部门整体支出绩效自评报告", "一、基本情况", "本局共有编制20人。",
        "附件1：2024年度部门整体支出绩效自评表", *UNIT_TABLE, "", caption, *PROJECT_TABLE,
    ])
    assert [i.level3 for i in extract_indicators(parse_text(text))] == ["巡堤次数", "群众满意度"]


def test_a_sheet_of_a_whole_department_report_gives_no_indicators_of_its_project_tables():
    rows = [r.split("\t") for r in [
        "某县水利局2024年度部门整体支出绩效自评报告", "本局按要求开展了自评。",
        "附件：项目支出绩效自评表", *PROJECT_TABLE]]
    assert extract_indicators(_grid(rows)) == []



def test_a_level_one_cell_across_the_level_two_column_gives_no_level_two():
    header = HEADER.split("\t")[1:]
    cells = [Cell(0, c, t) for c, t in enumerate(header)]
    cells += [Cell(1, c, t) for c, t in enumerate(
        ["产出指标", "数量指标", "演出场次", "≥40场", "42场", "90", "90", ""])]
    cells += [Cell(2, 0, "满意度指标", colspan=2)]
    second = ["观众满意度", "≥90%", "92%", "10", "10", ""]
    cells += [Cell(2, c, t) for c, t in zip(range(2, 8), second, strict=True)]
    document = Document(blocks=[Block(kind="table", page=1, table=Table(cells=cells, page=1))])
    found = [(i.level1, i.level2, i.level3) for i in extract_indicators(document)]
    assert found == [("产出指标", "数量指标", "演出场次"), ("满意度指标", "", "观众满意度")]


def test_the_short_framework_is_known_when_the_header_stands_alone_in_its_own_grid():
    """A PDF grid broken right after the header gives the rows as a second table."""
    header = _grid([["一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分"]])
    body = _grid([
        ["投入（20分）", "预算配置（20分）", "在职人员控制率", "20", "超编不得分", "20"],
        ["产出（50分）", "职责履行（50分）", "重点工作完成率", "50", "按比例得分", "47"],
        ["效益（30分）", "履职效益（30分）", "社会效益", "30", "酌情扣分", "27"],
    ])
    document = Document(blocks=[*header.blocks, *body.blocks])
    assert [i.level1 for i in extract_indicators(document)] == ["投入", "产出", "效益"]


def test_a_text_dump_row_left_unscored_is_left_out_rather_than_read_shifted():
    """A dump that lost the empty cells cannot say where a blank 得分 was: read from the
    right, the actual would become the 分值 and a level name the 三级 name."""
    text = "\n".join([
        "  一级指标    二级指标        三级指标          年度指标值     实际完成值     分值   得分",
        "  产出指标    数量指标        低保发放人数      300            310            30",
        "                              临时救助人次      ≥50人次        56人次         20     20",
        "              质量指标        发放准确率        30             31             20",
        "  满意度指标  服务对象满意度  群众满意度        ≥90%           95%            30     30",
    ])
    found = [(i.level3, i.target, i.actual, i.weight, i.score)
             for i in extract_indicators(parse_text(text))]
    assert found == [("临时救助人次", "≥50人次", "56人次", "20", "20"),
                     ("群众满意度", "≥90%", "95%", "30", "30")]


@pytest.mark.parametrize(("title", "want"), [
    ("某县水利局2024年度部门决算", []),
    ("某县水利局2024年度小型水库除险加固项目支出绩效自评报告", ["加固水库座数"]),
])
def test_a_projects_indicators_are_only_the_files_own_in_that_projects_report(title, want):
    """A 决算 appending a project's 自评表 does not make the project's indicators the
    unit's; a file that is the project's own report gives them."""
    text = "\n".join([title, "一、基本情况", "本局共有编制20人。", *PROJECT_TABLE])
    assert [i.level3 for i in extract_indicators(parse_text(text))] == want


@pytest.mark.parametrize("weight", ["标准分", "满分"])
def test_a_weight_column_headed_as_the_full_marks_is_the_weight(weight):
    text = "\n".join([
        f"一级指标\t二级指标\t三级指标\t年度目标值\t实际完成值\t{weight}\t自评得分",
        "产出指标\t数量指标\t巡查次数\t400次\t412次\t20\t20",
        "\t\t整改户数\t60户\t57户\t20\t18",
    ])
    found = [(i.level3, i.actual, i.weight, i.score)
             for i in extract_indicators(parse_text(text))]
    assert found == [("巡查次数", "412次", "20", "20"), ("整改户数", "57户", "20", "18")]


def test_a_target_table_without_a_score_column_gives_no_score():
    """A budget's 绩效目标表 prints targets and 分值 only: its numbers are never 得分."""
    text = "\n".join([
        "一级指标\t二级指标\t三级指标\t指标值\t分值",
        "产出指标\t数量指标\t巡查次数\t400\t20",
        "投入\t预算配置\t在职人员控制率\t100\t20",
    ])
    assert [i.score for i in extract_indicators(parse_text(text))] == []


def test_a_list_of_projects_amounts_headed_by_their_names_is_no_projects_self_evaluation():
    """项目名称 | 金额 heads a list, not a project's form: the unit's indicators after it stay."""
    text = "\n".join([
        "某县水利局2024年度部门整体支出绩效自评报告", "一、基本情况", "本局共有编制20人。",
        "项目名称\t金额", "防汛物资采购\t20.00", "本局各项指标完成情况如下。",
        *UNIT_TABLE[1:],
    ])
    assert [i.level3 for i in extract_indicators(parse_text(text))] == ["巡堤次数", "群众满意度"]


@pytest.mark.parametrize("document", [
    parse_text("\n".join([
        HEADER,
        "\t产出指标\t数量指标\t巡查次数\t400次\t412次\t20分\t20分\t",
        "\t\t\t整改户数\t60户\t57户\t20分\t18分\t",
    ])),
    parse_text("\n".join([
        HEADER,
        "\t产出指标\t数量指标\t巡查次数\t400次\t412次\t20分\t20分",
        "\t整改户数\t60户\t57户\t20分\t18分",
    ])),
], ids=["aligned", "lost-cells"])
def test_weights_and_scores_printed_with_their_unit_are_read_as_their_numbers(document):
    found = [(i.level3, i.weight, i.score) for i in extract_indicators(document)]
    assert found == [("巡查次数", "20", "20"), ("整改户数", "20", "18")]


def test_a_text_row_shifted_left_with_a_stray_trailing_cell_is_not_read_as_unscored():
    """As many cells as the header, but one lost at the left and one added at the end: the
    3人 under 三级指标 shows the row is shifted, so it is read from the right."""
    text = "\n".join([
        "\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析",
        "\t产出指标\t数量指标\t引进人才数\t3人\t3人\t5\t5\t",
        "\t\t培训人数\t30人\t32人\t5\t5\t\t",
    ])
    found = [(i.level3, i.target, i.actual, i.weight, i.score)
             for i in extract_indicators(parse_text(text))]
    assert found == [("引进人才数", "3人", "3人", "5", "5"), ("培训人数", "30人", "32人", "5", "5")]
