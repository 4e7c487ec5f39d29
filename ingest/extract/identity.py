"""Who reports, for which year, what kind of report it is and its scope.

Read from the cover/title (the lines before the first numbered section or the
目录), from a ``单位名称：`` style field (on the cover, or over the tables of a
file that prints nothing else: ``部门：某某厅    单位：万元``), and only then from
running heads and the body. The title decides the kind: a 决算 with a 绩效
appendix is still a 决算, and a budget (预算) is never taken for a final account
even though its text says 决算. The scope is ``unit`` for a 单位决算/单位预算 (one
unit on its own, 本级, 二级单位) and ``department`` (consolidated) otherwise.

Publishing a report under another body or year is the worst error, so what names
someone else is never the name: a 主管部门 on a unit's report, an evaluator or the
body that commissioned the evaluation, a unit listed in the body, a parent printed
over the title. Dates (二〇二四年九月, 公开时间：…) and compared years (较2022年度)
are never the year. Where nothing else is printed the part is left empty with a
warning for the reviewer.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath

from core.contract import BUDGET, DEPARTMENT, FINAL_ACCOUNTS, PERFORMANCE_EVALUATION, UNIT
from core.money import UNIT_DECLARATION
from core.text import (
    BODY_SUFFIXES,
    TABLE_NUMBER,
    fold_cn_years,
    fold_width,
    is_toc_line,
    numbering,
    squeeze,
)
from ingest.document import Document, Table
from ingest.errors import NotAReportError
from ingest.extract.sections import document_lines

# Field labels that introduce the reporting unit's name (预算主管部门, 编制单位, 单位名称,
# 部门（单位）名称, a bare 部门, …); a bare 单位： is the table's unit, never a label.
_LABELS = (
    r"预算主管部门|主管部门名称|部门（单位）名称|被评价(?:部门|单位)|评价对象|"
    r"(?:预算|决算|主管|编制|填报|报送|编报|报告|评价)(?:部门|单位)(?:名称)?|"
    r"(?:部门|单位)名称|部门（单位）|部门"
)
_SEAL = r"（(?:盖章|公章|签章|章)）"
_LABEL = re.compile(rf"(?:{_LABELS})(?:{_SEAL})?：")
# A label that opens a second field glued to the first on one line
# (主管部门：某县教育局单位名称：某县第一中学): any label but a bare 部门：.
_NEXT_LABEL = re.compile(rf"(?:{_LABELS.removesuffix('|部门')})(?:{_SEAL})?：")
# Labels that name another body than the one reporting, where a report prints both: the
# supervising department (主管部门：某县教育局 on a school's 单位决算) and the evaluator
# (评价单位：某会计师事务所 on a third party's 绩效评价报告). Such a field names the
# reporting body only where nothing else does, and a 主管部门 never names a unit's report.
_SUPERVISOR_LABEL = re.compile(r"^(?:预算)?主管(?:部门|单位)")
_OTHER_BODY_LABEL = re.compile(r"^(?:(?:预算)?主管|评价)(?:部门|单位)")
# What may stand before a label on its line: nothing, a table number (公开表一), the
# table's unit or year (单位：万元 部门：…), a non-Chinese character. Not a word: 本部门：.
_BEFORE_LABEL = re.compile(r"(?:^|表[一二三四五六七八九十\d]{1,3}|元|年度?|[^\u4e00-\u9fff])$")
# Words that end a name printed in a field: the unit of the table, a date, a signature.
_AFTER_NAME = re.compile(
    rf"[，,。；;（]?(?:{UNIT_DECLARATION.pattern}|(?:填报|编制|报送)?日期|\d{{4}}年\d{{1,2}}月|"
    r"联系电话|(?:单位|部门|财务)?(?:负责人|联系人)|填表人)"
)
_ORG_SUFFIX = re.compile(f"({'|'.join(BODY_SUFFIXES)})$")
# The tail of a name wrapped onto a line of its own: a few characters and nothing else.
_WRAPPED_TAIL = re.compile(r"^[\u4e00-\u9fff]{1,4}$")
_TITLE_KIND = re.compile(
    r"(部门决算|单位决算|决算|部门预算|单位预算|区级部门预算|预算|整体支出绩效自评报告|"
    r"绩效自评报告|整体支出绩效|绩效自评|绩效评价报告)"
)
# "2018度部门预算公开表" drops the 年 by a slip; the year is still the title's.
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})(?:年度?|度)")
_PLACEHOLDER = re.compile(r"X{2,}|×{2,}|＿{2,}|_{2,}|\*{2,}|某某")
_GENERIC_NAMES = {"部门", "单位", "部门（单位）", "本部门", "本单位", "我单位", "我局"}

_PERFORMANCE_HEADINGS = (
    "绩效自评", "绩效目标", "资金使用及绩效情况", "整体支出绩效情况", "存在的问题及原因分析",
    "下一步改进措施", "绩效自评结果拟应用", "一般公共预算支出情况",
)
_FINAL_HEADINGS = ("决算情况说明", "部门决算表", "决算总体情况", "收入决算情况", "支出决算情况")
_BUDGET_HEADINGS = ("预算编制说明", "部门预算表", "单位预算表", "收支预算总表", "预算情况说明")


@dataclass(slots=True)
class Identity:
    kind: str
    department: str
    fiscal_year: int | None
    warnings: list[str] = field(default_factory=list)
    scope: str = DEPARTMENT


def extract_identity(document: Document, *, file_name: str = "") -> Identity:
    """Kind, department and year; raises NotAReportError for a file that is none of them.

    What the file itself does not print is taken from its name where the name states
    it (a workbook of tables exported without a year, sent as
    "某卫生院2021年部门决算公开表.xls"), with a warning saying so.
    """
    identity, names_a_kind = _identify(document)
    names_a_kind = _from_file_name(identity, names_a_kind, file_name)
    missing = [not identity.department, identity.fiscal_year is None, not names_a_kind]
    if sum(missing) >= 2:
        # Not one of the three report kinds: say so instead of guessing.
        raise NotAReportError()
    if not names_a_kind:
        identity.warnings.append(_NO_KIND)
    _check_part_headings(identity, document)
    return identity


# The warnings of a part the file does not print (the file's name may give it after all).
_NO_YEAR = "未识别出年度 (fiscal year not found)"
_NO_DEPARTMENT = "未识别出部门名称 (department not found)"
_NO_KIND = "未识别出报告类型 (kind of report not found)"
# Said in the warning of a part of the identity taken from the file's name: a reviewer
# confirms it before the report is published (ingest.doubts).
FROM_FILE_NAME = "取自文件名"


def _from_file_name(identity: Identity, names_a_kind: bool, file_name: str) -> bool:
    """Fill the year, department and kind the document left open from its file name."""
    stem = PurePath(file_name).stem
    title = fold_cn_years(squeeze(fold_width(stem)))
    if not title:
        return names_a_kind
    taken: list[str] = []
    # The name's year as a title's: not a date (2024年9月发布…), but its own kind's.
    year = _fiscal_year(title, [], _kind(title, []))
    if identity.fiscal_year is None and year:
        identity.fiscal_year = year
        identity.warnings.remove(_NO_YEAR)
        taken.append("年度 (year)")
    if not identity.department and (name := _name_from_title(title)):
        identity.department = name
        identity.warnings.remove(_NO_DEPARTMENT)
        taken.append("部门 (department)")
    if not names_a_kind and _TITLE_KIND.search(title):
        identity.kind = _kind(title, [])
        identity.scope = _scope(title, [])
        names_a_kind = True
        taken.append("报告类型 (kind)")
    if taken:
        identity.warnings.append(
            f"{'、'.join(taken)}{FROM_FILE_NAME} (taken from the file name): {stem}")
    return names_a_kind


def identify(document: Document) -> Identity:
    """Like ``extract_identity`` but never refuses (for extractors that only need hints)."""
    return _identify(document)[0]


def _identify(document: Document) -> tuple[Identity, bool]:
    raw = [fold_width(line.text) for line in document_lines(document)]
    raw = [text for text in raw if squeeze(text)]
    lines = [fold_cn_years(squeeze(text)) for text in raw]
    title = _title_lines(lines)
    title_text = "".join(title)
    table_titles = _table_titles(document)
    captions = [fold_width(text) for text in _caption_texts(document)]
    end = _cover_end(lines)
    fields = (_field_names(raw[:end]), _field_names(raw[end:] + captions))
    scope = _scope(title_text, table_titles, lines)
    kind = _kind(title_text, lines, table_titles)
    identity = Identity(
        kind=kind,
        department=_department(
            title, lines, fields, table_titles, _running_heads(document), scope
        ),
        fiscal_year=_fiscal_year(
            title_text, lines + table_titles + [fold_cn_years(squeeze(t)) for t in captions],
            kind,
        ),
        scope=scope,
    )
    _check(identity, title_text)
    return identity, _names_a_kind(title_text, lines, table_titles)


def _cover_end(lines: list[str]) -> int:
    """Where the cover ends: at the 目录 or the first numbered line (一、部门概况), within
    the first 80 lines. A field past it is the body's (1.预算单位：某站 lists a unit
    under the department), never the cover's."""
    for i, line in enumerate(lines[:80]):
        if is_toc_line(line) or numbering(line) is not None:
            return i
    return min(len(lines), 80)


