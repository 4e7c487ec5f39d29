"""`manage.py ingest --jobs N`: several files parsed at a time, published in order.

On PostgreSQL the parses run side by side; SQLite takes one writer at a time, so there
the same command parses one file after the other and must give the same result.
"""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.management import call_command

from ingest.models import Upload
from ingest.synth import write_corpus
from reports.models import Report

# The parses run in threads with their own connections: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


def test_ingest_with_jobs_parses_side_by_side_and_publishes_every_file_once(tmp_path):
    written = [path for _, path in write_corpus(tmp_path / "in", departments=2,
                                                years=(2022, 2023), kinds=("final_accounts",),
                                                formats=("docx",))]
    shutil.copy(written[0], tmp_path / "in" / "again.docx")  # the same bytes twice
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", str(tmp_path / "in"), "--jobs", "2", "--publish",
                 stdout=out, stderr=err)

    assert "5 file(s): parsed 0, published 4, duplicate 1, failed 0" in out.getvalue()
    assert "5/5" in err.getvalue()  # the progress bar counted every file
    assert Upload.objects.filter(status=Upload.Status.PUBLISHED).count() == 4
    assert sorted(Report.objects.published().values_list("fiscal_year__year", flat=True)) == [
        2022, 2022, 2023, 2023]
