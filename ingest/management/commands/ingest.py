"""Bulk import report files and folders through the upload services."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ingest.bulk import Outcome, files_under, parse_file, parse_files, publish_outcomes


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
            "--jobs", type=int, default=1, metavar="N",
            help="Parse N files at a time (each in its own process); files are still "
            "recorded and published one at a time, in order.",
        )
        parser.add_argument(
            "--no-progress", action="store_true",
            help="Do not draw the progress bar on standard error.",
        )

    def handle(self, *args, **options) -> None:
        user = _user(options["user"])
        files = list(files_under(options["paths"]))
        outcomes = []
        # The raw stream: OutputWrapper ends every write with a newline, breaking the bar.
        bar = tqdm(files, unit="file", file=self.stderr._out, disable=options["no_progress"])
        if options["jobs"] > 1:
            def done(outcome: Outcome) -> None:
                bar.set_postfix_str(outcome.path.name[-40:])
                bar.update()

            outcomes = parse_files(paths=files, user=user, jobs=options["jobs"], done=done)
            bar.close()
        else:
            for path in bar:
                bar.set_postfix_str(path.name[-40:])
                outcomes.append(parse_file(path=path, user=user))
        if options["publish"]:
            # After all are parsed: a tables-only file joins its narrative file as one report.
            outcomes = publish_outcomes(outcomes, user=user)
        self.stdout.write(summary_table(outcomes))
        failed = sum(o.status == "failed" for o in outcomes)
        left = sum(o.status == "review" for o in outcomes)
        if failed or left:
            raise CommandError(
                f"{failed} of {len(outcomes)} file(s) failed; {left} left parsed for review "
                "because their identity is unsure (see /staff/?status=parsed)."
            )


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