def _caption_texts(document: Document) -> list[str]:
    """The caption lines readers kept on tables, and each table's first row where it holds
    a field (a Word or Excel table may print its 部门：… line as a row of its own), or
    its second or third row where that names the unit (under a 公开01表 row)."""
    texts: list[str] = []
    for table in document.tables():
        texts += table.captions
        top: dict[int, list[tuple[int, str]]] = {0: [], 1: [], 2: []}
        for cell in table.cells:
            if cell.row in top:
                top[cell.row].append((cell.col, fold_width(cell.text)))
        for row, cells in top.items():
            if any(_LABEL.search(text) if row else "：" in text for _, text in cells):
                texts.append("  ".join(text for _, text in sorted(cells)))
        texts += _form_fields(table)
    return texts


def _form_fields(table: Table) -> list[str]:
    """The fields of a cover form: a small table whose rows each print a label in one
    cell, colon or not, and its value in the next (单位名称 | 某县第一中学)."""
    if table.n_rows > 12 or table.n_cols > 4:
        return []
    fields = []
    for row in table.grid():
        cells = [squeeze(fold_width(text)) for text in row if squeeze(text)]
        if len(cells) < 2:
            continue
        label, value = cells[0].rstrip("：:") + "：", cells[1]
        if _LABEL.fullmatch(label) and not _LABEL.fullmatch(value.rstrip("：:") + "："):
            fields.append(label + value)
    return fields


