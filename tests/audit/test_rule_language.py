"""The consistency checks speak the visitor's language: Chinese by default, English on request.

Rule names, descriptions, messages and explanations, the words a table identity adds up,
the findings list, a finding's page, the rule pages and the findings on an upload's review
page: none of them lets English through into the Chinese pages.
"""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core.statements import Basis
from reports.checks import RULES, finding_message
from reports.checks.registry import CATEGORY_LABELS
from reports.checks.tables import basis_params, basis_text
from reports.models import Finding
from reports.review import AUDITORS_GROUP
from tests.audit.builders import publish, table

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# A word of English: Latin letters with at least one lower-case one (XX, PDF are not).
ENGLISH_WORD = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*")

FAULTY = {"basic_expenditure": "965.72", "personnel_expenditure": "721.2",
          "public_expenditure": "244.1"}
# A 合计 half a 元 off its 类 rows: an error, whose message names what it adds up.
OFF = table("支出决算表", [(None, "合计", {"本年支出合计": "10.50"}),
                         ("201", "一般公共服务支出", {"本年支出合计": "5.00"}),
                         ("205", "教育支出", {"本年支出合计": "5.00"})])


def english_words(text: str) -> list[str]:
    return ENGLISH_WORD.findall(PLACEHOLDER.sub("", text))


def visible(page: str, start: str, end: str) -> str:
    """The text a reader sees (and hears: labels, titles) between two markers of a page,
    without identifiers (``<code>tables.total_sum</code>``)."""
    part = page[page.index(start): page.index(end, page.index(start))]
    part = re.sub(r"<code>.*?</code>", "", part)
    labels = " ".join(re.findall(r'(?:aria-label|title|alt)="([^"]*)"', part))
    return html.unescape(re.sub(r"<[^>]+>", " ", part) + " " + labels)


