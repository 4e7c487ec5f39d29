import pytest

from ingest.extract.identity import extract_identity
from ingest.readers.text import parse_text, read
from tests.workbooks import exported_final_accounts

from ._seed_support import SEEDS, gold, needs_shared, seed_names


def identity(text):
    return extract_identity(parse_text(text))


def test_it_reads_a_final_account_title():
    result = identity("上海市某某区财政局\n2024年度部门决算\n目 录\n一、主要职能\n")
    assert (result.kind, result.department, result.fiscal_year) == (
        "final_accounts", "上海市某某区财政局", 2024,
    )


def test_a_budget_is_never_taken_for_a_final_account():
    text = (
        "上海市某某区2025年区级部门预算\n预算主管部门：上海市某某区司法局\n目 录\n"
        "一、部门主要职能\n2023年决算数为100万元。\n部门决算情况见附表。\n"
    )
    result = identity(text)
    assert (result.kind, result.department, result.fiscal_year) == (
        "budget", "上海市某某区司法局", 2025,
    )


def test_a_final_account_with_a_performance_appendix_stays_a_final_account():
    text = "2020年度\n某市某区科技局部门决算\n第五部分 附件\n某区科技局整体支出绩效自评报告\n"
    assert identity(text).kind == "final_accounts"


def test_it_reads_the_unit_name_field_without_prefix_or_spaces():
    text = (
        "单位名称（盖章）： 某市某区科技和工业信息化局   \n"
        "一、基本情况\n2024年度整体支出绩效目标\n"
    )
    result = identity(text)
    assert result.department == "某市某区科技和工业信息化局"


def test_the_signing_date_does_not_change_the_fiscal_year():
    text = (
        "2023年度部门整体支出绩效自评报告\n"
        "部门（单位）名称：某市科学技术局\n2024 年 5 月 15 日\n"
    )
    result = identity(text)
    assert (result.kind, result.fiscal_year) == ("performance_evaluation", 2023)


def test_a_template_with_placeholders_gives_warnings():
    result = identity("上海市 XX 局\n2024 年度部门决算\n目 录\n")
    assert result.department == "上海市XX局"
    assert any("占位符" in w for w in result.warnings)


@needs_shared
@pytest.mark.parametrize("name", seed_names())
def test_it_identifies_the_seed_reports(name):
    result = extract_identity(read(SEEDS / f"{name}.txt"))
    want = gold(name)
    assert (result.kind, result.department, result.fiscal_year) == (
        want["kind"], want["department"], want["fiscal_year"],
    )


def test_a_file_of_tables_only_is_named_by_its_table_titles():
    from ingest.document import Block, Cell, Document, Table

    table = Table(cells=[Cell(0, 0, "一级指标")], page=1, title="部门整体支出绩效自评表")
    document = Document(blocks=[
        Block(kind="paragraph", page=1, text="编制单位：某市某区科学技术局"),
        Block(kind="paragraph", page=1, text="2024年度"),
        Block(kind="table", page=1, table=table),
    ])
    result = extract_identity(document)
    assert (result.kind, result.department, result.fiscal_year) == (
        "performance_evaluation", "某市某区科学技术局", 2024,
    )


def test_a_self_evaluation_naming_the_final_account_it_evaluates_stays_an_evaluation():
    text = "某市某局2023年度部门决算整体支出绩效自评报告\n一、部门基本情况\n"
    assert identity(text).kind == "performance_evaluation"


def test_a_text_that_is_no_report_is_refused():
    from ingest.errors import NotAReportError

    with pytest.raises(NotAReportError):
        identity("春眠不觉晓，处处闻啼鸟。\n夜来风雨声，花落知多少。\n")


def test_a_cover_may_print_the_unit_on_its_own_line_after_the_title():
    result = identity("2023年度部门决算\n某市统计局\n目 录\n一、部门职责\n")
    assert (result.kind, result.department, result.fiscal_year) == (
        "final_accounts", "某市统计局", 2023,
    )


# --- regional wordings (invented titles) ---------------------------------------


