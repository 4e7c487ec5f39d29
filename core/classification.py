"""The functional classification of expenditure (支出功能分类): codes, levels, names, totals.

A code of 3 digits is a 类, of 5 a 款 (under its 类), of 7 a 项 (under its 款). The
official names of the 类 and of the common 款 follow the 政府收支分类科目; a code not
listed here keeps the name its report prints.

``code_totals`` turns the coded rows of one statement table into one total per code:
each code counted once, a level the table leaves out filled in as the sum of its
children (marked ``derived``), and a printed total whose children do not add up to it
kept with its remainder (尾差). Which tables are read, and which of their columns, is
``SOURCES``. Pure functions; no Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from core.money import ZERO
from core.text import compact

CATEGORY = "category"  # 类
ITEM = "item"  # 款
SUBITEM = "subitem"  # 项
LEVELS: tuple[str, ...] = (CATEGORY, ITEM, SUBITEM)
_LEVEL_OF_LENGTH = {3: CATEGORY, 5: ITEM, 7: SUBITEM}
FUNCTIONAL_CODE = re.compile(r"^2\d{2}(?:\d{2}){0,2}$")

CATEGORY_NAMES: dict[str, str] = {
    "201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出",
    "205": "教育支出", "206": "科学技术支出", "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出", "209": "社会保险基金支出", "210": "卫生健康支出",
    "211": "节能环保支出",
    "212": "城乡社区支出", "213": "农林水支出", "214": "交通运输支出",
    "215": "资源勘探工业信息等支出", "216": "商业服务业等支出", "217": "金融支出",
    "219": "援助其他地区支出", "220": "自然资源海洋气象等支出", "221": "住房保障支出",
    "222": "粮油物资储备支出", "223": "国有资本经营预算支出", "224": "灾害防治及应急管理支出",
    "227": "预备费", "229": "其他支出", "230": "转移性支出", "231": "债务还本支出",
    "232": "债务付息支出", "233": "债务发行费用支出", "234": "抗疫特别国债安排的支出",
}

ITEM_NAMES: dict[str, str] = {
    "20101": "人大事务", "20102": "政协事务", "20103": "政府办公厅（室）及相关机构事务",
    "20104": "发展与改革事务", "20105": "统计信息事务", "20106": "财政事务",
    "20107": "税收事务", "20108": "审计事务", "20109": "海关事务", "20111": "纪检监察事务",
    "20113": "商贸事务", "20114": "知识产权事务", "20123": "民族事务", "20125": "港澳台事务",
    "20126": "档案事务", "20128": "民主党派及工商联事务", "20129": "群众团体事务",
    "20131": "党委办公厅（室）及相关机构事务", "20132": "组织事务", "20133": "宣传事务",
    "20134": "统战事务", "20135": "对外联络事务", "20136": "其他共产党事务支出",
    "20137": "网信事务", "20138": "市场监督管理事务", "20140": "信访事务",
    "20199": "其他一般公共服务支出",
    "20306": "国防动员", "20399": "其他国防支出",
    "20401": "武装警察部队", "20402": "公安", "20403": "国家安全", "20404": "检察",
    "20405": "法院", "20406": "司法", "20407": "监狱", "20408": "强制隔离戒毒",
    "20409": "国家保密", "20410": "缉私警察", "20499": "其他公共安全支出",
    "20501": "教育管理事务", "20502": "普通教育", "20503": "职业教育", "20504": "成人教育",
    "20505": "广播电视教育", "20506": "留学教育", "20507": "特殊教育", "20508": "进修及培训",
    "20509": "教育费附加安排的支出", "20599": "其他教育支出",
    "20601": "科学技术管理事务", "20602": "基础研究", "20603": "应用研究",
    "20604": "技术研究与开发", "20605": "科技条件与服务", "20606": "社会科学",
    "20607": "科学技术普及", "20608": "科技交流与合作", "20609": "科技重大项目",
    "20699": "其他科学技术支出",
    "20701": "文化和旅游", "20702": "文物", "20703": "体育", "20706": "新闻出版电影",
    "20708": "广播电视", "20799": "其他文化旅游体育与传媒支出",
    "20801": "人力资源和社会保障管理事务", "20802": "民政管理事务",
    "20805": "行政事业单位养老支出", "20806": "企业改革补助", "20807": "就业补助",
    "20808": "抚恤", "20809": "退役安置", "20810": "社会福利", "20811": "残疾人事业",
    "20816": "红十字事业", "20819": "最低生活保障", "20820": "临时救助",
    "20821": "特困人员救助供养", "20825": "其他生活救助",
    "20826": "财政对基本养老保险基金的补助", "20827": "财政对其他社会保险基金的补助",
    "20828": "退役军人管理事务", "20830": "财政代缴社会保险费支出",
    "20899": "其他社会保障和就业支出",
    "21001": "卫生健康管理事务", "21002": "公立医院", "21003": "基层医疗卫生机构",
    "21004": "公共卫生", "21007": "计划生育事务", "21011": "行政事业单位医疗",
    "21012": "财政对基本医疗保险基金的补助", "21013": "医疗救助", "21014": "优抚对象医疗",
    "21015": "医疗保障管理事务", "21016": "老龄卫生健康事务", "21017": "中医药事务",
    "21099": "其他卫生健康支出",
    "21101": "环境保护管理事务", "21102": "环境监测与监察", "21103": "污染防治",
    "21104": "自然生态保护", "21105": "天然林保护", "21106": "退耕还林还草",
    "21110": "能源节约利用", "21111": "污染减排", "21112": "清洁能源", "21113": "循环经济",
    "21114": "能源管理事务", "21199": "其他节能环保支出",
    "21201": "城乡社区管理事务", "21202": "城乡社区规划与管理", "21203": "城乡社区公共设施",
    "21205": "城乡社区环境卫生", "21206": "建设市场管理与监督", "21299": "其他城乡社区支出",
    "21301": "农业农村", "21302": "林业和草原", "21303": "水利",
    "21305": "巩固脱贫攻坚成果衔接乡村振兴", "21307": "农村综合改革",
    "21308": "普惠金融发展支出", "21309": "目标价格补贴", "21399": "其他农林水支出",
    "21401": "公路水路运输", "21402": "铁路运输", "21403": "民用航空运输",
    "21405": "邮政业支出", "21406": "车辆购置税支出", "21499": "其他交通运输支出",
    "21501": "资源勘探开发", "21502": "制造业", "21503": "建筑业",
    "21505": "工业和信息产业监管", "21507": "国有资产监管",
    "21508": "支持中小企业发展和管理支出", "21599": "其他资源勘探工业信息等支出",
    "21602": "商业流通事务", "21606": "涉外发展服务支出", "21699": "其他商业服务业等支出",
    "22001": "自然资源事务", "22005": "气象事务", "22099": "其他自然资源海洋气象等支出",
    "22101": "保障性安居工程支出", "22102": "住房改革支出", "22103": "城乡社区住宅",
    "22201": "粮油物资事务", "22203": "能源储备", "22204": "粮油储备",
    "22205": "重要商品储备",
    "22401": "应急管理事务", "22402": "消防救援事务", "22405": "地震事务",
    "22406": "自然灾害防治", "22407": "自然灾害救灾及恢复重建支出",
    "22499": "其他灾害防治及应急管理支出",
    "22902": "年初预留", "22999": "其他支出",
}


def level_of(code: str | None) -> str:
    """``category``, ``item`` or ``subitem`` for a 3-, 5- or 7-digit code; "" otherwise."""
    return _LEVEL_OF_LENGTH.get(len(code or ""), "")


def parent_of(code: str) -> str | None:
    """The code one level up (``2060101`` → ``20601`` → ``206`` → None)."""
    return code[:-2] if len(code) in (5, 7) else None


def official_name(code: str, printed: str = "") -> str:
    """The official name of a 类 or 款; otherwise the name as printed."""
    return CATEGORY_NAMES.get(code) or ITEM_NAMES.get(code) or printed


# --- which tables the explorer reads ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    """A statement table the explorer sums, and the column it reads."""

    key: str
    title: re.Pattern[str]  # matched against the title without spaces or a year prefix
    columns: tuple[str, ...]  # the column's last heading, first found wins


ALL_FUNDS = "all_funds"
GENERAL_BUDGET = "general_budget"
SOURCES: dict[str, Source] = {
    # 支出决算表 (部门, 单位, 高等学校 …), never a 财政拨款, 基本支出 or 经费 table.
    ALL_FUNDS: Source(ALL_FUNDS, re.compile(
        r"^(?!.*(?:财政拨款|基本支出|项目支出|收入|经费|政府性基金|国有资本)).*支出决算表$"),
        ("本年支出合计", "合计")),
    GENERAL_BUDGET: Source(GENERAL_BUDGET, re.compile(r"一般公共预算财政拨款支出决算表$"),
                           ("合计", "本年支出合计")),
}
_YEAR_PREFIX = re.compile(r"^\d{4}年度?")


def source_of(title: str) -> str | None:
    """Which source a statement table is, by its title; None for every other table."""
    plain = _YEAR_PREFIX.sub("", compact(title))
    for source in SOURCES.values():
        if source.title.search(plain):
            return source.key
    return None


def amount_column(source: str, labels: Sequence[str]) -> str | None:
    """The label of the column ``source`` reads among a table's column labels."""
    for wanted in SOURCES[source].columns:
        for label in labels:
            if compact(label.rsplit("/", 1)[-1]) == wanted:
                return label
    return None


