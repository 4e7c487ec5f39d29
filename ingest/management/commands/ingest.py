"""Bulk import report files and folders through the upload services."""

from __future__ import annotations

import os
from collections import Counter

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ingest.bulk import Outcome, Tally, files_under, ingest_bulk


class Command(BaseCommand):
    help = (
        "Upload report files (PDF, DOCX, DOC, XLSX, XLS, TXT) and folders of them, parse each "
        "one, and optionally publish it. Prints a summary; exits non-zero if any file failed or "
        "was left for review."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="+", metavar="PATH",
            help="Files, or folders searched recursively for report files.",
        )
        parser.add_argument(
            "--publish", action="store_true",
            help="Publish each parsed report as read (identity as printed), superseding an "
            "earlier version of the same department, year, kind and scope. A file whose "
            "identity is unsure (no department, no year, a label or placeholder for a name) is "
            "left parsed for review, with the reason in the summary, and the command exits "
            "non-zero. A tables-only file and a narrative-only file of the same report (same "
            "year, kind and scope in one folder, and the same department, or none printed on "
            "the tables and the same file name but for _tables / _text) are published as one "
            "report.",
        )
        parser.add_argument(
            "--user", metavar="USERNAME",
            help="Record this existing user as the uploader and publisher in the audit log.",
        )
        parser.add_argument(
            "--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
            help="Parse N files at a time, each in its own process (default: one per CPU); "
            "files are still recorded and published in order, while the next ones are parsed.",
        )
        parser.add_argument(
            "--batch", type=int, default=100, metavar="N",
            help="With --publish: publish up to N reports in one transaction, checking them "
            "and their departments' other years once at the end of the batch (each report "
            "is still all or nothing; the result is the same as one at a time).",
        )
        parser.add_argument(
            "--no-progress", action="store_true",
            help="Do not draw the progress bar on standard error.",
        )

    def handle(self, *args, **options) -> None:
        user = _user(options["user"])
        files = list(files_under(options["paths"]))
        # The raw stream: OutputWrapper ends every write with a newline, breaking the bar.
        # tqdm shows the files read / total, the rate and the time left; then how many
        # files are published, left for review, failed … (a batch at a time).
        bar = tqdm(total=len(files), unit="file", file=self.stderr._out,
                   disable=options["no_progress"], smoothing=0.05)
        tally = Tally()

        def done(outcome: Outcome) -> None:
            tally.add(outcome)
            bar.set_postfix_str(progress_counts(tally), refresh=False)

        outcomes = ingest_bulk(paths=files, user=user, publish=options["publish"],
                               jobs=max(options["jobs"], 1),
                               batch_size=max(options["batch"], 1), done=done,
                               read=lambda outcome: bar.update())
        bar.refresh()  # the counts of the last batch
        bar.close()
        self.stdout.write(summary_table(outcomes))
        failed = sum(o.status == "failed" for o in outcomes)
        left = sum(o.status == "review" for o in outcomes)
        if failed or left:
            raise CommandError(
                f"{failed} of {len(outcomes)} file(s) failed; {left} left parsed for review "
                "because their identity is unsure (see /staff/?status=parsed)."
            )


def progress_counts(tally: Tally) -> str:
    """published 120, review 2, failed 1 … (the statuses seen so far)."""
    order = ("published", "parsed", "review", "duplicate", "failed")
    return ", ".join(f"{status} {tally.counts[status]}" for status in order
                     if tally.counts.get(status))


def _user(username: str | None):
    if not username:
        return None
    try:
        return get_user_model().objects.get_by_natural_key(username)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(f"No user named {username!r}.") from exc


def summary_table(outcomes: list[Outcome]) -> str:
    width = max((len(str(o.path)) for o in outcomes), default=4)
    lines = [f"{'FILE':<{width}}  {'STATUS':<9}  DETAIL"]
    lines += [f"{o.path!s:<{width}}  {o.status:<9}  {o.detail}" for o in outcomes]
    counts = Counter(o.status for o in outcomes)
    totals = ", ".join(
        f"{status} {counts[status]}"
        for status in ("parsed", "published", "duplicate", "failed", "review")
    )
    lines.append(f"{len(outcomes)} file(s): {totals}")
    return "\n".join(lines)