@pytest.mark.parametrize("text", [
    "部门名称：某县农业农村局\n二〇二三年度部门决算\n一、部门基本情况\n",
    "编报单位：某县农业农村局\n二○二三年度部门决算\n一、部门基本情况\n",
    "某县农业农村局\n二零二三年度部门决算\n目录\n第一部分 部门概况\n",
    "某县农业农村局2023年度部门决算公开说明\n一、部门基本情况\n",
    "某县农业农村局关于2023年度部门决算的说明\n一、部门基本情况\n",
    "某县农业农村局\n2023年度\n部门决算\n一、部门基本情况\n",
])
def test_final_account_titles_across_regions(text):
    result = identity(text)
    assert (result.kind, result.department, result.fiscal_year) == (
        "final_accounts", "某县农业农村局", 2023)


def test_a_unit_final_account_is_a_final_account():
    result = identity("2023年度某县水利局所属水文站（本级）单位决算\n一、单位基本情况\n")
    assert (result.kind, result.department, result.fiscal_year) == (
        "final_accounts", "某县水利局所属水文站", 2023)


@pytest.mark.parametrize("text", [
    "某县卫生健康局2023年度部门整体支出绩效自评报告\n一、部门基本情况\n",
    "某县卫生健康局2023年度整体支出绩效评价报告\n一、部门基本情况\n",
    "某县卫生健康局部门整体绩效自评\n（2023年度）\n一、部门基本情况\n",
    "部门（单位）：某县卫生健康局\n2023年度部门整体支出绩效自评报告\n一、基本情况\n",
])
def test_performance_self_evaluation_titles(text):
    result = identity(text)
    assert (result.kind, result.department, result.fiscal_year) == (
        "performance_evaluation", "某县卫生健康局", 2023)


def test_a_budget_with_a_chinese_numeral_year_stays_a_budget():
    text = "某区民政局二〇二四年部门预算\n一、基本情况\n说明2022年度决算执行情况。\n"
    result = identity(text)
    assert (result.kind, result.department, result.fiscal_year) == ("budget", "某区民政局", 2024)


@pytest.mark.parametrize(
    "marker", ["（汇总）", "（含下属单位）", "（本级，不含下属单位）", "（机关）"])
def test_a_consolidated_marker_after_the_name_is_not_part_of_it(marker):
    result = identity(f"某县教育局{marker}\n2023年度部门决算\n一、部门基本情况\n")
    assert result.department == "某县教育局"


# --- names printed in fields, on the cover or over the tables ---------------------------


def _tables_only(*captions, titles=("收支预算总表",), text=("公开表一",)):
    """A file of tables only: each table carries the caption lines printed over it."""
    from ingest.document import Block, Cell, Document, Table

    blocks = [Block(kind="paragraph", page=1, text=line) for line in text]
    for page, title in enumerate(titles, start=1):
        table = Table(cells=[Cell(0, 0, "项目"), Cell(0, 1, "金额")], page=page, title=title,
                      unit="单位：万元", captions=list(captions))
        blocks.append(Block(kind="table", page=page, table=table))
    return Document(blocks=blocks, page_count=len(titles))


def test_a_tables_only_file_is_named_by_the_department_line_over_its_tables():
    document = _tables_only("部门：      某省某某委员会办公厅                 单位：万元",
                            titles=("2019年收支预算总表", "2019年财政拨款收支预算总表"))
    result = extract_identity(document)
    assert (result.kind, result.department, result.fiscal_year, result.scope) == (
        "budget", "某省某某委员会办公厅", 2019, "department")


@pytest.mark.parametrize("line", [
    "部门：某省某某委员会办公厅 单位：万元",
    "编制单位：某省某某委员会办公厅 金额单位：万元",
    "编制部门：某省某某委员会办公厅 单位:元",
    "单位名称（盖章）：某省某某委员会办公厅",
    "预算单位（公章）： 某 省 某 某 委 员 会 办 公 厅",
    "填报单位：某省某某委员会办公厅 填报日期：2020年3月1日",
])
def test_a_field_gives_the_name_without_its_label_seal_spaces_or_unit(line):
    assert extract_identity(_tables_only(line)).department == "某省某某委员会办公厅"


def test_a_blank_unit_name_field_is_no_name():
    text = "单位名称：           单位：万元\n某某大学2023年度部门决算\n一、学校概况\n"
    assert identity(text).department == "某某大学"
    blank = _tables_only("单位名称：                单位：万元", titles=("2023年收入决算表",))
    assert extract_identity(blank).department == ""