def _names_a_kind(title: str, lines: list[str], table_titles: list[str]) -> bool:
    if _TITLE_KIND.search(title) and not _TITLE_KIND.search(_BUDGET_EXECUTION.sub("", title)):
        # A title naming only a 预算执行情况: the tables or headings must name the kind.
        text = "".join(table_titles) + "".join(
            line for line in lines[:400] if len(line) <= 40 and numbering(line) is not None)
        return bool(re.search(r"决算|部门预算|单位预算|预算表|绩效自评|绩效评价",
                              _BUDGET_EXECUTION.sub("", text)))
    text = title + "".join(table_titles) + "".join(lines[:400])
    return bool(re.search(r"决算|预算|绩效自评|绩效评价", text))


def _table_titles(document: Document) -> list[str]:
    return [fold_cn_years(squeeze(fold_width(t.title))) for t in document.tables() if t.title]


_NOTE = re.compile(r"^(?:注|说明|备注)\d*[:：]")
# A date or a line of the publishing page on the cover (公开时间：2024年8月30日,
# 二〇二四年九月, 保密审查情况：已审查, 监督索引号5326…, 发布机构：…): no part of the title.
_COVER_DATE = re.compile(
    r"^[^：]{0,10}(?:日期|时间|审查情况|审签情况|机构|机关|来源|文号)：|^(?:监督)?索引号"
    r"|^(?:19|20)\d{2}年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
)
# The key of a web page's 标题：… line before the title it repeats.
_TITLE_KEY = re.compile(r"^标题[:：]")


