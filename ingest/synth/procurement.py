"""A budget's 政府采购预算表 (Layout.procurement), modelled on a province's set.

Text columns first (采购品目大类, 专项名称, 经济科目, 采购物品名称, 采购组织形式), then the amounts
(总计 = 财政拨款 + 其他资金). The rows: 合计; each 品目大类 (一、货物类 …) with its total; under
it each 专项 (its name and 经济科目) with its total, and the 采购物品 bought under it, each
with its 组织形式. A row's name is its right-most filled name column (the 经济科目 of a 专项
row, the 物品 of an item row); the 组织形式 is text, never a value.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from core.contract import ParsedRow
from ingest.synth.model import Column, TableSpec
from ingest.synth.numbers import Cents, department_rng
from ingest.synth.tables import _spec, _values, numbered

# 品目大类 → its 专项 (专项名称, 经济科目, the 物品 bought under it).
POOL: tuple[tuple[str, str, tuple[tuple[str, str, tuple[str, ...]], ...]], ...] = (
    ("goods", "货物类", (
        ("办公设备购置费", "办公设备购置", ("台式计算机", "便携式计算机", "激光打印机")),
        ("专用设备购置费", "专用设备购置", ("执法记录仪", "档案密集架")),
        ("办公家具购置费", "办公设备购置", ("办公桌椅", "文件柜")),
    )),
    ("works", "工程类", (
        ("办公用房维修改造经费", "维修（护）费", ("房屋修缮工程",)),
    )),
    ("services", "服务类", (
        ("公务用车运行维护费", "公务用车运行维护费", ("车辆维修和保养服务", "车辆加油服务")),
        ("机关物业管理经费", "物业管理费", ("物业管理服务",)),
        ("宣传印刷经费", "印刷费", ("印刷服务", "会议服务")),
    )),
)
METHODS = ("分散自行组织", "政府集中采购", "部门集中采购")
TEXT_COLUMNS = ("采购品目大类", "专项名称", "经济科目", "采购物品名称", "采购组织形式")
NAME_COLUMNS = TEXT_COLUMNS[:4]
AMOUNTS = ("总计", "财政拨款", "其他资金")


@dataclass(slots=True)
class PrintedRow(ParsedRow):
    """A truth row with the text its row prints in text columns (column label → text)."""

    texts: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Procurement:
    rows: list[PrintedRow]
    totals: dict[str, Cents]  # goods / works / services / total


def make_procurement(seed: int, department: int, year: int, scale: Cents) -> Procurement:
    """The purchases a budget plans: a few 专项 per 品目大类, amounts from ``scale``."""
    rng = department_rng(seed, department, year, "procurement")
    groups: list[tuple[str, str, list[tuple[str, str, list[tuple[str, str, Cents, Cents]]]]]] = []
    for key, category, projects in POOL:
        if key == "works" and rng.random() < 0.5:
            continue  # many budgets buy no works
        chosen = [p for p in projects if rng.random() < 0.7] or [projects[0]]
        planned = []
        for project, economic, goods in chosen:
            bought = [i for i in goods if rng.random() < 0.75] or [goods[0]]
            planned.append((project, economic, [
                (item, rng.choice(METHODS), *_amounts(rng, scale)) for item in bought]))
        groups.append((key, category, planned))
    rows: list[PrintedRow] = []
    totals = {"goods": 0, "works": 0, "services": 0}
    for index, (key, category, planned) in enumerate(groups):
        group_rows: list[PrintedRow] = []
        for project, economic, items in planned:
            item_rows = [_row(item, {"采购物品名称": item, "采购组织形式": method}, fiscal, other)
                         for item, method, fiscal, other in items]
            group_rows.append(_sum_row(economic, {"专项名称": project, "经济科目": economic},
                                       item_rows))
            group_rows += item_rows
        head = numbered(index, category)
        rows.append(_sum_row(head, {"采购品目大类": head},
                             [r for r in group_rows if "专项名称" in r.texts]))
        totals[key] = _total(rows[-1])
        rows += group_rows
    heads = [r for r in rows if "采购品目大类" in r.texts]
    rows.insert(0, _sum_row("合计", {"采购品目大类": "合计"}, heads))
    totals["total"] = sum(totals[k] for k in ("goods", "works", "services"))
    return Procurement(rows, totals)


def _amounts(rng: random.Random, scale: Cents) -> tuple[Cents, Cents]:
    amount = rng.randint(2_00, max(3_00, scale // 60))
    other = amount * rng.choice((0, 0, 0, 1, 2)) // 10
    return amount - other, other


def _row(name: str, texts: dict[str, str], fiscal: Cents, other: Cents) -> PrintedRow:
    return PrintedRow(None, name, _values(dict(zip(AMOUNTS, (fiscal + other, fiscal, other),
                                                   strict=True))), texts)


def _cents(row: PrintedRow, label: str) -> Cents:
    value = row.values.get(label, "0")
    whole, _, frac = value.partition(".")
    return int(whole) * 100 + int(frac or 0)


def _total(row: PrintedRow) -> Cents:
    return _cents(row, AMOUNTS[0])


def _sum_row(name: str, texts: dict[str, str], parts: list[PrintedRow]) -> PrintedRow:
    fiscal = sum(_cents(r, AMOUNTS[1]) for r in parts)
    other = sum(_cents(r, AMOUNTS[2]) for r in parts)
    return _row(name, texts, fiscal, other)


def procurement_table(p: Procurement, title: str, sheet_code: str) -> TableSpec:
    sides = [[*[("text", (label,)) for label in TEXT_COLUMNS],
              *[("value", (label,)) for label in AMOUNTS]]]
    spec, _ = _spec(title, sheet_code, sides, [list(p.rows)])
    spec.sides = [[Column("text", col.path[0], col.path) if col.kind == "text" else col
                   for col in spec.sides[0]]]
    return spec
