import pytest

from core.contract import ParsedRow, ParsedTable
from ingest.document import Block, Cell, Document, Table
from ingest.extract.figures import extract_figures
from ingest.extract.sections import extract_sections
from ingest.readers.text import parse_text, read

from ._seed_support import SEEDS, gold, needs_shared, seed_names

FINAL_TITLE = "某市某局\n2024年度部门决算\n"
# A sentence of text: a document with none is a file of tables only.
NARRATIVE = "一、部门职责\n本部门负责全市的有关工作。\n"


def figures_of(text, tables=()):
    document = parse_text(text)
    figures, warnings = extract_figures(
        document, sections=extract_sections(document), tables=list(tables)
    )
    return {f.key: f.value for f in figures}, warnings


def test_it_reads_a_subject_and_its_connector_words():
    text = FINAL_TITLE + "一、收入支出决算总体情况说明\n2024年度收、支总计1,452.61万元。\n"
    found, _ = figures_of(text)
    assert found == {"grand_total": "1452.61"}


def test_a_following_clause_continues_the_subject_with_its_own_measure():
    text = (
        FINAL_TITLE + "七、三公经费支出决算情况说明\n"
        "“三公”经费财政拨款支出预算为3.63万元，支出决算为2.50万元。\n"
    )
    found, _ = figures_of(text)
    assert found == {"three_public_budget": "3.63", "three_public_actual": "2.50"}


def test_it_converts_yuan_in_sentences_to_wan_yuan():
    found, _ = figures_of(FINAL_TITLE + "一、机关运行经费\n机关运行经费支出35000元。\n")
    assert found == {"operating_expenses": "3.5"}


def test_it_reads_full_width_digits():
    text = FINAL_TITLE + "一、支出决算情况说明\n本年支出合计１２．５万元，其中：基本支出１０万元。"
    found, _ = figures_of(text)
    assert found == {"expenditure_total": "12.5", "basic_expenditure": "10"}


def test_changes_against_last_year_are_not_values():
    text = FINAL_TITLE + "一、机关运行经费\n机关运行经费支出20.07万元，比上年决算数减少7.79万元。\n"
    found, _ = figures_of(text)
    assert found == {"operating_expenses": "20.07"}


def test_a_combined_amount_gives_neither_key():
    found, _ = figures_of(FINAL_TITLE + "一、一般性支出\n开支会议费、培训费1.2万元。\n")
    assert found == {}


def test_counts_are_read_with_their_units():
    text = (
        FINAL_TITLE + "一、基本情况\n本部门编制数48人，在职人数46人，"
        "其中离退休人数30人，退休人员29人。共有车辆0.00辆。\n"
    )
    found, _ = figures_of(text)
    assert found == {
        "staff_authorized": "48", "staff_actual": "46", "retirees": "29", "vehicles": "0",
    }


def test_conflicting_values_take_the_topic_section_and_warn():
    text = (
        FINAL_TITLE
        + "一、支出决算情况说明\n基本支出260.00万元。\n"
        + "二、基本支出决算情况说明\n基本支出257.08万元，其中：人员经费225.24万元。\n"
    )
    found, warnings = figures_of(text)
    assert found["basic_expenditure"] == "257.08"
    assert any("257.08" in w and "260.00" in w for w in warnings)


def test_fund_scoped_amounts_do_not_become_unit_figures():
    text = (
        FINAL_TITLE + "三、政府性基金预算支出情况\n"
        "政府性基金预算财政拨款收入35.00万元；年初结转和结余0.00万元；支出35.00万元。\n"
    )
    found, _ = figures_of(text)
    assert found == {"government_fund_income": "35.00", "government_fund_expenditure": "35.00"}


LABEL = "财政拨款“三公”经费/公务接待费/预算数"


def test_table_only_values_come_from_statement_tables():
    table = ParsedTable(
        title="收入支出决算总表",
        rows=[
            ParsedRow(code=None, name="年初结转和结余", values={"收入/决算数": "49.14"}),
            ParsedRow(code=None, name="年末结转和结余", values={"支出/决算数": "55.34"}),
            ParsedRow(code="2010601", name="培训费", values={"决算数": "4.05"}),
        ],
    )
    san_gong = ParsedTable(
        title="财政拨款“三公”经费支出决算表",
        rows=[ParsedRow(code=None, name="", values={LABEL: "0.95"})],
    )
    found, _ = figures_of(FINAL_TITLE + NARRATIVE, [table, san_gong])
    assert found == {
        "carryover_begin": "49.14", "carryover_end": "55.34", "reception_budget": "0.95",
    }


def test_a_file_of_tables_only_states_no_figures():
    table = ParsedTable(
        title="收入支出决算总表",
        rows=[ParsedRow(code=None, name="年初结转和结余", values={"收入/决算数": "49.14"})],
    )
    found, _ = figures_of(FINAL_TITLE, [table])
    assert found == {}


def test_a_procurement_table_lists_items_not_the_units_figures():
    table = ParsedTable(
        title="2019年政府采购预算表",
        rows=[ParsedRow(code=None, name="会议费", values={"总计": "1035.00"})],
    )
    found, _ = figures_of(FINAL_TITLE + NARRATIVE, [table])
    assert found == {}