def _title_lines(lines: list[str]) -> list[str]:
    """Cover and title: the lines before the 目录 or the first numbered heading.

    Field lines (单位名称：…, 单位：万元) on the cover are no part of the title. When
    the document opens with a numbered section at once, the first line that names a
    kind of report serves as the title.
    """
    title: list[str] = []
    for line in lines[:40]:
        found = numbering(line)
        if is_toc_line(line) or (found is not None and title):
            break
        if found is not None and found[0] > 1:
            break
        if (_LABEL.match(line) or UNIT_DECLARATION.match(line) or _NOTE.match(line)
                or _COVER_DATE.match(line)):
            continue  # a field, a unit, a date or a table's note (注：本表无数据) is no title
        title.append(_TITLE_KEY.sub("", line))
        if len(title) >= 8:
            break
    if not any(_TITLE_KIND.search(t) for t in title):
        # A title is never numbered: past a 目录 that opens the file, the title printed
        # after it comes before the numbered entries that name the report's parts.
        candidates = [line for line in lines[:60] if numbering(line) is None]
        candidates += [line for line in lines[:60] if numbering(line) is not None]
        for line in candidates:
            if (
                len(line) <= 60
                and not _LABEL.match(line)
                and re.search(r"报告$|决算$|预算$|绩效自评报告|部门决算|部门预算|单位预算", line)
            ):
                title.append(line)
                break
    return title


# 预算执行情况 (how last year's budget was carried out) names no budget: a title that
# says only that is no 部门预算, and its kind is read elsewhere or not at all.
_BUDGET_EXECUTION = re.compile(r"预算(?:的)?执行(?:情况)?")


# A self-evaluation's own words; a budget's 整体支出绩效目标 is part of the budget.
_OWN_PERFORMANCE = r"绩效自评|绩效评价报告|整体支出绩效(?!目标)|整体绩效(?!目标)"
# A 决算 or 预算 and a second part beside it (部门决算及整体支出绩效自评情况): the
# report is the first, with the evaluation as its appendix.
_AND_APPENDIX = r"(?:决算|预算)(?:公开)?(?:及|和|与|暨|、|并)(?!(?:部门|单位)?(?:决算|预算))"


def _main_title(title: str) -> str:
    """The title without what names no kind of its own: a 预算执行情况, what a bracket
    says it includes (（含部门整体支出绩效目标）), an appendix (附：…绩效自评报告)."""
    title = _BUDGET_EXECUTION.sub("", title)
    title = re.sub(r"[（(](?:含|附|包括)[^（）()]*[）)]", "", title)
    return re.sub(r"(?<=.)附(?:件|表)?\d*[：:].*$", "", title)  # 附件2：… opening a title is it


def _kind(title: str, lines: list[str], table_titles: list[str] | None = None) -> str:
    # The cover title decides. A 绩效自评报告 may name the 决算 it evaluates, so its
    # own words come first there; a file of tables only is named by its table titles,
    # where 决算表 beside an appended 绩效自评表 still makes a final account.
    title = _main_title(title)
    if re.search(_OWN_PERFORMANCE, title) and not re.search(_AND_APPENDIX, title):
        return PERFORMANCE_EVALUATION
    for text in (title, "".join(table_titles or [])):
        if "决算" in text:
            return FINAL_ACCOUNTS
        if re.search(_OWN_PERFORMANCE, text):
            return PERFORMANCE_EVALUATION
        if "预算" in text:
            return BUDGET
    text = "".join(lines)
    performance = sum(any(h in line for h in _PERFORMANCE_HEADINGS) for line in lines[:400])
    final = sum(text.count(h) for h in _FINAL_HEADINGS)
    budget = sum(text.count(h) for h in _BUDGET_HEADINGS)
    if final == 0 and budget == 0 and performance >= 2:
        return PERFORMANCE_EVALUATION
    if budget > final:
        return BUDGET
    if final:
        return FINAL_ACCOUNTS
    return PERFORMANCE_EVALUATION if performance else FINAL_ACCOUNTS


Field = tuple[str, str]  # (label, name): 主管部门：, 某县教育局


