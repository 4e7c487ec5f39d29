"""The figure vocabulary as reports word it: subjects, their measures, and terms.

A *subject* is what a phrase names (三公经费, 基本支出, …); its *measures*
(预算, 决算, 年初预算, 收入, 支出, …) pick the contract key. The terms are
regular expressions over folded text with quotes and spaces removed.
"""

from __future__ import annotations

import re

from core.text import BODY_SUFFIXES

# A statement table of one source of funds only (财政拨款收入支出决算总表, and a budget's
# 一般公共预算支出表 / 政府性基金预算支出表 / 国有资本经营预算支出表): its 基本支出, 项目支出
# and totals are that source's part of the unit's, never the unit's own.
FUND_ONLY_TABLE = re.compile(
    r"财政拨款|^(?:\d{4}年度?)?(?:部门|单位)?(?:一般公共预算|政府性基金(?:预算)?|国有资本经营预算)"
)

# subject -> {measure: key}; "" is the measure used when the label names none.
SUBJECTS: dict[str, dict[str, str]] = {
    "grand_total": {"": "grand_total"},
    "income_total": {"": "income_total"},
    "expenditure_total": {"": "expenditure_total"},
    # A budget's bare 收入预算 / 支出预算: the 本年 total only where the report says no
    # more (some include 上年结转: 收入预算X万元（本年预算收入Y万元）), see LOOSE_SUBJECTS.
    "budget_income": {"": "income_total"},
    "budget_expenditure": {"": "expenditure_total"},
    "fiscal_income": {"": "fiscal_appropriation_income"},
    "unsure_income_total": {"": "grand_total"},
    "unsure_expenditure_total": {"": "grand_total"},
    "general_budget_income": {"expenditure": "general_budget_expenditure"},
    "general_budget": {
        "": "general_budget_expenditure",
        "actual": "general_budget_expenditure",
        "initial": "general_budget_initial",
    },
    "fund_income": {"": "government_fund_income", "income": "government_fund_income",
                    "expenditure": "government_fund_expenditure"},
    "fund_appropriation": {"income": "government_fund_income"},
    "fund_expenditure": {"": "government_fund_expenditure",
                         "actual": "government_fund_expenditure",
                         "expenditure": "government_fund_expenditure",
                         "income": "government_fund_income"},
    "basic": {"": "basic_expenditure", "actual": "basic_expenditure"},
    "project": {"": "project_expenditure", "actual": "project_expenditure"},
    "personnel": {"": "personnel_expenditure", "actual": "personnel_expenditure"},
    "public": {"": "public_expenditure", "actual": "public_expenditure"},
    "carry_begin": {"": "carryover_begin"},
    "carry_end": {"": "carryover_end"},
    "three_public": {"": "three_public_actual", "actual": "three_public_actual",
                     "budget": "three_public_budget"},
    "overseas": {"": "overseas_travel_actual", "actual": "overseas_travel_actual",
                 "budget": "overseas_travel_budget"},
    "reception": {"": "reception_actual", "actual": "reception_actual",
                  "budget": "reception_budget"},
    "vehicle": {"": "vehicle_actual", "actual": "vehicle_actual", "budget": "vehicle_budget"},
    "vehicle_purchase": {"": "vehicle_purchase_actual", "actual": "vehicle_purchase_actual",
                         "budget": ""},
    "vehicle_operation": {"": "vehicle_operation_actual", "actual": "vehicle_operation_actual",
                          "budget": ""},
    "reception_groups": {"": "reception_groups"},
    "reception_visitors": {"": "reception_visitors"},
    "vehicles": {"": "vehicles"},
    "operating": {"": "operating_expenses", "actual": "operating_expenses"},
    "meeting": {"": "meeting_fee", "actual": "meeting_fee"},
    "training": {"": "training_fee", "actual": "training_fee"},
    "procurement": {"": "procurement_total", "actual": "procurement_total"},
    "procurement_budget": {"budget": "procurement_total"},
    "procurement_goods": {"": "procurement_goods"},
    "procurement_works": {"": "procurement_works"},
    "procurement_services": {"": "procurement_services"},
    "procurement_sme": {"": "procurement_sme"},
    "staff_authorized": {"": "staff_authorized"},
    "staff_actual": {"": "staff_actual"},
    "retirees": {"": "retirees"},
    "annual_funds": {"initial": "budget_initial",
                     "full_year": "budget_full_year", "executed": "budget_executed"},
    "initial_funds": {"": "budget_initial", "initial": "budget_initial"},
    "full_year": {"": "budget_full_year"},
    "executed": {"": "budget_executed"},
    "score": {"": "self_evaluation_score"},
    "blocked": {},
}