def test_a_name_cut_short_in_one_place_is_read_in_full_from_another():
    document = _tables_only("部门：某省某某委员会办 单位：万元",
                            "部门：某省某某委员会办公厅 单位：万元")
    assert extract_identity(document).department == "某省某某委员会办公厅"
    text = "部门：某省某某委员会办\n某省某某委员会办公厅2019年度部门预算\n一、主要职能\n"
    assert identity(text).department == "某省某某委员会办公厅"


def test_a_label_inside_a_sentence_is_no_field():
    text = "某县水利局\n2023年度部门决算\n一、部门职责\n本部门：负责全县水利工作。\n"
    assert identity(text).department == "某县水利局"


def test_a_running_head_names_a_report_whose_first_pages_print_no_title():
    from ingest.document import Block, Document

    notes = "\n".join(f"（{n}）2023年度收入合计{n}00万元，较上年增加{n}万元。"
                      for n in range(1, 70))
    blocks = [Block(kind="paragraph", page=1, text=notes)] + [
        Block(kind="paragraph", page=n, text=f"某县民政局2023年度部门决算\n第{n}页正文。")
        for n in range(2, 6)
    ]
    assert extract_identity(Document(blocks=blocks, page_count=5)).department == "某县民政局"


# --- scope: the department consolidated, or one unit on its own -------------------------


@pytest.mark.parametrize(("text", "scope"), [
    ("上海市某某区2025年区级部门预算\n预算主管部门：上海市某某区司法局\n目 录\n", "department"),
    ("上海市某某区2025年区级单位预算\n预算单位：上海市某某区司法局\n目 录\n", "unit"),
    ("某县教育局\n2023年度部门决算\n一、部门基本情况\n", "department"),
    ("某县教育局\n2023年度单位决算\n一、单位基本情况\n", "unit"),
    ("某县教育局（本级）\n2023年度部门决算\n一、基本情况\n", "unit"),
    ("某县教育局所属二级单位2023年度决算\n一、基本情况\n", "unit"),
    ("某县教育局2023年度部门决算（含本级及所属单位）\n一、基本情况\n", "department"),
    ("某县教育局2023年度决算\n一、基本情况\n", "department"),
])
def test_the_scope_is_read_from_the_title(text, scope):
    assert identity(text).scope == scope


def test_a_unit_named_with_a_bare_benji_is_named_without_it():
    result = identity("某区总工会本级2024年度决算公开说明\n一、单位基本情况\n")
    assert (result.department, result.scope) == ("某区总工会", "unit")


def test_a_tables_only_file_takes_its_scope_from_its_table_titles():
    unit = _tables_only("编制单位：某区司法局 单位：元",
                        titles=("2026年预算单位财务收支预算总表", "2026年预算单位收入预算总表"))
    department = _tables_only("编制部门：某区司法局 单位：元",
                              titles=("2026年部门财务收支预算总表", "2026年部门收入预算总表"))
    assert (extract_identity(unit).scope, extract_identity(department).scope) == (
        "unit", "department")


def test_the_parsed_report_carries_the_scope_into_the_contract():
    from ingest.extract import extract_report

    text = "上海市某某区2025年区级单位预算\n预算单位：上海市某某区司法局\n目 录\n一、单位主要职能\n"
    contract = extract_report(parse_text(text), file="x.txt").to_contract()
    assert (contract["department"], contract["scope"]) == ("上海市某某区司法局", "unit")


# --- tables-only office files ----------------------------------------------------------


def test_a_tables_only_workbook_is_named_by_the_department_cell_beside_its_unit(tmp_path):
    import openpyxl

    from ingest.pipeline import read_file

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "收支预算总表"
    sheet.append(["2024年收支预算总表"])
    sheet.append(["部门：某省某某委员会办公厅        单位：万元"])
    sheet.append(["项目", "预算数"])
    sheet.append(["一、一般公共服务支出", "120.50"])
    sheet.append(["支出合计", "120.50"])
    path = tmp_path / "tables.xlsx"
    book.save(path)
    result = extract_identity(read_file(path))
    assert (result.kind, result.department, result.fiscal_year) == (
        "budget", "某省某某委员会办公厅", 2024)