def _department(
    title: list[str],
    lines: list[str],
    fields: tuple[list[Field], list[Field]],
    table_titles: list[str],
    heads: list[str],
    scope: str = DEPARTMENT,
) -> str:
    """The printed name, from the most explicit place that prints one.

    A field on the cover first, then the title, then a field naming another body
    (主管部门, 评价单位) where nothing else names one, then the fields over the tables
    (the name most of them print), the table titles, a cover line, the 概况 heading, a
    running head. Whatever source wins, a longer reading of the same name printed
    elsewhere (a field cut short by a line break) replaces it: a name is never kept cut
    short. A unit's report is never named by its 主管部门: rather no name than that one.
    """
    unit = scope == UNIT

    def names(found: list[Field], *, own: bool) -> list[str]:
        return [name for label, name in found
                if bool(_OTHER_BODY_LABEL.match(label)) != own
                and not (unit and _SUPERVISOR_LABEL.match(label))]

    cover_fields = names(fields[0], own=True)
    table_fields = names(fields[1], own=True)
    title_name = _own_name(_name_from_title("".join(title)), title, scope)
    name = (
        (cover_fields[0] if cover_fields else "")
        or title_name
        or next(iter(names(fields[0], own=False)), "")
        or _most_common(table_fields)
        or _most_common(names(fields[1], own=False))
        or _most_common([n for n in map(_name_from_table_title, table_titles) if n])
        or _cover_line(title)
        or _overview_name(lines)
        or next((n for n in map(_name_from_title, heads) if n), "")
        or _most_common_org(lines)
    )
    readings = [*cover_fields, *table_fields, title_name]
    supervisors = {n for label, n in [*fields[0], *fields[1]] if _SUPERVISOR_LABEL.match(label)}
    if unit and name in supervisors and name not in readings:
        return ""
    return _longest_reading(name, readings)


def _own_name(name: str, title: list[str], scope: str = DEPARTMENT) -> str:
    """The title's name without a cover line printed over it that names a body of its
    own: the department over its unit's title (某县水利局 / 某县水利站2023年度单位决算,
    某县水利局所属某县水利站…, 某县教育局 / 某县第一中学 / 2023年度单位决算), the parent
    over its department (某县人民政府 / 某县人民政府办公室), or the name over a title that
    repeats it (某县水利局 / 某县水利局2023年度部门决算).

    The rest must be a name of its own that starts with the same place (某县…), not
    the tail of a name wrapped onto the next line (…某某街道 / 办事处2023年度部门决算,
    某县某街道 / 某社区服务中心…). Two names of a department's own, each on its line
    over the title (某县人民政府办公室 / 某县外事办公室 / 2023年度部门决算), are its name.
    """
    heads = []
    if len(title) > 1 and name.startswith(title[0]):
        rest = name[len(title[0]):]
        if (rest.startswith(title[0]) or scope == UNIT
                or _TITLE_KIND.search(title[1]) or _YEAR_IN_TITLE.search(title[1])):
            heads.append(title[0])
    if subordinate := re.match(r".+?(?:所属|下属)", name):
        heads.append(subordinate.group(0))
    for head in heads:
        rest = name[len(head):]
        place = re.match(r".{1,8}?[省市县区州盟旗]", head)
        if rest and _plausible(re.sub(r"(?:所属|下属)$", "", head)) and _plausible(rest) \
                and rest.startswith(place.group(0) if place else head[:3]):
            return rest
    return name


def _field_names(lines: list[str]) -> list[Field]:
    """Names printed in 单位名称：/部门：/编制单位：… fields, in order; blank fields skipped.

    A line is read without its spaces (a letter-spaced 单 位 名 称：), then with each
    run of spaces as one, where a label stands apart from the words before it. A name
    the field's box wrapped (…委员会办 / 公厅) takes its tail from the next line, and
    a label that ends its line (a form's 单位名称： cell) its name from the next line.
    """
    names: list[Field] = []
    for i, line in enumerate(lines):
        if numbering(squeeze(line)) is not None:
            continue  # an item of a list (1.预算单位：某站), not a field
        after = squeeze(lines[i + 1]) if i + 1 < len(lines) else ""
        for text in (squeeze(line), " ".join(line.split())):
            found = _line_fields(text)
            if found:
                label, name = found[-1]
                if _WRAPPED_TAIL.match(after) and _ORG_SUFFIX.search(name + after):
                    found[-1] = (label, name + after)
                names += found
                break
        else:
            if _LABEL.fullmatch(squeeze(line)) and _name_on_its_own(after):
                names.append((squeeze(line), _clean_name(after)))
    return names


def _line_fields(text: str) -> list[Field]:
    """The labels and names of the fields of a line, from its first field on; a name
    ends before the next field, spaced apart (部门：某某局 预算年度：2019) or glued on
    (主管部门：某县教育局单位名称：某县第一中学)."""
    for match in _LABEL.finditer(text):
        if _BEFORE_LABEL.search(text[: match.start()]):
            value = re.split(r" [^ ：]{1,8}：", text[match.end():])[0]
            glued = _NEXT_LABEL.search(value)
            name = _clean_name(value[: glued.start()] if glued else value)
            found = [(match.group(0), name)] if _plausible(name) else []
            return found + (_line_fields(value[glued.start():]) if glued else [])
    return []


