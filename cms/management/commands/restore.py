from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded media from a backup folder, "
        "replacing every table. Stop the site first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="directory", required=True, type=Path, metavar="DIR"
        )
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *, directory, database, interactive, verbosity, **options):
        try:
            manifest = read_manifest(directory)
            if interactive:
                answer = input(
                    f"This replaces every table of the '{database}' database with "
                    f"the backup of {manifest.created_at}.\n"
                    "Type 'yes' to continue, or 'no' to cancel: "
                )
                if answer != "yes":
                    raise CommandError("Restore cancelled.")
            manifest = restore(directory, using=database)
        except BackupError as error:
            raise CommandError(error) from error
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored the {manifest.vendor} database and "
                    f"{manifest.media_files} media files from {directory}."
                )
            )