# The unit's own 收入预算/支出预算 opens its clause, or follows the year or the unit's
# name (我校2025年收入预算…, 某某办事处支出预算…); after any other word it is the
# budget of what that word names (工资福利支出预算, 社会保障和就业支出预算,
# “三公”经费支出预算, 一般公共预算支出预算).
_UNITS_OWN = "(?:^|(?<=[^\u4e00-\u9fff])|(?<=[{}]))".format(
    "".join(sorted({suffix[-1] for suffix in BODY_SUFFIXES} | set("年度门级"))))

# The unit's 项目支出 follows punctuation, the year, the unit, 其中, a fund's name
# (财政拨款项目支出: see figures._PARTS) or 基本支出和.
_PROJECT_OWN = "(?:^|(?<=[^\u4e00-\u9fff])|(?<=[{}]))".format(
    "".join(sorted({suffix[-1] for suffix in BODY_SUFFIXES} | set("年度门级位中款算金和及与"))))

# Words that make a 收入/支出 one part of the unit's (财政拨款支出, 项目支出, …), or the
# spending on one kind of cost (“三公”经费支出合计, 会议费支出合计).
_PART_WORDS = ("拨款", "基金", "经营", "资本", "财政", "事业", "其他", "上级", "补助", "上缴",
               "基本", "项目", "人员", "公用", "附属", "费")
_NOT_A_PART = "".join(f"(?<!{word})" for word in ("本年", *_PART_WORDS, "单位"))
# Before 收入总计/支出总计 (本单位收入总计 is the unit's own 总计).
_NOT_A_PARTS_TOTAL = "".join(f"(?<!{word})" for word in _PART_WORDS)

# The unit's own 收入总计/支出总计 and 收入合计/支出合计 likewise (本单位收入总计,
# 2024年度支出合计, 其中：…), never a part's (上缴上级支出合计); after any other word
# they are that word's (教育支出总计, 政府采购支出合计, 非税收入合计).
_OWN_TOTAL = "(?:^|(?<=[^\u4e00-\u9fff])|(?<=[{}])){}".format(
    "".join(sorted({suffix[-1] for suffix in BODY_SUFFIXES} | set("年度门级位"))),
    _NOT_A_PARTS_TOTAL)

# A word standing at the start of its clause (after punctuation, 其中, a year, the unit).
_CLASS_ALONE = "(?:(?<![\u4e00-\u9fff])|(?<=[中年度门位]))"

# A self-evaluation's adjusted budget and its execution, however worded.
FULL_YEAR_FUNDS = r"调整后预算(?:数|金额)?|全年调整预算(?:数)?|调整预算数"
EXECUTED_FUNDS = r"预算执行(?:数|金额)|全年实际支出|全年实际执行(?:数|金额)?|实际(?:支出|执行)数"

