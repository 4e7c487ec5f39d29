"""Workbooks built for tests, shaped as real offices' exports are."""

from __future__ import annotations

import io


def exported_final_accounts() -> bytes:
    """A 决算 workbook as the accounts software exports it: no year anywhere, a 公开01表
    row over the 部门：… row, amounts in 元, a 行次 column."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "收入支出决算表"
    for row in (["收入支出决算表"], ["", "", "", "公开01表"],
                ["部门：某县某镇中心卫生院", "", "", "金额单位：元"],
                ["项目", "行次", "金额"], ["一、一般公共预算财政拨款收入", "1", "1,200,000.00"],
                ["本年收入合计", "27", "1,200,000.00"]):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