def _name_on_its_own(line: str) -> bool:
    """A line that is a name and nothing else (no field, heading, title or figure)."""
    return (
        "：" not in line
        and numbering(line) is None
        and not _TITLE_KIND.search(line)
        and _plausible(_clean_name(line))
    )


def _most_common(names: list[str]) -> str:
    return Counter(names).most_common(1)[0][0] if names else ""


def _cover_line(title: list[str]) -> str:
    for line in title:
        # A cover may print the unit on a line of its own (2023年度部门决算 / 某某局).
        name = _clean_name(line)
        if "：" not in line and _plausible(name) and not _TITLE_KIND.search(line):
            return name
    return ""


def _overview_name(lines: list[str]) -> str:
    for line in lines[:120]:
        match = re.match(r"^(?:第[一二三四五六七八九十]+部分)?(.+?)(?:单位|部门)?概况$", line)
        if match and _plausible(_clean_name(match.group(1))):
            return _clean_name(match.group(1))
    return ""


def _longest_reading(name: str, readings: list[str]) -> str:
    """The longest printed reading that begins with ``name`` (the same name, not cut short)."""
    longer = [r for r in readings if r.startswith(name) and len(r) > len(name)]
    return max(longer, key=len) if name and longer else name


def _running_heads(document: Document) -> list[str]:
    """Short lines printed on three or more pages (a running head naming the report)."""
    pages: dict[str, set[int]] = {}
    for line in document_lines(document):
        text = fold_cn_years(squeeze(fold_width(line.text)))
        if len(text) <= 60 and _TITLE_KIND.search(text):
            pages.setdefault(text, set()).add(line.page)
    return [text for text, seen in pages.items() if len(seen) >= 3]


# 本级 together with the units under it (含本级, 含所属单位, 本级及所属二级单位,
# 包括本级和下属单位, 某局及所属二级单位): the consolidated report, not the 本级 one.
# 不含下属单位 is the 本级 one; 含山县 is a place.
_WITH_SUBORDINATES = re.compile(
    r"(?<!不)(?:含|包括|包含)(?:机关)?(?:本级|其?(?:所属|下属|二级))"
    r"|本级(?:及|和|与|、|加)其?(?:所属|下属|二级)"
    r"|(?:及|和|与|、|加)其?(?:所属|下属)(?:的)?(?:二级)?(?:预算)?单位"
)


# 部门（单位）决算: a report naming both; read as the department's.
_EITHER_SCOPE = re.compile(r"(部门|单位)[（(](?:部门|单位)[）)](?=决算|预算)")


def _scope(title: str, table_titles: list[str], lines: list[str] | None = None) -> str:
    """``unit`` for a 单位决算/单位预算 (本级, 二级单位), ``department`` for a consolidated one.

    The title decides (本级 and 二级单位 even in a report called 部门决算; 含本级 or
    本级及所属单位 is the consolidated one). A title naming neither (某大学2022年度决算)
    is read from the part headings (第二部分 2022年度单位决算表) and a file of tables
    only from its table titles (预算单位…表 / 单位…表 against 部门…表). Without a word
    either way: department.
    """
    if _WITH_SUBORDINATES.search(title):
        return DEPARTMENT
    if re.search(r"本级|二级单位", title):
        return UNIT
    if re.search(r"部门(?:决算|预算)", title):
        return DEPARTMENT
    if re.search(r"单位(?:决算|预算)", title):
        return UNIT
    headings = [line for line in (lines or [])[:200]
                if len(line) <= 40 and numbering(line) is not None]
    unit = sum(bool(re.search(r"(?<!二级)单位(?:决算|预算)(?:表|情况说明)", h)) for h in headings)
    department = sum(bool(re.search(r"部门(?:决算|预算)(?:表|情况说明)", h)) for h in headings)
    unit += sum(bool(re.match(r"(?:\d{4}年度?)?(?:预算)?单位", t)) for t in table_titles)
    department += sum(bool(re.match(r"(?:\d{4}年度?)?部门", t)) for t in table_titles)
    return UNIT if unit > department else DEPARTMENT


def _name_from_table_title(title: str) -> str:
    """Department from 某某厅2019年部门收支预算总表 / 某某厅部门收支总表."""
    match = re.match(r"^(.+?)(?:(?:19|20)\d{2}年度?|部门|单位)", TABLE_NUMBER.sub("", title))
    name = _clean_name(match.group(1)) if match else ""
    return name if _plausible(name) else ""