# --- totals per code -----------------------------------------------------------------


@dataclass(slots=True)
class CodeTotal:
    code: str
    name: str
    amount: Decimal
    derived: bool = False  # not printed: the sum of its children
    children_total: Decimal | None = None  # the sum of its children, where it has any
    row: int | None = None  # index of the printed row

    @property
    def level(self) -> str:
        return level_of(self.code)

    @property
    def remainder(self) -> Decimal | None:
        """The 尾差: printed total minus its children's sum, where they differ."""
        if self.derived or self.children_total is None or self.children_total == self.amount:
            return None
        return self.amount - self.children_total


def code_totals(rows: Iterable[tuple[str | None, str, Decimal | None]]) -> list[CodeTotal]:
    """One total per functional code of a table's (code, name, amount) rows, in code order.

    A code printed twice counts once (the first time); a row without an amount is as if
    not printed; a 类 or 款 the table leaves out is the sum of its children, marked derived.
    """
    found: dict[str, CodeTotal] = {}
    for index, (code, name, amount) in enumerate(rows):
        if not code or not FUNCTIONAL_CODE.match(code) or code in found or amount is None:
            continue
        found[code] = CodeTotal(code, official_name(code, name), amount, row=index)
    for length in (7, 5):  # children before parents, so a derived 款 sums into its 类
        children: dict[str, list[CodeTotal]] = {}
        for total in found.values():
            if len(total.code) == length:
                children.setdefault(total.code[:length - 2], []).append(total)
        for parent, kids in children.items():
            kids_total = sum((k.amount for k in kids), ZERO)
            if parent in found:
                found[parent].children_total = kids_total
            else:
                found[parent] = CodeTotal(parent, official_name(parent), kids_total,
                                          derived=True, children_total=kids_total)
    return sorted(found.values(), key=lambda t: t.code)