def test_grids_give_values_by_row_and_column_labels():
    rows = [["经费控制情况（万元）", "2023 年决算数", "2024 年预算数", "2024 年决算数"],
            ["三公经费", "18.24", "46", "38.67"]]
    cells = [Cell(r, c, t) for r, row in enumerate(rows) for c, t in enumerate(row)]
    document = parse_text("2024年度某局整体支出绩效自评报告\n" + NARRATIVE)
    document.blocks.append(Block(kind="table", page=1, table=Table(cells=cells, page=1)))
    figures, _ = extract_figures(document, sections=extract_sections(document), tables=[])
    assert {f.key: f.value for f in figures} == {
        "three_public_budget": "46", "three_public_actual": "38.67",
    }


def test_the_figure_keeps_its_source_sentence_and_page():
    document = parse_text(FINAL_TITLE + "\f一、收入决算情况说明\n本年收入合计10.00万元。\n")
    figures, _ = extract_figures(document, sections=extract_sections(document), tables=[])
    assert figures[0].source.startswith("本年收入合计10.00万元")
    assert figures[0].page == 2


def test_an_empty_document_gives_no_figures():
    figures, warnings = extract_figures(Document(), sections=[], tables=[])
    assert figures == []
    assert warnings == []


@needs_shared
@pytest.mark.parametrize("name", seed_names())
def test_it_reads_the_gold_figures_of_the_seeds(name):
    document = read(SEEDS / f"{name}.txt")
    figures, _ = extract_figures(document, sections=extract_sections(document), tables=[])
    assert {f.key: f.value for f in figures} == gold(name)["figures"]


def test_the_appropriation_total_is_not_the_grand_total():
    text = (
        FINAL_TITLE + "一、收入支出决算总体情况说明\n2024年度收、支总计均为1,234.56万元。\n"
        "四、财政拨款收入支出决算总体情况说明\n2024年度财政拨款收入、支出总计1,160.00万元。\n"
    )
    found, warnings = figures_of(text)
    assert found == {"grand_total": "1234.56"}
    assert warnings == []


def test_reception_batches_and_visitors_are_counts():
    text = FINAL_TITLE + "七、三公经费\n国内公务接待12批次、80人次，公务接待费支出决算3.2万元。"
    found, _ = figures_of(text)
    assert found == {
        "reception_groups": "12", "reception_visitors": "80", "reception_actual": "3.2",
    }


def test_reception_visitors_after_an_aside_on_foreign_guests_are_still_visitors():
    text = FINAL_TITLE + (
        "七、三公经费\n国内公务接待共312批次（其中外事接待0批次），4228人次（其中外事接待0人次）。"
    )
    found, warnings = figures_of(text)
    assert found == {"reception_groups": "312", "reception_visitors": "4228"}
    assert warnings == []


def test_the_foreign_guests_among_the_receptions_are_no_second_count():
    text = FINAL_TITLE + (
        "七、三公经费\n国内公务接待30批次、300人次（不包括外宾接待），其中：外事接待0批次、0人次。"
    )
    found, warnings = figures_of(text)
    assert found == {"reception_groups": "30", "reception_visitors": "300"}
    assert warnings == []


def test_a_measure_after_an_aside_continues_the_subject_the_aside_interrupted():
    text = FINAL_TITLE + (
        "五、一般公共预算财政拨款支出决算情况说明\n一般公共预算财政拨款支出年初预算为300万元"
        "（含上年结转20万元），支出决算为280万元。"
    )
    found, _ = figures_of(text)
    assert (found["general_budget_initial"], found["general_budget_expenditure"]) == (
        "300", "280")


def test_initial_budget_is_read_beside_full_year_budget_and_execution():
    text = FINAL_TITLE + "一、资金\n年初预算数为100万元，全年预算数为120万元，全年执行数为118万元"
    found, _ = figures_of(text)
    assert found == {"budget_initial": "100", "budget_full_year": "120", "budget_executed": "118"}


def test_a_statement_line_budget_is_not_the_unit_budget():
    text = FINAL_TITLE + "一、具体情况\n行政运行（项）。年初预算为10万元，支出决算为9万元。\n"
    assert figures_of(text)[0] == {}


def test_the_unit_wide_basic_expenditure_wins_over_its_appropriation_part():
    text = (
        FINAL_TITLE + "三、支出决算情况说明\n"
        "本年支出合计4,900.00万元，其中：基本支出3,000.00万元。\n"
        "六、一般公共预算财政拨款基本支出决算情况说明\n"
        "一般公共预算财政拨款基本支出2,900.00万元，其中：人员经费2,600.00万元。\n"
    )
    found, warnings = figures_of(text)
    assert found["basic_expenditure"] == "3000.00"
    assert warnings == []


def test_vehicles_are_the_units_vehicles_not_the_appropriation_fleet():
    text = (
        FINAL_TITLE + "七、三公经费\n公务用车保有量为5辆。国内公务接待15批次，共120人次。\n"
        "十三、国有资产占用情况说明\n本部门共有车辆6辆。\n"
    )
    found, _ = figures_of(text)
    assert (found["vehicles"], found["reception_visitors"]) == ("6", "120")


def test_a_bracketed_aside_between_subject_and_amount_is_passed_over():
    text = FINAL_TITLE + "三、支出决算情况说明\n基本支出（含人员经费和公用经费）257.08万元。\n"
    assert figures_of(text)[0] == {"basic_expenditure": "257.08"}


def test_respectively_pairs_each_name_with_its_amount():
    text = (
        FINAL_TITLE + "七、三公经费\n其中：因公出国（境）费、公务用车购置及运行维护费、"
        "公务接待费支出决算分别为0万元、3.2万元、1.5万元。\n"
    )
    found, _ = figures_of(text)
    assert found == {
        "overseas_travel_actual": "0", "vehicle_actual": "3.2", "reception_actual": "1.5",
    }