def _name_from_title(title: str) -> str:
    """Department from 2024年度<dept>部门决算 / <dept>2024年度部门决算 / …绩效自评报告."""
    title = _EITHER_SCOPE.sub(r"\1", title)
    patterns = (
        # 某厅部门整体绩效自评报告: 整体 with or without 支出 belongs to the kind.
        r"(?:19|20)\d{2}(?:年度?|度)(.+?)(?:部门|单位)?(?:整体支出|整体)?(?:绩效自评报告|"
        r"绩效评价报告|"
        r"绩效自评|部门决算|单位决算|决算|部门预算|单位预算|预算)",
        # 某办事处部门2021年度部门决算: the 部门 before the year is no part of the name.
        r"^(.+?)(?:部门|单位)?(?:19|20)\d{2}(?:年度?|度)(?:部门|单位)?(?:决算|预算|整体支出|绩效)",
        # No year in the title line at all: 某局部门整体绩效自评 / 某局部门决算公开说明.
        r"^(\D+?)(?:部门|单位)?(?:整体支出|整体)?(?:绩效自评|绩效评价|部门决算|单位决算|"
        r"部门预算|单位预算)",
    )
    for pattern in patterns:
        for match in re.finditer(pattern, title):
            name = _clean_name(match.group(1))
            if _plausible(name):
                return name
    return ""


def _clean_name(raw: str) -> str:
    name = re.sub(r"^(?:关于|附件\d*[：:]?)", "", squeeze(raw))
    label = _LABEL.match(name)
    name = _AFTER_NAME.split(name[label.end():] if label else name)[0]
    name = name.strip("：:，,。 ")
    # A bracket saying what the figures cover (（本级）, （汇总）, （本级，不含下属单位）).
    coverage = r"（(?:部门|单位|机关|[^（）]*(?:本级|汇总|合并|含)[^（）]*)）"
    name = re.sub(rf"(?:{_SEAL}|{coverage})$", "", name)
    name = re.sub(r"(?:机关)?本级$|机关$", "", name)  # 某区总工会本级2024年度决算, 某局机关
    name = re.sub(r"关于$", "", name)  # 某局关于2023年度部门决算的说明
    name = re.sub(r"(?:编制|编印|印发|编)$", "", name)  # a cover's 某局 编制
    # 某县财政局关于某县教育局2023年度部门决算的批复: the report is the 教育局's.
    name = name.rsplit("关于", 1)[-1]
    return name.replace("*", "")


# A firm (某会计师事务所有限公司, …（特殊普通合伙）): a third party that evaluates or
# audits a report, never a budget unit that publishes one.
_FIRM = re.compile(r"(?:有限(?:责任)?公司|股份公司|事务所|普通合伙）?)$")


def _plausible(name: str) -> bool:
    if len(name) < 2 or len(name) > 40 or name in _GENERIC_NAMES:
        return False
    if re.search(r"\d{4}|[，,。；;：:、]", name):  # a list of bodies is no name
        return False
    if _FIRM.search(name):  # the evaluator, never the body that reports
        return False
    # A second name in brackets after the first (某某办公厅（某某研究室）) is part of it,
    # and may be the one that names the body (某某产业集中区（管委会）).
    bare = re.sub(r"（[^（）]+）$", "", name)
    bracketed = name[len(bare) + 1:-1]
    return (bool(_ORG_SUFFIX.search(bare)) or bool(_ORG_SUFFIX.search(bracketed))
            or bool(_PLACEHOLDER.search(name)))


# Ending where the name ends: not 某镇中心 cut from 某镇中心小学; starting after a
# year (not 年度某县某局 from 2023年度某县某局…) and after the word that opens a
# sentence naming another body (根据某县财政局的通知…).
_ORG_NAME = re.compile(
    r"(?![年度月日])(?!根据|按照|依据|依照|经过|通过|会同|配合|协助|关于|由于|对于|接受|报送|上报"
    r"|结合|落实|贯彻|为了|报请|提请|经由)[\u4e00-\u9fff]{2,6}[省市县区州盟旗][\u4e00-\u9fff]{2,16}?(?:局|委员会|办公室|中心)"
    r"(?=[^\u4e00-\u9fff]|$|部门|单位|关于|是|为|的|主要|负责|概况|机关|本级|年|编|印)"
)