# (pattern, subject). Patterns run on folded text with quotes and spaces removed.
# Where two terms end at the same place the longer one wins, so the blocked
# terms (财政拨款收支总计, 离退休人数, …) shadow the shorter vocabulary term.
TERMS: tuple[tuple[str, str], ...] = (
    # "收、支总计各1500万元" / "收入、支出决算总计均为…": both sides, each the same amount.
    (rf"{_NOT_A_PARTS_TOTAL}收入?[、和及与]?支出?(?:决算)?总计各?|{_OWN_TOTAL}(?:收入|支出)总计"
     r"|收入?[、和及与]支出?总额|收支总额", "grand_total"),
    (r"财政拨款收入?[、和及与]?支出?(?:决算)?总(?:计|额)各?|财政拨款(?:收入|支出)总计"
     r"|财政拨款收支总预算|财政拨款收入?[、和及与]?支出?预算总计", "blocked"),
    # "本单位收入为X万元": the unit's own income of the year (its 总计 is worded as such).
    # "收入决算合计850万元": the measure may stand inside the term; after a part's name
    # (财政拨款收入合计, 事业收入合计) the 合计 is that part's.
    (rf"本年收入(?:决算)?合计|{_OWN_TOTAL}收入(?:决算)?合计|本年收入|本年度收入"
     r"|本(?:单位|部门)收入(?![、和及与]支出)", "income_total"),
    (rf"本年支出(?:决算)?合计|{_OWN_TOTAL}支出(?:决算)?合计|本年支出|本年度支出"
     r"|本(?:单位|部门)支出", "expenditure_total"),
    # "本年度总收入1500万元" / "支出总额1450万元": one side of a total that may or may not
    # count the carry-over (收入总计 or 本年收入合计); kept only where other figures say
    # which (figures._reconciled).
    (rf"{_OWN_TOTAL}(?:总收入|收入总额)", "unsure_income_total"),
    (rf"{_OWN_TOTAL}(?:总支出|支出总额)", "unsure_expenditure_total"),
    (r"财政拨款收入", "fiscal_income"),
    # "一般公共预算财政拨款收入800万元，支出790万元": the 支出 that continues it is that
    # budget's spending; the income itself has no key (replaced in 绩效自评).
    (r"一般公共预算(?:财政)?拨款收入|一般公共预算收入", "general_budget_income"),
    # This year's appropriation alone (一般公共预算当年拨款): without the 上年结转 it is
    # only a part of the budget's spending (its income is the year's: 当年财政拨款收入).
    (r"当年(?:财政)?拨款(?:支出)?(?:预算)?(?:规模)?", "blocked"),
    # "一般公共预算财政拨款支出总计X万元": the longer term shadows the blocked 财政拨款支出总计.
    # Budgets say 一般公共预算拨款支出, leaving 财政 out.
    (r"一般公共预算(?:财政)?拨款支出(?:总计)?|一般公共预算支出|一般公共预算财政拨款支出决算",
     "general_budget"),
    (r"政府性基金(?:预算)?(?:财政)?拨款收入|政府性基金(?:预算)?收入|政府性基金拨款", "fund_income"),
    (r"政府性基金(?:预算)?(?:财政)?拨款支出|政府性基金(?:预算)?支出", "fund_expenditure"),
    # A 收入 row of a 收支总表 naming the fund without the word 收入 (其中：政府性基金预算财政拨款).
    (r"政府性基金预算财政拨款", "fund_appropriation"),
    (r"基本支出", "basic"),
    (r"其他(?:项目|基本)支出|其余(?:项目|基本)支出", "blocked"),  # a remainder, not the total
    # A named project's spending (乡村振兴项目支出) is no part of the unit's 项目支出.
    (rf"{_PROJECT_OWN}项目支出", "project"),
    (r"人员经费", "personnel"),
    (r"公用经费", "public"),
    (r"年初结转和结余|年初结转结余|上年结转和结余", "carry_begin"),
    (r"年末结转和结余|年末结转结余", "carry_end"),
    (r"三公经费(?:财政拨款)?(?:支出)?", "three_public"),
    # "因公出国（境）支出0万元": the 费 is often left out before 支出.
    (r"因公出国（?境）?(?:费用?)?|出国（?境）?经费|出国经费|出国费", "overseas"),
    # "公务接待费用支出2万元": 费用 for 费, here and in the car costs below.
    (r"公务接待(?:费用?)?", "reception"),
    (r"公务用车购置(?:费用?)?(?:及|和|与)运行(?:维护|维修)?费用?|"
     r"公务用车购置和(?:运行)?维护经费|公务用车费|"
     r"公务用车购置(?:费)?(?:及|和|与)运维(?:费用?)?|公务用车购运费", "vehicle"),
    (r"公务用车购置(?:费用?)?|公车购置(?:费用?)?", "vehicle_purchase"),
    # "公务用车运行支出3.98万元": the 费 is often left out before 支出.
    (r"公务用车运行(?:维护|维修)?(?:费用?)?|公车运行(?:维护)?(?:费用?)?|"
     r"公务用车运维(?:费用?)?|公车运维(?:费用?)?",
     "vehicle_operation"),
    # The foreign guests among them (其中：外事接待0批次、0人次) are a part, never the total.
    (r"(?:外事|外宾|国（境）外(?:公务)?|境外(?:公务)?)接待(?:批次|人次|团组)?", "blocked"),
    (r"接待(?:来访)?团组|来访团组|接待批次", "reception_groups"),
    (r"来宾|接待人次|来访人次", "reception_visitors"),
    (r"出国（?境）?团组", "blocked"),
    (r"车辆|车辆总数|公务用车保有量|保有量", "vehicles"),
    # 公务用车 counted in 辆: the official fleet, part of all 车辆 (see figures._PARTS).
    (r"公务用车(?:数量|总数)?", "vehicles"),
    # Cars bought or disposed of in the year ("更新购置公务用车0辆") are no count of those held.
    (r"(?:更新|购置|新增|报废|处置|租用|配置)(?:公务)?(?:车辆|用车)", "blocked"),
    # One kind of car among those held (其中：一般公务用车6辆、执法执勤用车2辆) is a part.
    (r"(?:一般|执法执勤|特种专业技术|特种|机要通信|应急保障|其他)(?:公务)?用车", "blocked"),
    # Some regions name it after the 机构 (机构运行经费, 机关（机构）运行经费).
    (r"(?:机关|机构|机关（机构）)运行(?:经费|费用?)", "operating"),
    (r"会议费", "meeting"),
    (r"培训费", "training"),
    (r"政府采购(?:支出|合同)?(?:总额|金额)|采购支出总额", "procurement"),
    (r"政府采购预算(?:总额|金额)?", "procurement_budget"),  # only a budget's total
    # "货物类采购10000元": the class of a procurement, as the 财政部 tables name it;
    # a budget's "其中：货物采购预算20万元" names the class alone (not 维修工程采购).
    (rf"政府采购货物支出|货物采购(?:金额|支出)|{_CLASS_ALONE}货物采购|采购货物(?:支出|金额)?|"
     r"货物类采购", "procurement_goods"),
    (rf"政府采购工程支出|工程采购(?:金额|支出)|{_CLASS_ALONE}工程采购|采购工程(?:支出|金额)?|"
     r"工程类采购", "procurement_works"),
    (rf"政府采购服务支出|服务采购(?:金额|支出)|{_CLASS_ALONE}服务采购|采购服务(?:支出|金额)?|"
     r"服务类采购", "procurement_services"),
    (r"授予中小企业(?:的)?合同(?:金)?额", "procurement_sme"),
    (r"编制数|编制人数|核定编制数?|人员编制数?|编制", "staff_authorized"),
    # One kind of post, not the total: 行政编制, 行政附属编制, 事业编制 …
    (r"(?:行政|事业|工勤|参公|机关)(?:附属)?编制|附属编制", "blocked"),
    (r"实有人数|实有人员|在职人数|在职人员|在编人数|在编人员|在职职工", "staff_actual"),
    (r"退休(?:人员|人数|职工|干部)?", "retirees"),
    # Retirees and those retired before 1949 together (离退休) are more than the 退休.
    (r"离退休(?:人员|人数|职工|干部)?|离休人员", "blocked"),
    (r"年度资金总额", "annual_funds"),
    (r"全年预算数|全年预算金额|全年预算", "full_year"),
    (r"全年执行数|全年执行金额|全年执行", "executed"),
    (r"自评得分|自评总分|绩效自评得分|绩效评价得分|总分|总得分|综合得分|自评综合得分|最终得分|"
     r"综合评分|自评分数?|评价得分", "score"),
    (r"项目(?:绩效)?(?:自评|评价)?得分|平均得分", "blocked"),
)

