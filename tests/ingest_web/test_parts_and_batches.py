"""Reports in several files and many files at once, through the real parser and real HTTP:
the public page lists each file of a report and links its pages into the right one; staff
attach a further part on the review page; a zip or several files become one upload each,
followed on one page."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from ingest.models import AuditEvent, Upload
from reports.models import Report, ReportPart
from tests.ingest_web.conftest import pdf_bytes, upload_file, zip_bomb_docx

pytestmark = pytest.mark.django_db

TEXT, TABLES = ("budget2019_jiangsu_rendachangweihui_bangongting_dept_text.pdf",
                "budget2019_jiangsu_rendachangweihui_bangongting_dept_tables.pdf")


def _corpus_file(shared, name: str):
    path = shared / "corpus" / name
    if not path.exists():
        pytest.skip(f"{name} is not in the corpus")
    return path


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_the_public_page_of_a_report_in_two_files_lists_both_and_links_pages_into_each(
    shared, tmp_path, client,
):
    for name in (TEXT, TABLES):
        shutil.copy(_corpus_file(shared, name), tmp_path / name)
    call_command("ingest", str(tmp_path), "--publish", "--no-progress",
                 stdout=io.StringIO(), stderr=io.StringIO())
    report = Report.objects.get()
    text_part, tables_part = ReportPart.objects.filter(report=report)
    assert (text_part.name, tables_part.name) == (TEXT, TABLES)
    assert tables_part.first_page == text_part.page_count + 1

    page = client.get(report.get_absolute_url()).content.decode()
    text_url = reverse("report_part_original", args=[report.pk, 0])
    tables_url = reverse("report_part_original", args=[report.pk, 1])
    assert f'href="{text_url}">{TEXT}</a>' in page
    assert f'href="{tables_url}">{TABLES}</a>' in page
    # A table's page opens the tables file at that file's own page.
    table = report.tables.filter(title__contains="收支预算总表").order_by("order").first()
    assert table is not None
    assert table.page
    local = table.page - tables_part.first_page + 1
    assert f'href="{tables_url}#page={local}"' in page
    assert re.search(rf'href="{text_url}#page=\d+"', page)  # a section, in the narrative

    original = client.get(tables_url)
    assert original.status_code == 200
    assert b"".join(original.streaming_content) == (tmp_path / TABLES).read_bytes()


def test_staff_attach_the_tables_file_as_a_part_and_publish_one_report(shared, staff_client):
    text = _corpus_file(shared, TEXT).read_bytes()
    tables = _corpus_file(shared, TABLES).read_bytes()
    staff_client.post(reverse("ingest:upload_new"), {"files": [upload_file(TEXT, text)]})
    main = Upload.objects.get()
    review_url = reverse("ingest:upload_review", args=[main.pk])
    assert reverse("ingest:upload_part_add", args=[main.pk]) in staff_client.get(
        review_url).content.decode()

    response = staff_client.post(reverse("ingest:upload_part_add", args=[main.pk]),
                                 {"file": upload_file(TABLES, tables)}, follow=True)
    part = Upload.objects.get(original_name=TABLES)
    assert (part.status, part.part_of) == ("parsed", main)
    assert TABLES in response.content.decode()  # listed among the parts on the review page
    assert TEXT in staff_client.get(part.get_absolute_url()).content.decode()  # "part of"
    # The part alone is reviewed with its main file, and not in the review queue.
    assert staff_client.get(reverse("ingest:upload_review", args=[part.pk])).url == review_url
    queue = staff_client.get(reverse("ingest:upload_list") + "?status=parsed").content.decode()
    assert TEXT in queue
    assert TABLES not in queue

    response = staff_client.post(review_url, {
        "department": "江苏省人大常委会办公厅", "fiscal_year": 2019, "kind": "budget",
        "scope": "department", "new_department": "on",
    })
    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    assert report.sections.exists()
    assert "收支预算总表" in set(report.tables.values_list("title", flat=True))
    assert set(Upload.objects.values_list("status", flat=True)) == {"published"}
    assert AuditEvent.objects.get(action="publish", upload=part).report == report
    assert list(report.parts.values_list("name", flat=True)) == [TEXT, TABLES]
    page = staff_client.get(report.get_absolute_url()).content.decode()
    assert TABLES in page


def test_a_report_is_not_published_while_one_of_its_parts_failed(staff_client, fake_parse):
    staff_client.post(reverse("ingest:upload_new"), {"files": [upload_file("a.pdf", pdf_bytes())]})
    main = Upload.objects.get()
    staff_client.post(reverse("ingest:upload_part_add", args=[main.pk]),
                      {"file": upload_file("tables.pdf", b"")})
    assert Upload.objects.get(original_name="tables.pdf").status == "failed"

    response = staff_client.post(reverse("ingest:upload_review", args=[main.pk]), {
        "department": "青川市临江区科学技术局", "fiscal_year": 2023, "kind": "final_accounts",
        "new_department": "on",
    }, follow=True)
    assert "tables.pdf" in response.content.decode()
    assert not Report.objects.exists()
    main.refresh_from_db()
    assert main.status == "parsed"


def test_a_zip_of_a_folder_becomes_one_upload_per_report_file_followed_on_one_page(
    staff_client, tmp_path,
):
    from ingest.synth import generate_report, write_report

    files = {}
    for index in (1, 2):
        path = write_report(generate_report(1, index, 2024, "final_accounts"), tmp_path, "pdf")
        files[f"folder/{path.name}"] = path.read_bytes()
    archive = _zip({**files, "__MACOSX/folder/._x.pdf": b"junk", "folder/notes.md": b"# notes",
                    "../../escape.txt": "2023年度部门决算".encode()})

    response = staff_client.post(reverse("ingest:upload_new"),
                                 {"files": [upload_file("reports.zip", archive)]})
    uploads = list(Upload.objects.order_by("pk"))
    assert [u.original_name for u in uploads] == [*(n.split("/")[1] for n in files),
                                                  "escape.txt"]
    assert all(u.file.name.startswith("uploads/") for u in uploads)
    assert response.url.startswith(reverse("ingest:upload_batch"))

    page = staff_client.get(response.url).content.decode()
    batch = page[page.index('id="batch"'):]
    for upload in uploads:
        assert upload.original_name in batch
    parsed = [u for u in uploads if u.status == "parsed"]
    assert len(parsed) >= 2
    for upload in parsed:
        assert reverse("ingest:upload_review", args=[upload.pk]) in batch
    assert 'http-equiv="refresh"' not in page  # every file has been read


def test_several_files_at_once_are_followed_on_one_page_that_refreshes_while_any_is_queued(
    staff_client, fake_parse, settings,
):
    response = staff_client.post(reverse("ingest:upload_new"), {
        "files": [upload_file("a.pdf", pdf_bytes("a")), upload_file("b.pdf", pdf_bytes("b"))]})
    _a, b = Upload.objects.order_by("pk")
    Upload.objects.filter(pk=b.pk).update(status="queued")
    page = staff_client.get(response.url).content.decode()
    assert "a.pdf" in page
    assert "b.pdf" in page
    assert "已解析，待审核" in page
    assert "排队中" in page
    assert 'http-equiv="refresh"' in page


@pytest.mark.parametrize("archive", [
    lambda: b"PK\x03\x04 not really a zip",
    zip_bomb_docx,  # 600 MB of zeros inside
], ids=["broken", "bomb"])
def test_a_broken_zip_or_a_zip_bomb_is_refused_with_a_reason_and_nothing_is_uploaded(
    staff_client, archive,
):
    response = staff_client.post(reverse("ingest:upload_new"),
                                 {"files": [upload_file("reports.zip", archive())]})
    assert response.status_code == 200
    errors = response.content.decode()
    assert "reports.zip" in errors
    assert "errorlist" in errors
    assert not Upload.objects.exists()


def test_a_zip_holding_too_many_files_is_refused(staff_client, monkeypatch):
    from ingest.readers import archive as archive_module

    monkeypatch.setattr(archive_module, "MAX_MEMBERS", 2)
    archive = _zip({f"{i}.txt": f"{i}".encode() for i in range(3)})
    response = staff_client.post(reverse("ingest:upload_new"),
                                 {"files": [upload_file("many.zip", archive)]})
    assert response.status_code == 200
    assert "many.zip" in response.content.decode()
    assert not Upload.objects.exists()


def test_a_zip_with_gbk_names_keeps_the_chinese_file_names(staff_client, fake_parse):
    class GbkName(zipfile.ZipInfo):  # as Chinese Windows tools write names: GBK, no flag
        def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's name)
            return self.filename.encode("gbk"), self.flag_bits

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(GbkName("部门决算.pdf"), pdf_bytes())
        archive.writestr("说明.txt", "2023年度部门决算".encode())
    staff_client.post(reverse("ingest:upload_new"),
                      {"files": [upload_file("reports.zip", buffer.getvalue())]})
    assert sorted(Upload.objects.values_list("original_name", flat=True)) == [
        "说明.txt", "部门决算.pdf"]
