"""python manage.py generate_content --articles N --news M: fake data at scale."""

import sys
import time
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from cms.bench.content import (
    DEFAULT_SEED,
    GenerateStats,
    RefusedDatabase,
    generate_content,
)


class Command(BaseCommand):
    help = (
        "Fill the database with generated articles and news items, the same "
        "for the same --seed. For benchmarks and load tests only: refuses a "
        "database that holds pieces it did not generate, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--news", type=int, default=10000, help="News items.")
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"The same seed gives the same content (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--now",
            help="The moment content is laid out back from (ISO 8601, with a "
            "time zone; default midnight UTC today).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add to a database that already holds pieces.",
        )

    def handle(self, *args, articles, news, seed, now, force, verbosity, **options):
        if articles < 0 or news < 0:
            raise CommandError("--articles and --news cannot be negative.")
        if now is not None:
            now = parse_moment(now)
        progress = Progress(self.stderr, enabled=verbosity > 0)
        start = time.perf_counter()
        try:
            stats = generate_content(
                articles=articles,
                news=news,
                seed=seed,
                now=now,
                force=force,
                on_progress=progress.update,
            )
        except RefusedDatabase as exc:
            raise CommandError(str(exc)) from None
        finally:
            progress.finish()
        if verbosity:
            self.stdout.write(summary(stats, time.perf_counter() - start))


def parse_moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise CommandError(
            f"--now expects an ISO 8601 time with a time zone, such as "
            f"2026-11-27T00:00Z, not {value!r}."
        )
    return moment


def summary(stats: GenerateStats, seconds: float) -> str:
    states = ", ".join(f"{n} {state}" for state, n in sorted(stats.articles.items()))
    return "\n".join(
        [
            f"Generated {stats.article_count} articles ({states or 'none'}) and "
            f"{stats.news_items} news items ({stats.linked_items} linked to an "
            f"article) in {seconds:.1f} s.",
            f"Authors: {stats.authors_created} created. "
            f"Tags: {stats.tags_created} created.",
        ]
    )


class Progress:
    """One line per stage on stderr, redrawn in place, only on a terminal."""

    def __init__(self, stream, *, enabled: bool):
        self.stream = stream
        self.enabled = enabled and getattr(sys.stderr, "isatty", lambda: False)()
        self.drawn = False

    def update(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        percent = 100 * done // total if total else 100
        line = f"\r{stage}: {done}/{total} ({percent}%)   "
        self.stream.write(line, style_func=plain, ending="")
        self.stream.flush()
        self.drawn = True
        if done == total:
            self.stream.write("", style_func=plain)
            self.drawn = False

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("", style_func=plain)


def plain(text: str) -> str:
    """Progress is no error: not in stderr's red."""
    return text