def test_a_tables_only_word_file_is_named_by_the_department_row_of_its_table(tmp_path):
    import docx

    from ingest.pipeline import read_file

    document = docx.Document()
    document.add_paragraph("2024年收支预算总表")
    table = document.add_table(rows=4, cols=2)
    for row, texts in enumerate([("部门：某省某某委员会办公厅", "单位：万元"), ("项目", "预算数"),
                                 ("一、一般公共服务支出", "120.50"), ("支出合计", "120.50")]):
        for col, text in enumerate(texts):
            table.cell(row, col).text = text
    path = tmp_path / "tables.docx"
    document.save(path)
    result = extract_identity(read_file(path))
    assert (result.kind, result.department, result.fiscal_year) == (
        "budget", "某省某某委员会办公厅", 2024)


def _exported_workbook(path):
    path.write_bytes(exported_final_accounts())
    return path


def test_a_workbook_names_its_department_in_the_row_under_its_table_number(tmp_path):
    from ingest.pipeline import read_file

    result = extract_identity(read_file(_exported_workbook(tmp_path / "tables.xlsx")))
    assert (result.kind, result.department) == ("final_accounts", "某县某镇中心卫生院")


def test_a_year_the_file_does_not_print_is_taken_from_its_name_and_said_so(tmp_path):
    from ingest.pipeline import parse_file

    name = "某县某镇中心卫生院2021年部门决算公开表.xlsx"
    report = parse_file(_exported_workbook(tmp_path / "upload.xlsx"), name=name)
    assert (report.kind, report.department, report.fiscal_year) == (
        "final_accounts", "某县某镇中心卫生院", 2021)
    said = ("年度 (year)取自文件名 (taken from the file name): "
            "某县某镇中心卫生院2021年部门决算公开表")
    assert said in report.warnings
    assert "未识别出年度 (fiscal year not found)" not in report.warnings


def test_the_file_name_never_overrides_what_the_file_prints(tmp_path):
    from ingest.pipeline import parse_file

    report = parse_file(_exported_workbook(tmp_path / "upload.xlsx"),
                        name="某市某局2019年部门预算.xlsx")
    assert (report.kind, report.department, report.fiscal_year) == (
        "final_accounts", "某县某镇中心卫生院", 2019)


@pytest.mark.parametrize("line", [
    "单位：万元 部门：某省某某委员会办公厅",
    "公开表一 部门：某省某某委员会办公厅",
    "预算部门：某省某某委员会办公厅",
    "单位名称：某省某某委员会办公厅 单位负责人：张三",
    "本部门：负责全省工作 编制单位：某省某某委员会办公厅",
])
def test_a_field_is_found_wherever_the_line_prints_it(line):
    assert extract_identity(_tables_only(line)).department == "某省某某委员会办公厅"


@pytest.mark.parametrize("name", ["江苏省科学技术协会", "江苏省残疾人联合会", "江苏省侨联"])
def test_names_of_associations_are_names(name):
    assert identity(f"{name}\n2023年度部门决算\n一、部门职责\n").department == name


def test_a_body_named_by_its_bracketed_short_form_is_named_as_printed():
    text = "江东某新兴产业集中区(管委会)2024年部门预算\n一、部门职责\n"
    assert identity(text).department == "江东某新兴产业集中区（管委会）"


def test_a_name_wrapped_in_its_field_box_is_read_whole():
    text = "部门：某某省委员会办\n公厅\n2019年收支预算总表\n"
    assert identity(text).department == "某某省委员会办公厅"


def test_a_heading_after_a_field_is_no_part_of_the_name():
    text = "某县水利局\n2023年度部门决算\n编制单位：某县水利局\n项目\n收入决算表\n"
    assert identity(text).department == "某县水利局"


def test_a_form_label_ending_its_line_takes_the_name_printed_under_it():
    text = "2023年度部门整体支出绩效自评报告\n单位名称（盖章）：\n某县卫生健康局\n一、基本情况\n"
    assert identity(text).department == "某县卫生健康局"


