"""python manage.py import_seeds [PATH ...]: import seed files (see docs/)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.seed_import.files import collect_files
from cms.seed_import.loader import ImportStats
from cms.seed_import.runner import import_files

RECORDS = ("article", "author", "news item")
OUTCOMES = ("created", "updated", "unchanged", "kept")


class Command(BaseCommand):
    help = "Import seed files (plain-text scrapes of article pages). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            help=(
                "Seed files or folders of them (default: the project's seeds/). "
                "Only regular files are read; links, pipes and the like are skipped."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Do everything, report it, then roll it all back.",
        )

    def handle(self, *args, paths, dry_run, verbosity, **options):
        files, skipped = collect_files(paths or [settings.BASE_DIR / "seeds"])
        for message in skipped:
            self.stderr.write(self.style.ERROR(message))
        progress = ProgressBar(len(files), self.stderr) if verbosity else None
        show_bar = progress is not None and len(files) > 1

        def on_error(message):
            if show_bar:
                progress.clear()
            self.stderr.write(self.style.ERROR(message))

        stats = import_files(
            files,
            dry_run=dry_run,
            on_error=on_error,
            on_progress=progress.update if show_bar else lambda done: None,
        )
        if show_bar:
            progress.finish()
        stats.files_skipped += len(skipped)
        if verbosity:
            self.stdout.write(summary(stats, dry_run))
        # Anything not imported fails the run: a skipped file is as much a
        # surprise to whoever pointed the import at the folder as a failed one.
        failed, skipped = stats.files_failed, stats.files_skipped
        if failed or skipped:
            total = stats.files_imported + failed + skipped
            raise CommandError(
                f"{failed + skipped} of {total} not imported: "
                f"{failed} failed, {skipped} skipped."
            )


def summary(stats: ImportStats, dry_run: bool) -> str:
    lines = [
        ("Dry run, nothing written. " if dry_run else "")
        + f"Files: {stats.files_imported} imported, {stats.files_failed} failed, "
        f"{stats.files_skipped} skipped."
    ]
    for record in RECORDS:
        parts = [
            f"{stats.get(record, outcome)} {outcome}"
            for outcome in OUTCOMES
            if outcome != "kept" or stats.get(record, outcome)
        ]
        label = record[0].upper() + record[1:] + "s"
        lines.append(f"{label}: " + ", ".join(parts) + ".")
    if stats.get("article", "kept"):
        lines.append(
            "Kept articles were changed in the admin since they were imported; "
            "the import left them as the editors made them."
        )
    return "\n".join(lines)


class ProgressBar:
    """A one-line progress bar, drawn only when its stream is a terminal."""

    width = 30

    def __init__(self, total: int, stream):
        self.total = total
        self.stream = stream
        self.enabled = total > 1 and stream.isatty()

    def update(self, done: int) -> None:
        if not self.enabled or (done % 25 and done != self.total):
            return
        filled = self.width * done // self.total
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total} files", ending="")
        self.stream.flush()

    def clear(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (self.width + 30) + "\r", ending="")

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("")