# In a 预算 report the total is worded as a budget; in a 决算 the same words are
# the budget the account is compared with, so they are only read in budgets.
BUDGET_TERMS: tuple[tuple[str, str], ...] = (
    # "收支预算总额" too; after a part's name (财政拨款收支预算总额) it is that part's.
    (rf"收支总预算|{_NOT_A_PARTS_TOTAL}收入?[、和及与]?支出?预算总(?:计|额)|收入总预算|支出总预算",
     "grand_total"),
    # "部门收入预算总计5,000万元": the unit's own, as 收入预算 below (not 财政专户管理资金…).
    (rf"{_UNITS_OWN}(?:收入|支出)预算总计", "grand_total"),
    (rf"(?:本年|{_OWN_TOTAL})收入预算合计", "income_total"),
    (rf"(?:本年|{_OWN_TOTAL})支出预算合计", "expenditure_total"),
    # "…办事处收入预算18,976.76万元" / "支出预算…": the unit's own, never a part's
    # (财政拨款支出预算, 政府性基金拨款支出预算, 基本支出预算 are parts).
    (rf"(?:本单位|{_UNITS_OWN}{_NOT_A_PART})收入预算(?!合计|总)", "budget_income"),
    (rf"(?:本单位|{_UNITS_OWN}{_NOT_A_PART})支出预算(?!合计|总)", "budget_expenditure"),
)
# "收、支总计各是A、B万元" / "收入、支出总计分别为A万元、B万元": each side's 总计 in turn,
# the unit's own (not after a part's name: 财政拨款收、支总计各是…).
EACH_SIDE_TOTAL = re.compile(
    rf"{_NOT_A_PARTS_TOTAL}收入?[、和及与]支出?(?P<what>(?:决算)?总计)(?:各|分别)(?:是|为)?")