def test_two_blank_unit_name_fields_in_a_row_give_no_name():
    document = _tables_only("单位名称：单位：万元", titles=("2023年收入决算表",),
                            text=("单位名称：", "单位名称：", "三、决算报表说明"))
    assert extract_identity(document).department == ""


def test_a_tables_only_file_may_name_the_department_in_its_table_titles():
    document = _tables_only("单位：万元", titles=(
        "公开01表 某省某某委员会办公厅2019年部门收支预算总表",
        "公开02表 某省某某委员会办公厅2019年部门收入预算表",
    ))
    assert extract_identity(document).department == "某省某某委员会办公厅"


def test_a_word_table_may_print_the_label_and_the_name_in_cells_side_by_side(tmp_path):
    import docx

    from ingest.pipeline import read_file

    document = docx.Document()
    document.add_paragraph("2024年收支预算总表")
    table = document.add_table(rows=3, cols=3)
    for row, texts in enumerate([("部门：", "某省某某委员会办公厅", "单位：万元"),
                                 ("项目", "预算数", "备注"), ("支出合计", "120.50", "")]):
        for col, text in enumerate(texts):
            table.cell(row, col).text = text
    path = tmp_path / "tables.docx"
    document.save(path)
    assert extract_identity(read_file(path)).department == "某省某某委员会办公厅"


def test_a_field_ends_where_the_next_field_begins():
    document = _tables_only("部门：某省某某委员会办公厅    预算年度：2019    单位：万元")
    assert extract_identity(document).department == "某省某某委员会办公厅"


def test_a_second_name_in_brackets_belongs_to_the_name():
    text = "某省人民政府办公厅（某省人民政府研究室）\n2023年度部门决算\n一、部门职责\n"
    assert identity(text).department == "某省人民政府办公厅（某省人民政府研究室）"


def test_a_self_evaluation_of_the_whole_department_without_zhichu_is_named_without_zhengti():
    result = identity("2023年度某县卫生健康局部门整体绩效自评报告\n一、部门基本情况\n")
    assert (result.kind, result.department, result.fiscal_year) == (
        "performance_evaluation", "某县卫生健康局", 2023)


def test_the_word_bumen_between_the_name_and_the_year_is_no_part_of_the_name():
    result = identity("某区某街道办事处部门2023年度部门决算\n一、部门基本情况\n")
    assert (result.kind, result.department, result.fiscal_year) == (
        "final_accounts", "某区某街道办事处", 2023)


# --- dates, comparisons and the year the report is about --------------------------------


@pytest.mark.parametrize("text", [
    "青禾县水利局\n部门决算\n二〇二四年九月\n目录\n第一部分 部门概况\n"
    "第二部分 2023年度部门决算表\n",
    "青禾县水利局部门整体支出绩效自评报告\n二〇二四年三月\n一、基本情况\n"
    "2023年度部门整体支出绩效目标全部完成。\n",
])
def test_a_date_on_the_cover_is_never_the_fiscal_year(text):
    assert identity(text).fiscal_year == 2023


@pytest.mark.parametrize("text", [
    "公开时间：2024年8月30日\n青禾县水利局2023年度部门决算\n目录\n第一部分 部门概况\n",
    "发布日期：2024年9月\n2023年度青禾县水利局部门决算\n目录\n第一部分 部门概况\n",
])
def test_a_publication_date_over_the_title_is_no_part_of_it(text):
    result = identity(text)
    assert (result.department, result.fiscal_year) == ("青禾县水利局", 2023)


@pytest.mark.parametrize(("text", "year"), [
    ("青禾县水利局部门决算\n目录\n一、部门基本情况\n2023年度收入合计100.00万元，较2022年度增加"
     "5.00万元；支出合计98.00万元，较2022年度增加3.00万元；“三公”经费较2022年度减少1.00万元。\n",
     2023),
    ("青禾县水利局部门预算\n目录\n一、部门基本情况\n2025年收入预算100.00万元，比2024年增加5.00万元；"
     "支出预算100.00万元，比2024年增加5.00万元；“三公”经费比2024年减少1.00万元。\n", 2025),
])
def test_the_years_of_comparisons_are_not_the_fiscal_year(text, year):
    assert identity(text).fiscal_year == year


