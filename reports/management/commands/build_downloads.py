from django.core.management.base import BaseCommand, CommandParser

from reports.downloads import downloads_rebuild_all


class Command(BaseCommand):
    help = (
        "Build the bulk downloads (a zip of CSV files with a datapackage.json for each fiscal "
        "year and one for all years) under MEDIA_ROOT/opendata. Publishing rebuilds them in "
        "the background; run this after a restore or to rebuild them by hand."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true",
                            help="Rebuild even the files that are up to date.")

    def handle(self, *args, **options) -> None:
        for path in downloads_rebuild_all(force=options["force"]):
            self.stdout.write(f"{path.name}  {path.stat().st_size} bytes")
