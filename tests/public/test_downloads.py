"""Bulk downloads: a year's zip validates as a Frictionless Data Package and loads into
pandas with the types it declares; publishing rebuilds it; its pages and files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from django.core.management import call_command
from django.utils import timezone

from core.contract import ParsedFigure, ParsedSection
from ingest.services import report_publish
from reports.downloads import download_build, downloads_list, downloads_rebuild_all
from reports.models import Report
from tests.public.conftest import EDUCATION, SCIENCE, final_accounts

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The pandas dtype for each Frictionless type the data package declares.
DTYPES = {"integer": "Int64", "number": "Float64", "string": "string"}
TABLES = ("reports", "figures", "expenditure_lines", "statement_rows", "indicators",
          "findings")


def unpack(path: Path, into: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        archive.extractall(into)
    return json.loads((into / "datapackage.json").read_text(encoding="utf-8"))


def load(folder: Path, resource: dict) -> pd.DataFrame:
    """A CSV of the package read with exactly the types its schema declares."""
    fields = resource["schema"]["fields"]
    dtypes = {f["name"]: DTYPES[f["type"]] for f in fields if f["type"] in DTYPES}
    dates = [f["name"] for f in fields if f["type"] == "datetime"]
    assert set(dtypes) | set(dates) == {f["name"] for f in fields}  # every type is known
    frame = pd.read_csv(folder / resource["path"], dtype=dtypes, keep_default_na=False,
                        na_values={name: [""] for name in dtypes if dtypes[name] != "string"})
    for name in dates:
        frame[name] = pd.to_datetime(frame[name], format="ISO8601")
    return frame


def test_a_years_download_validates_and_loads_with_its_declared_types(corpus, tmp_path):
    path = download_build(year=2023)
    assert path.name == "juesuan-2023.zip"
    package = unpack(path, tmp_path)
    assert [r["name"] for r in package["resources"]] == list(TABLES)
    assert package["juesuan"]["reports"] == 3  # science FA and PE, education FA of 2023
    assert package["title"] == "决算公开数据：2023年度 / juesuan open data: fiscal year 2023"
    for resource in package["resources"]:
        for field in resource["schema"]["fields"]:  # both languages, every column
            assert " / " in field["description"], (resource["name"], field["name"])

    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json",
         str(tmp_path / "datapackage.json")],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0, json.dumps(report, ensure_ascii=False)[:3000]
    assert report["valid"] is True
    assert sorted(task["name"] for task in report["tasks"]) == sorted(TABLES)
    assert all(task["stats"]["rows"] > 0 for task in report["tasks"])

    frames = {r["name"]: load(tmp_path, r) for r in package["resources"]}
    reports = frames["reports"]
    assert str(reports["report_id"].dtype) == "Int64"
    assert set(reports["fiscal_year"]) == {2023}
    science = reports[reports["department"] == SCIENCE]
    assert sorted(science["kind"]) == ["final_accounts", "performance_evaluation"]
    assert str(reports["published_at"].dt.tz) == "UTC+08:00"  # China Standard Time

    figures = frames["figures"]
    assert str(figures["value"].dtype) == "Float64"
    total = figures[(figures["report_id"] == corpus.science_2023.pk)
                    & (figures["key"] == "expenditure_total")].iloc[0]
    assert (total["value"], total["value_text"], total["unit"], total["page"]) == (
        1023.5, "1023.50", "wanyuan", 3)
    assert (total["label_zh"], total["label_en"]) == ("本年支出合计", "Total expenditure")

    lines = frames["expenditure_lines"]
    assert str(lines["budget"].dtype) == "Float64"
    assert list(lines.loc[lines["report_id"] == corpus.science_2023.pk, "code"]) == ["2060101"]

    rows = frames["statement_rows"]
    row = rows[(rows["report_id"] == corpus.science_2023.pk) & (rows["code"] == "206")]
    assert list(zip(row["column"], row["value"], strict=True)) == [
        ("合计", 154.8), ("基本支出", 154.8)]
    three_public = rows[rows["table_title"] == "“三公”经费支出决算表"]
    assert three_public["code"].iloc[0] == ""  # printed without a code: empty text

    indicators = frames["indicators"]
    assert list(indicators["level3"]) == ["科技项目验收数", "科技成果转化率", "企业满意度"]
    assert str(indicators["page"].dtype) == "Int64"

    findings = frames["findings"]
    assert set(findings["report_id"]) <= set(reports["report_id"])
    assert findings["message_zh"].str.len().min() > 0
    assert (findings["message_zh"] != findings["message_en"]).all()


def test_the_whole_download_holds_every_year_and_no_draft(corpus, tmp_path):
    corpus.science_2021.status = Report.Status.DRAFT
    corpus.science_2021.save(update_fields=["status"])
    downloads_rebuild_all()
    assert [d.name for d in downloads_list()] == [
        "juesuan-all.zip", "juesuan-2023.zip", "juesuan-2022.zip"]  # 2021 has only a draft
    everything = unpack(download_build(year=None), tmp_path)
    assert everything["juesuan"]["reports"] == 4
    reports = pd.read_csv(tmp_path / "reports.csv")
    assert corpus.science_2021.pk not in set(reports["report_id"])
    assert set(reports["fiscal_year"]) == {2022, 2023}


def test_publishing_rebuilds_the_years_download_in_the_background(
        corpus, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE  # the worker's task runs at once
    with django_capture_on_commit_callbacks(execute=True):
        report = report_publish(parsed=final_accounts("青川市第五测试局", 2024))
    built = {d.name: d for d in downloads_list()}
    assert set(built) == {"juesuan-2024.zip", "juesuan-all.zip"}
    assert built["juesuan-2024.zip"].reports == 1
    assert built["juesuan-all.zip"].reports == 6
    with zipfile.ZipFile(download_build(year=2024)) as archive:
        assert str(report.pk) in archive.read("reports.csv").decode()

    # Nothing new published: asking again leaves the file as it is.
    before = (Path(settings.MEDIA_ROOT) / "opendata" / "juesuan-2024.zip").stat().st_mtime_ns
    download_build(year=2024)
    after = (Path(settings.MEDIA_ROOT) / "opendata" / "juesuan-2024.zip").stat().st_mtime_ns
    assert before == after


def test_cells_that_would_run_as_spreadsheet_formulas_are_neutralised(corpus, tmp_path):
    parsed = final_accounts("青川市第七测试局", 2019)
    parsed.figures.append(ParsedFigure("meeting_fee", "-1.50", source="=HYPERLINK(\"x\")",
                                       page=4))
    parsed.sections.append(ParsedSection("@SUM(A1)", "text", page=2))
    report_publish(parsed=parsed)
    unpack(download_build(year=2019), tmp_path)
    with (tmp_path / "figures.csv").open(encoding="utf-8") as handle:
        meeting = next(r for r in csv.DictReader(handle) if r["key"] == "meeting_fee")
    assert meeting["source"] == "'=HYPERLINK(\"x\")"
    assert meeting["value"] == "-1.5"  # a negative amount stays a number
    assert meeting["value_text"] == "-1.50"


def test_the_downloads_page_lists_files_with_size_and_local_time(client, corpus):
    downloads_rebuild_all()
    html = client.get("/data/").content.decode()
    assert "批量下载" in html
    for item in downloads_list():
        assert f'href="/data/{item.name}"' in html
        local = timezone.localtime(item.created).strftime("%Y-%m-%d %H:%M")
        assert local in html
    assert "全部年度" in html
    assert 'href="/api/v1/docs/"' in html
    assert "每个客户端的请求限制为每分钟120次" in html

    response = client.get("/data/juesuan-2022.zip")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="juesuan-2022.zip"'
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert EDUCATION in archive.read("reports.csv").decode()
    missing = client.get("/data/juesuan-1999.zip")
    assert missing.status_code == 404


def test_the_downloads_page_before_anything_is_built(client, db):
    html = client.get("/data/").content.decode()
    assert "暂无可下载的文件" in html


def test_the_data_dictionary_follows_the_site_language(client, db):
    html = client.get("/data/dictionary/").content.decode()
    assert "数据字典" in html
    assert "statement_rows.csv" in html
    assert "报告所反映的年度（不是发布年份）。" in html
    assert "整数" in html
    client.cookies["django_language"] = "en"
    html = client.get("/data/dictionary/").content.decode()
    assert "Data dictionary" in html
    assert "The year the report accounts for (not the year it was published)." in html
    assert "Whole number" in html


def test_build_downloads_command(corpus, settings):
    out = io.StringIO()
    call_command("build_downloads", stdout=out)
    assert "juesuan-all.zip" in out.getvalue()
    assert sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "opendata").iterdir()) == [
        "juesuan-2021.zip", "juesuan-2022.zip", "juesuan-2023.zip", "juesuan-all.zip"]