def test_a_title_naming_last_years_execution_takes_the_year_of_its_own_kind():
    result = identity("青禾县水利局2023年预算执行情况和2024年部门预算\n一、部门概况\n")
    assert (result.kind, result.fiscal_year) == ("budget", 2024)


# --- the body that reports, not the one over it -----------------------------------------


@pytest.mark.parametrize("text", [
    "2023年度单位决算\n主管部门：青禾县教育局\n单位名称：青禾县第一中学\n填报日期：2024年5月\n"
    "一、单位基本情况\n",
    "青禾县第一中学2023年度单位决算\n主管部门：青禾县教育局\n一、单位基本情况\n",
    "2023年度单位决算\n主管部门：青禾县教育局单位名称：青禾县第一中学\n一、单位基本情况\n",
    "青禾县第一中学2023年度部门决算\n主管部门：青禾县教育局\n一、部门基本情况\n",
])
def test_a_supervising_department_never_names_its_units_report(text):
    assert identity(text).department == "青禾县第一中学"


def test_a_units_report_naming_only_its_supervisor_is_left_unnamed():
    result = identity("2023年度单位决算\n主管部门：青禾县教育局\n一、单位基本情况\n")
    assert result.department == ""
    assert "未识别出部门名称 (department not found)" in result.warnings


def test_the_evaluator_of_a_report_is_not_its_department():
    text = ("青禾县水利局2023年度部门整体支出绩效评价报告\n"
            "评价单位：青禾明正会计师事务所有限公司\n一、基本情况\n")
    assert identity(text).department == "青禾县水利局"


@pytest.mark.parametrize(("text", "name"), [
    ("青禾县水利局\n青禾县水利局2023年度部门决算\n一、部门基本情况\n", "青禾县水利局"),
    ("青禾县水利局\n青禾县水利工程管理站2023年度单位决算\n一、单位基本情况\n",
     "青禾县水利工程管理站"),
    ("青禾县教育局所属青禾县第一中学2023年度单位决算\n一、单位基本情况\n", "青禾县第一中学"),
    # The tail of a name wrapped onto the title's line stays part of it.
    ("青禾县人民政府城关街道\n办事处2023年度部门决算\n一、部门概况\n",
     "青禾县人民政府城关街道办事处"),
    ("青禾县城关街道\n城关社区卫生服务中心2023年度单位决算\n一、单位概况\n",
     "青禾县城关街道城关社区卫生服务中心"),
])
def test_a_name_printed_over_the_title_is_no_part_of_the_name(text, name):
    assert identity(text).department == name


def test_a_letter_about_a_final_account_names_the_body_it_is_about():
    text = "青禾县财政局关于青禾县教育局2023年度部门决算的批复\n青禾县教育局：\n"
    assert identity(text).department == "青禾县教育局"


# --- scope and kind from what the title does not say -----------------------------------


@pytest.mark.parametrize("text", [
    "青禾县教育局2023年度部门决算（包括本级和所属二级单位）\n一、基本情况\n",
    "青禾县教育局及所属二级单位2023年度部门决算\n一、基本情况\n",
    "青禾县教育局本级及下属单位2023年度决算\n一、基本情况\n",
])
def test_a_body_with_its_units_is_the_consolidated_department(text):
    assert identity(text).scope == "department"


@pytest.mark.parametrize(("part", "scope"), [("单位", "unit"), ("部门", "department")])
def test_a_title_naming_neither_scope_takes_it_from_the_part_headings(part, scope):
    text = (f"青禾理工大学2022年度决算\n目 录\n第一部分 青禾理工大学概况\n"
            f"第二部分 2022年度{part}决算表\n第三部分 2022年度{part}决算情况说明\n")
    assert identity(text).scope == scope


def test_a_budget_execution_title_names_no_kind():
    result = identity("青禾县水利局2023年度部门预算执行情况说明\n一、部门基本情况\n")
    assert result.kind != "budget"
    assert "未识别出报告类型 (kind of report not found)" in result.warnings
    headed = identity("青禾县水利局2023年度预算执行情况说明\n目录\n第二部分 2023年度部门决算表\n")
    assert headed.kind == "final_accounts"
    assert not headed.warnings