def chinese(msgid: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(msgid)


RULE_TEXTS = [(rule.id, field) for rule in RULES.values()
              for field in ("name", "description", "message", "explanation")
              if getattr(rule, field)]


@pytest.mark.parametrize(("rule_id", "field"), RULE_TEXTS, ids=[".".join(t) for t in RULE_TEXTS])
def test_every_rule_text_reads_in_chinese_keeping_every_parameter(rule_id, field):
    english = getattr(RULES[rule_id], field)
    shown = chinese(english)
    assert shown != english, f"{rule_id} {field} has no Chinese"
    assert english_words(shown) == [], f"{rule_id} {field}: English left in “{shown}”"
    assert sorted(PLACEHOLDER.findall(shown)) == sorted(PLACEHOLDER.findall(english))
    assert shown.count("%%") == english.count("%%")


def test_every_category_reads_in_chinese():
    for label in CATEGORY_LABELS.values():
        with translation.override("zh-hans"):
            assert english_words(str(label)) == [], str(label)


BASES = [Basis("coded", ("款", "205")), Basis("coded", ("", "2050101")), Basis("categories"),
         Basis("rows"), Basis("numbered"), Basis("sides"), Basis("items", ("一、财政拨款",)),
         Basis("carry_over", ("本年收入合计",)), Basis("part_of", ("其中：人员经费", "基本支出"))]


@pytest.mark.parametrize("basis", BASES, ids=[b.shape + str(len(b.names)) for b in BASES])
def test_what_a_table_identity_adds_up_reads_in_either_language(basis):
    stored = basis_params(basis)
    with translation.override("en"):
        assert basis_text(stored) == str(basis)  # the English the checks always printed
    with translation.override("zh-hans"):
        shown = basis_text(stored)
    assert english_words(shown) == [], shown
    assert all(name in shown for name in basis.names)


@pytest.fixture
def auditor():
    user = User.objects.create_user("auditor", password="pw-secret-123")
    user.groups.add(Group.objects.get_or_create(name=AUDITORS_GROUP)[0])
    return user


@pytest.mark.django_db
def test_the_findings_list_is_chinese_by_default_and_english_with_the_language_cookie(
    client, auditor,
):
    publish(figures=FAULTY, tables=[OFF])
    client.force_login(auditor)
    url = reverse("audit:finding_list")
    page = client.get(url).content.decode()
    assert '<html lang="zh-hans">' in page
    listed = visible(page, '<table class="findings">', "</form>")
    assert english_words(listed) == [], listed
    assert "各类级科目" in listed  # what the 合计 adds up, in Chinese
    assert 'title="警告"' in page  # the badges' warnings, not the parser's 提示
    assert "意见" in listed  # the bulk form's note field
    for rule_id in ("tables.total_sum", "figures.personnel_public_sum"):
        assert chinese(RULES[rule_id].name) in listed
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert '<html lang="en">' in page
    listed = visible(page, '<table class="findings">', "</form>")
    assert "Total rows add up" in listed
    assert "the rows it totals add up to 10 (类 rows)" in listed
    assert "Review the chosen findings" in listed


@pytest.mark.django_db
def test_a_findings_page_is_chinese_by_default_and_english_with_the_language_cookie(client):
    report = publish(tables=[OFF])
    finding = Finding.objects.get(report=report, rule_id="tables.total_sum")
    url = reverse("audit:finding_detail", args=[finding.pk])
    page = client.get(url).content.decode()
    assert '<html lang="zh-hans">' in page
    head = visible(page, "<h1>", '<section id="evidence">')
    assert english_words(head) == [], head
    assert "合计行相符" in head
    assert "合计、小计或总计行等于其所汇总各行之和" in head
    assert "《支出决算表》：合计“本年支出合计”列为10.50，所汇总各行之和为10（各类级科目）" in head
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert '<html lang="en">' in page
    assert "支出决算表: 合计 in column 本年支出合计 is 10.50" in page
    assert "A 合计, 小计 or 总计 row equals the sum of the rows it totals." in page


@pytest.mark.django_db
def test_the_rule_pages_are_chinese_and_a_note_is_a_note_not_a_review_comment(client):
    listing = client.get(reverse("audit:rule_list")).content.decode()
    rules = visible(listing, "<table>", "</table>")
    assert english_words(rules) == [], rules
    assert ">提示<" in listing  # the severity of performance.values_repeated
    assert ">意见<" not in listing
    detail = client.get(reverse("audit:rule_detail", args=["plausibility.execution_rate"]))
    text = detail.content.decode()
    assert "50%–150%" in text  # the catalogue's entry, found despite its per cent sign
    assert english_words(visible(text, "<h1>", "</main>")) == []


@pytest.mark.django_db
def test_the_review_page_shows_an_uploads_findings_in_the_visitors_language(client):
    from ingest.services import upload_create, upload_parse

    staff = User.objects.create_user("staff", password="pw-secret-123", is_staff=True)
    staff.groups.add(Group.objects.get_or_create(name="staff")[0])
    text = ("青川市临江区科学技术局2023年度部门决算\n一、基本支出情况\n"
            "2023年度基本支出965.72万元，其中：人员经费721.2万元，公用经费244.1万元。\n")
    upload = upload_create(file=SimpleUploadedFile("决算.txt", text.encode()), user=staff)
    upload_parse(upload=upload)
    upload.refresh_from_db()
    (found,) = upload.result["findings"]
    assert found["message"].startswith("基本支出 is 965.72")  # saved in English at parse time
    client.force_login(staff)
    url = reverse("ingest:upload_review", args=[upload.pk])
    page = client.get(url).content.decode()
    section = visible(page, '<section id="review-findings"', "</section>")
    assert english_words(section) == [], section
    assert "发布前的一致性检查问题" in section
    assert "基本支出为965.72" in section
    client.cookies["django_language"] = "en"
    section = visible(client.get(url).content.decode(), '<section id="review-findings"',
                      "</section>")
    assert "基本支出 is 965.72" in section
    assert "Consistency findings before publishing" in section


@pytest.mark.django_db
def test_a_finding_saved_before_its_basis_was_stored_keeps_its_words():
    report = publish(tables=[OFF])
    finding = Finding.objects.get(report=report, rule_id="tables.total_sum")
    del finding.evidence["params"]["basis"]
    with translation.override("zh-hans"):
        assert finding_message(finding).endswith("（类 rows）。")
