"""Demo data for `make run`: synthetic reports loaded through the real ingest path."""

from __future__ import annotations

import base64
import itertools
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.crypto import salted_hmac

from ingest.services import staff_user_set
from reports.services import auditor_user_set, department_demo_mark

DEMO_USERNAME = "demo-staff"
DEMO_AUDITOR = "demo-auditor"


def demo_password(username: str) -> str:
    """A password for a demo account that is the same on every run and on no other site:
    derived from SECRET_KEY, so a second `make run` does not change it."""
    digest = salted_hmac("juesuan.load_demo.password", username).digest()
    return base64.b32encode(digest).decode()[:16].lower()


class Command(BaseCommand):
    help = (
        "Write synthetic report files (DOCX, XLSX, PDF) into a folder, load them through the "
        "same upload, parse and publish services as `manage.py ingest`, and create a demo staff "
        "account and a demo auditor account (passwords printed, the same on every run). Safe "
        "to run again: files already loaded are recognised as duplicates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory", type=Path, default=None,
            help="Where the demo files are written (default: MEDIA_ROOT/demo). Existing files "
            "are kept, so a second run loads the same bytes.",
        )
        parser.add_argument(
            "--departments", type=int, default=4, help="How many fictional departments."
        )
        parser.add_argument(
            "--years", type=int, nargs="+", default=[2022, 2023, 2024],
            help="Fiscal years to generate.",
        )
        parser.add_argument("--seed", type=int, default=1, help="Generator seed.")
        parser.add_argument(
            "--username", default=DEMO_USERNAME, help="The demo staff account's username.",
        )
        parser.add_argument(
            "--password", default=os.getenv("DEMO_STAFF_PASSWORD"),
            help="The demo staff account's password (default: $DEMO_STAFF_PASSWORD, or one "
            "derived from SECRET_KEY, the same on every run).",
        )
        parser.add_argument(
            "--auditor-username", default=DEMO_AUDITOR,
            help="The demo auditor account's username (group auditors: reviews findings).",
        )
        parser.add_argument(
            "--auditor-password", default=os.getenv("DEMO_AUDITOR_PASSWORD"),
            help="The demo auditor account's password (default: $DEMO_AUDITOR_PASSWORD, or one "
            "derived from SECRET_KEY, the same on every run).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not draw the progress bar.",
        )

    def handle(self, *args, **options) -> None:
        directory = options["directory"] or Path(settings.MEDIA_ROOT) / "demo"
        password = options["password"] or demo_password(options["username"])
        user = staff_user_set(username=options["username"], password=password)
        auditor = options["auditor_username"]
        auditor_password = options["auditor_password"] or demo_password(auditor)
        auditor_user_set(username=auditor, password=auditor_password)
        written = write_demo_files(directory, seed=options["seed"],
                                   departments=options["departments"], years=options["years"])
        self.stdout.write(f"Demo files: {len(written)} in {directory}")
        extra = ["--no-progress"] if options["no_progress"] else []
        try:
            call_command("ingest", str(directory), "--publish", "--user", user.username, *extra,
                         stdout=self.stdout._out, stderr=self.stderr._out)
        except CommandError as error:
            self.stderr.write(f"Some demo files did not load: {error}")
        # Fictional departments: never offered on the review page as the match of a real one.
        department_demo_mark(names=demo_department_names(options["departments"]))
        self.stdout.write(self.style.SUCCESS(
            f"Demo staff account: username {user.username}  password {password}"
        ))
        self.stdout.write(self.style.SUCCESS(
            f"Demo auditor account: username {auditor}  password {auditor_password}"
        ))


DEMO_KINDS = ("final_accounts", "performance_evaluation")
# A few slips of the kind real reports contain, so the auditors' pages have
# something to show: (department, year, kind) → the generator's faults.
DEMO_FAULTS = {
    (1, 2023, "final_accounts"): ("personnel_plus_public",),
    (2, 2024, "final_accounts"): ("category_sum",),
}


def write_demo_files(
    directory: Path, *, seed: int, departments: int, years: list[int]
) -> list[Path]:
    """One file per synthetic report, the formats taking turns; existing files are kept."""
    from ingest.synth import FORMATS, generate_report, write_report

    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    cases = itertools.product(range(departments), years, DEMO_KINDS)
    for index, (department, year, kind) in enumerate(cases):
        faults = DEMO_FAULTS.get((department, year, kind), ())
        report = generate_report(seed, department, year, kind, faults=faults)
        fmt = FORMATS[index % len(FORMATS)]
        path = directory / f"{report.slug}_default.{fmt}"
        # Writers stamp creation times into files: rewriting would make new bytes, and
        # the second run must see the same bytes to recognise them as already loaded.
        if not path.exists():
            path = write_report(report, directory, fmt, "default")
        paths.append(path)
    return paths


def demo_department_names(count: int) -> list[str]:
    from ingest.synth import department

    return [department(index).name for index in range(count)]