@pytest.mark.parametrize(("text", "scope"), [
    ("青禾县水文站（本级，不含下属单位）2023年度决算\n一、基本情况\n", "unit"),
    ("含山县教育局2023年度单位决算\n一、基本情况\n", "unit"),
])
def test_what_excludes_the_units_or_names_a_place_is_no_consolidation(text, scope):
    assert identity(text).scope == scope


@pytest.mark.parametrize("text", [
    "监督索引号53000000000000000001\n青禾县鹿鸣镇中心小学2023年度部门决算\n目录\n"
    "第一部分 单位概况\n",
    "发布机构：青禾县鹿鸣镇中心小学\n发文日期：2024年04月22日\n"
    "标 题：青禾县鹿鸣镇中心小学2023年度部门决算\n青禾县鹿鸣镇中心小学2023年度部门决算\n目 录\n",
])
def test_the_lines_of_a_publishing_page_over_the_title_are_no_part_of_it(text):
    assert identity(text).department == "青禾县鹿鸣镇中心小学"


def test_a_name_found_in_the_text_is_never_cut_short():
    text = "2023年度部门决算\n目录\n一、单位概况\n青禾县鹿鸣镇中心小学负责本镇义务教育。\n"
    assert identity(text).department == ""


def test_a_cover_form_names_the_unit_in_the_cell_beside_its_label(tmp_path):
    import docx

    from ingest.pipeline import read_file

    document = docx.Document()
    document.add_paragraph("2023年度单位决算")
    table = document.add_table(rows=3, cols=2)
    rows = [("主管部门", "青禾县教育局"), ("单位名称（盖章）", "青禾县第一中学"),
            ("单位负责人", "张三")]
    for row, texts in enumerate(rows):
        for col, text in enumerate(texts):
            table.cell(row, col).text = text
    for line in ("目  录", "第一部分 单位概况", "一、主要职责", "本单位负责教学。"):
        document.add_paragraph(line)
    path = tmp_path / "cover.docx"
    document.save(path)
    result = extract_identity(read_file(path))
    assert (result.department, result.fiscal_year, result.scope) == ("青禾县第一中学", 2023, "unit")


def test_a_title_printed_after_a_table_of_contents_that_opens_the_file_is_the_title():
    contents = ("目 录\n第一部分 部门概况\n一、部门职责\n第二部分 2023年度部门决算表\n"
                "第三部分 2023年度部门决算情况说明\n")
    text = contents + "青禾县鹿鸣镇中心小学2023年度部门决算\n第一部分 部门概况\n一、部门职责\n"
    assert identity(text).department == "青禾县鹿鸣镇中心小学"


@pytest.mark.parametrize("text", [
    "青禾县水利局2023年度部门决算\n一、部门概况\n（三）部门决算单位构成\n1.预算单位：青禾县水文站\n",
    "青禾县水利局2023年度部门决算\n一、部门概况\n（三）决算单位构成\n编制单位：青禾县水文站\n",
    "青禾县水利局2023年度部门决算\n一、部门概况\n（三）决算单位构成\n"
    "预算单位：青禾县水文站、青禾县河道站\n",
])
def test_a_unit_listed_under_the_department_is_not_the_department(text):
    assert identity(text).department == "青禾县水利局"


def test_a_body_listing_its_units_without_a_name_of_its_own_is_left_unnamed():
    text = "2023年度部门决算\n一、部门概况\n（三）部门决算单位构成\n1.预算单位：青禾县水文站\n"
    assert identity(text).department == ""


@pytest.mark.parametrize("text", [
    "2023年度部门整体支出绩效评价报告\n被评价单位：青禾县水利局\n"
    "评价单位：青禾明正会计师事务所有限公司\n一、基本情况\n",
    "2023年度部门整体支出绩效评价报告\n委托单位：青禾县财政局\n"
    "评价单位：青禾明正会计师事务所（特殊普通合伙）\n一、基本情况\n青禾县水利局是县政府工作部门。\n",
])
def test_neither_the_evaluator_nor_the_commissioning_body_is_the_department(text):
    assert identity(text).department == "青禾县水利局"