def _most_common_org(lines: list[str]) -> str:
    """The body the text names most as the subject of its sentences (某县水利局是…);
    a body named inside one (根据某县财政局的通知) is another party, and so is one in
    a field line (委托单位：某县财政局, 主管部门：…), or it was read as a field already."""
    counts: Counter[str] = Counter()
    for line in lines[:200]:
        if re.match(r"[^：]{1,10}：", line):
            continue
        found = numbering(line)
        for sentence in re.split(r"[。；;！!？?]", line[len(found[1]):] if found else line):
            if match := _ORG_NAME.match(sentence):
                counts[match.group(0)] += 1
    return counts.most_common(1)[0][0] if counts else ""


# A year that is a date's (2024年9月, 二〇二四年九月 folded to 2024年九月): when the
# report was signed or published, never the year it reports on.
_MONTH = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月")
# A year a comparison names (较2022年度, 比上年…, 与2023年相比): the year before.
_COMPARED = re.compile(r"(?:较|比|与|同|对比|相比)$")
# The kind's own words after a year in a heading (第二部分 2023年度部门决算表).
_KIND_AFTER_YEAR = {
    FINAL_ACCOUNTS: r"(?:部门|单位)?决算(?:表|情况|报表|公开|说明|$)|(?:部门|单位)决算",
    BUDGET: r"(?:部门|单位)预算(?!执行)|预算(?:表|情况说明|编制说明|公开|$)",
    PERFORMANCE_EVALUATION: r"(?:部门)?整体支出绩效|绩效自评|(?:部门|单位)?决算",
}


def _fiscal_year(title: str, lines: list[str], kind: str = FINAL_ACCOUNTS) -> int | None:
    """The title's year; else the year the part headings give the report itself
    (2023年度部门决算表); else the year the text names most, dates and the years of
    comparisons (较2022年度) left out."""
    years = [m for m in _YEAR_IN_TITLE.finditer(title) if not _MONTH.match(title[m.end():])]
    for match in years:
        # 某局2023年预算执行情况和2024年部门预算: the year of the report's own kind.
        if re.match(_KIND_AFTER_YEAR[kind], title[match.end():]):
            return int(match.group(1))
    if years:
        return int(years[0].group(1))
    counts: Counter[int] = Counter()
    for line in lines[:400]:
        if len(line) > 40:
            continue
        for match in _YEAR_IN_TITLE.finditer(line):
            if re.match(_KIND_AFTER_YEAR[kind], line[match.end():]):
                counts[int(match.group(1))] += 1
    if counts:
        return counts.most_common(1)[0][0]
    for pattern in (r"((?:19|20)\d{2})年度", r"((?:19|20)\d{2})年"):
        for line in lines[:400]:
            for match in re.finditer(pattern, line):
                if _MONTH.match(line[match.end():]) or _COMPARED.search(line[: match.start()]):
                    continue
                counts[int(match.group(1))] += 1
        if counts:
            return counts.most_common(1)[0][0]
    return None


def _check_part_headings(identity: Identity, document: Document) -> None:
    """Part headings (第三部分 …2024年度…情况说明) naming another year or a placeholder."""
    for line in document_lines(document):
        text = squeeze(fold_width(line.text))
        if line.level != 1 or not line.heading:
            continue
        years = {int(y) for y in re.findall(r"((?:19|20)\d{2})年度", text)}
        if identity.fiscal_year and years - {identity.fiscal_year}:
            identity.warnings.append(
                "标题年度与报告年度不一致 "
                f"(heading names another year than {identity.fiscal_year}): {text}"
            )
        if _PLACEHOLDER.search(text) and not _PLACEHOLDER.search(identity.department):
            identity.warnings.append(f"标题含占位符 (heading has placeholders): {text}")


def _check(identity: Identity, title: str) -> None:
    if not identity.department:
        identity.warnings.append(_NO_DEPARTMENT)
    elif _PLACEHOLDER.search(identity.department):
        identity.warnings.append(
            f"部门名称是占位符 (department is a placeholder): {identity.department}"
        )
    if identity.fiscal_year is None:
        identity.warnings.append(_NO_YEAR)
    if _PLACEHOLDER.search(title):
        identity.warnings.append(f"标题含占位符 (title has placeholders): {title}")
