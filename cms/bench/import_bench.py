"""Import benchmark: parse-only rate vs full import into a fresh SQLite database.

    python -m cms.bench.import_bench [--files N]

Generates N seed files from the real one (varied titles, times and feeds) in
.bench/ (kept out of git), then reports files per second for parsing alone and
for a full import, and the ratio of the two, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BENCH_DIR = ROOT / ".bench"
REAL_SEED = ROOT / "seeds" / "000_0cd400ce3e0bd65c.txt"


def generate(count: int, folder: Path, seed: int = 1) -> list[Path]:
    """Seed files whose feeds overlap like real pages: pages scraped on the same
    day carry the same sidebar."""
    from cms.seed_import.parser import parse_file
    from cms.seed_import.writer import render_seed

    rng = random.Random(seed)
    real = parse_file(REAL_SEED)
    badges = ["OPINION", "", "Interview", "Review", "Exclusive", "Updated"]
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    paths = []
    for n in range(count):
        day_shift = timedelta(days=n // 50)
        published_at = real.article.published_at + day_shift + timedelta(minutes=n)
        badge = badges[n % len(badges)]
        article = replace(
            real.article,
            title=f"{real.article.title} ({n})",
            badge=badge,
            published_at=published_at,
            author_name=real.article.author_name if badge == "OPINION" else "",
            author_bio=real.article.author_bio if badge == "OPINION" else "",
            byline="Olena Kovalenko" if badge == "Interview" else "",
            tags=tuple(rng.sample(["NATO", "EU", "Security", "Trump", "Kyiv"], 2)),
        )
        feed = tuple(
            replace(
                entry,
                published_at=entry.published_at + day_shift,
                headline=f"{entry.headline} [{n // 50}]",
            )
            for entry in real.feed
        )
        path = folder / f"{n:05d}.txt"
        path.write_text(render_seed(article, feed), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=3000)
    args = parser.parse_args(argv)

    database = BENCH_DIR / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from cms.seed_import.parser import parse_file
    from cms.seed_import.runner import import_files

    paths = generate(args.files, BENCH_DIR / "seeds")
    for leftover in BENCH_DIR.glob("bench.sqlite3*"):
        leftover.unlink()
    call_command("migrate", verbosity=0)

    start = time.perf_counter()
    for path in paths:
        parse_file(path)
    parse_seconds = time.perf_counter() - start

    start = time.perf_counter()
    stats = import_files(paths)
    import_seconds = time.perf_counter() - start
    if stats.files_failed:
        sys.exit(f"{stats.files_failed} generated files failed to import")

    parse_rate = len(paths) / parse_seconds
    import_rate = len(paths) / import_seconds
    from articles.models import Article
    from newsfeed.models import NewsItem

    report = [
        f"files:                {len(paths)}",
        f"articles, news items: {Article.objects.count()}, {NewsItem.objects.count()}",
        f"parse only:           {parse_rate:8.0f} files/s",
        f"full import (SQLite): {import_rate:8.0f} files/s",
        f"import / parse ratio: {import_rate / parse_rate:8.3f}  (target >= 0.10)",
    ]
    sys.stdout.write("\n".join(report) + "\n")


if __name__ == "__main__":
    main()