# Subjects naming one side of a total whose meaning other figures must confirm: the key
# it is when it is no 总计.
UNSURE_TOTALS: dict[str, str] = {"unsure_income_total": "income_total",
                                 "unsure_expenditure_total": "expenditure_total"}
# Subjects whose figure gives way to any other statement of its key, without a warning.
LOOSE_SUBJECTS = frozenset({"budget_income", "budget_expenditure"})

PERFORMANCE_TERMS: tuple[tuple[str, str], ...] = (
    (r"一般公共预算财政拨款收入|一般公共预算收入|一般公共预算", "fiscal_income"),
    # The unit's funds as self-evaluations also word them: 调整后预算数 is the 全年预算,
    # 预算执行数 the 全年执行 ("年初预算数500万元，调整后预算数520万元，预算执行数510万元").
    (FULL_YEAR_FUNDS, "full_year"),
    (EXECUTED_FUNDS, "executed"),
    # The row of a 自评表's fund block: 总额 (资金总额) under 年初预算 | 调整后预算数 | 预算执行数,
    # alone in its cell or after the block's own label (预算执行情况（10分）).
    (r"(?:^|(?<=[）)]))(?:资金)?总额$", "annual_funds"),
)


# Section topics: a key's value is taken preferably from a section about it.
TOPICS: dict[str, str] = {
    "three_public": "三公",
    "overseas_travel": "三公",
    "reception": "三公",
    "vehicle": "三公",
    "basic_expenditure": "基本支出",
    "personnel_expenditure": "基本支出",
    "public_expenditure": "基本支出",
    "project_expenditure": "项目支出",
    "general_budget": "一般公共预算",
    "government_fund": "政府性基金",
    "procurement": "采购",
    "operating_expenses": "(?:机关|机构)(?:（机构）)?运行",
    "meeting_fee": "一般性支出|会议",
    "training_fee": "一般性支出|培训",
    "vehicles": "资产",
    "grand_total": "^(?:(?!财政拨款).)*总体",
    "carryover": "^(?:(?!财政拨款).)*总体",
    "income_total": "收入",
    "fiscal_appropriation_income": "收入",
    "expenditure_total": "支出",
    "staff": "基本情况|人员",
    "retirees": "基本情况|人员",
}