@pytest.mark.parametrize(("text", "kind"), [
    ("青禾县水利局2023年度部门决算（含部门整体支出绩效自评）\n一、部门概况\n", "final_accounts"),
    ("青禾县水利局2023年度部门决算及整体支出绩效自评情况\n一、部门概况\n", "final_accounts"),
    ("青禾县水利局2023年度部门决算\n附：部门整体支出绩效自评报告\n一、部门概况\n",
     "final_accounts"),
    ("青禾县水利局2024年部门预算（含部门整体支出绩效目标）\n一、部门概况\n", "budget"),
    ("青禾县水利局2024年部门预算和整体支出绩效目标\n一、部门概况\n", "budget"),
    ("附件2：青禾县水利局2023年度部门整体支出绩效自评报告\n一、部门概况\n",
     "performance_evaluation"),
    ("青禾县水利局2023年度预算和决算整体支出绩效自评报告\n一、部门概况\n",
     "performance_evaluation"),
])
def test_an_evaluation_or_its_targets_appended_to_a_report_do_not_change_its_kind(text, kind):
    assert identity(text).kind == kind


def test_a_budgets_table_of_performance_targets_keeps_it_a_budget():
    document = _tables_only("部门：青禾县水利局 单位：万元",
                            titles=("2024年部门收支预算总表", "2024年部门整体支出绩效目标表"))
    assert extract_identity(document).kind == "budget"


def test_a_date_in_the_file_name_is_not_the_year_taken_from_it(tmp_path):
    from ingest.pipeline import parse_file

    name = "2024年9月发布某县某镇中心卫生院2021年部门决算公开表.xlsx"
    report = parse_file(_exported_workbook(tmp_path / "upload.xlsx"), name=name)
    assert report.fiscal_year == 2021


@pytest.mark.parametrize("line", ["青禾县水利局 编制", "青禾县水利局编印"])
def test_a_cover_signed_by_the_body_that_compiled_it_names_that_body(line):
    assert identity(f"2023年度部门决算\n{line}\n2024年9月\n目录\n").department == "青禾县水利局"


@pytest.mark.parametrize("text", [
    "2023年度青禾县审计局部门（单位）决算\n一、部门概况\n",
    "发布日期：2024年9月\n2023年度青禾县审计局部门（单位）决算\n目录\n",
])
def test_a_title_naming_both_scopes_names_the_body_without_the_year(text):
    assert identity(text).department == "青禾县审计局"


@pytest.mark.parametrize(("text", "name"), [
    ("青禾市人民政府\n青禾市人民政府办公室\n2023年度部门决算\n一、部门概况\n",
     "青禾市人民政府办公室"),
    ("青禾县教育局\n青禾县第一中学\n2023年度单位决算\n一、单位概况\n", "青禾县第一中学"),
    # Two names of one department (合署), each on its line: both are its name.
    ("青禾县纪律检查委员会\n青禾县监察委员会\n2023年度部门决算\n一、部门概况\n",
     "青禾县纪律检查委员会青禾县监察委员会"),
])
def test_a_parent_printed_on_its_own_line_over_the_name_is_no_part_of_it(text, name):
    assert identity(text).department == name


@pytest.mark.parametrize("text", [
    "禾县水利局机关2023年度单位决算\n一、单位概况\n",
    "2023年度单位决算\n单位名称：禾县水利局机关\n一、单位概况\n",
])
def test_a_bodys_own_office_is_named_by_the_body(text):
    result = identity(text)
    assert (result.department, result.scope) == ("禾县水利局", "unit")


def test_a_body_named_inside_a_sentence_is_not_the_department():
    text = ("2023年度部门整体支出绩效自评报告\n一、部门概况\n"
            "根据青禾县财政局《关于开展绩效自评的通知》，开展自评。\n"
            "青禾县水利局是县政府工作部门。\n按照青禾县财政局要求，报送自评结果。\n")
    assert identity(text).department == "青禾县水利局"


@pytest.mark.parametrize("title", ["某省某某厅2018度部门预算公开表", "某省某某厅\n2018度部门预算"])
def test_a_title_that_drops_the_nian_after_its_year_still_gives_the_year(title):
    result = identity(title + "\n部门：某省某某厅    单位：万元\n")
    assert (result.kind, result.department, result.fiscal_year) == ("budget", "某省某某厅", 2018)
