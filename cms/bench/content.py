"""Generated newsroom content for benchmarks and load tests (never for real use).

`generate_content(articles=N, news=M)` writes N articles and M news items that
look like the real site's: kinds news/opinion/interview/review (opinion with a
columnist and the disclaimer), ordered bylines, sections, shared tags, exclusive
and updated pieces, several paragraphs of sanitised body, publish times spread
over four years with some drafts, pieces in review and scheduled pieces, and a
ticker whose items carry labels and partly link to the articles.

The same seed and `now` give the same titles, slugs, times, bylines, tags and
feed. Rows go in oldest first, as a newsroom writes them (so row ids follow
publish times, as search's bounded candidate set expects), with `bulk_create`,
a chunk per transaction; history entries are not written (generated pieces
have no history), nor is `save()` run, so the slug and the cleaned body are
derived here the way `Article.save()` would.

Generated articles carry an `import_ref` starting with GENERATED_PREFIX, which
is how a database holding real pieces is recognised and refused.
"""

from __future__ import annotations

import heapq
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate, islice

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.models import (
    RESERVED_SLUGS,
    Article,
    ArticleAuthor,
    Author,
    Disclaimer,
    Kind,
    Section,
    slug_base,
)
from articles.sanitize import clean_html
from articles.search import plain_text
from newsfeed.models import Label, NewsItem

GENERATED_PREFIX = "gen-"
DEFAULT_SEED = 2026
SPAN = timedelta(days=4 * 365)
ARTICLE_CHUNK = 2000
NEWS_CHUNK = 20000

Progress = Callable[[str, int, int], None]


class RefusedDatabase(Exception):
    """The database holds pieces this run should not mix with."""


@dataclass
class GenerateStats:
    articles: Counter = field(default_factory=Counter)  # by state
    news_items: int = 0
    linked_items: int = 0
    authors_created: int = 0
    tags_created: int = 0

    @property
    def article_count(self) -> int:
        return sum(self.articles.values())


def check_database(*, force: bool = False) -> None:
    """Refuse a database with real pieces, or an earlier run's, unless forced."""
    if force:
        return
    generated = Article.objects.filter(import_ref__startswith=GENERATED_PREFIX)
    real = Article.objects.exclude(import_ref__startswith=GENERATED_PREFIX).count()
    if real:
        pieces = "piece that was" if real == 1 else "pieces that were"
        raise RefusedDatabase(
            f"This database holds {real} {pieces} not generated. generate_content "
            "is for benchmarks and load tests only: use an empty database, or "
            "pass --force to add generated pieces anyway."
        )
    earlier = generated.count()
    if earlier:
        raise RefusedDatabase(
            f"This database already holds {earlier} generated pieces. Use an "
            "empty database, or pass --force to add more."
        )


def default_now() -> datetime:
    """Midnight UTC today: runs on the same day lay content out the same way."""
    return (
        timezone.now()
        .astimezone(UTC)
        .replace(hour=0, minute=0, second=0, microsecond=0)
    )


def generate_content(
    *,
    articles: int,
    news: int,
    seed: int = DEFAULT_SEED,
    now: datetime | None = None,
    force: bool = False,
    on_progress: Progress | None = None,
) -> GenerateStats:
    """Write `articles` articles and `news` news items; see the module docstring."""
    check_database(force=force)
    return _Generator(seed=seed, now=now or default_now(), on_progress=on_progress).run(
        articles=articles, news=news
    )


# -- vocabulary ------------------------------------------------------------

FIRST_NAMES = (
    "Olena Iryna Oksana Nataliia Tetiana Yuliia Kateryna Mariia Anna Sofiia "
    "Andrii Oleksandr Serhii Dmytro Volodymyr Mykola Taras Bohdan Yurii Ivan "
    "Vitalii Roman Maksym Halyna Liudmyla Viktoriia Denys Artem Pavlo Ihor "
    "James Emma Thomas Claire Michael Sarah Daniel Laura Peter Anne"
).split()
LAST_NAMES = (
    "Kovalenko Shevchenko Bondarenko Tkachenko Kravchenko Oliinyk Shevchuk "
    "Polishchuk Melnyk Boiko Koval Lysenko Marchenko Savchenko Rudenko "
    "Moroz Hrytsenko Pavlenko Kuzmenko Levchenko Tkachuk Zinchenko Ponomarenko "
    "Karpenko Vasylenko Sydorenko Honchar Ostapenko Romaniuk Yaremchuk "
    "Miller Walsh Becker Novak Dubois Larsen Kowalski Fischer Brennan Hughes"
).split()
SECTIONS = (
    ("Russia-Ukraine war", "russia-ukraine-war"),
    ("Politics", "politics"),
    ("World about Ukraine", "world-about-ukraine"),
    ("Economy", "economy"),
    ("Society", "society"),
    ("Culture", "culture"),
    ("Technology", "technology"),
    ("Sport", "sport"),
)
# Most popular first: tags are drawn with weights 1, 1/2, 1/3, …
TAGS = (
    "Ukraine, Russia, War, Drones, NATO, EU, Zelensky, USA, Air defence, "
    "Sanctions, Energy, Kyiv, Kharkiv, Odesa, Peace talks, Trump, Putin, "
    "Economy, Front line, Mobilisation, Poland, Germany, UK, France, "
    "Black Sea, Crimea, Donbas, Zaporizhzhia, Dnipro, Lviv, Kherson, Sumy, "
    "Prisoner exchange, Reconstruction, Grain, Corruption, NABU, Verkhovna Rada, "
    "IAEA, UN, G7, Budget, IMF, National Bank, Inflation, Naftogaz, Ukrenergo, "
    "Blackouts, Cyberattacks, Intelligence, Budanov, Syrskyi, Sybiha, "
    "Human rights, War crimes, Deportations, Children, Veterans, Education, "
    "Medicine, Culture, Cinema, Literature, Music, Sport, Football, Olympics, "
    "Technology, Artificial intelligence, Startups, Weapons, F-16, Patriot, "
    "ATACMS, Artillery, Navy, Belarus, Moldova, Georgia, Hungary, Slovakia, "
    "Baltic states, Turkey, China, Iran, North Korea, India, Japan, Canada, "
    "Elections, Diplomacy, Refugees, Migration, Agriculture, Railways, Ports, "
    "Nuclear safety, Climate, Environment, Media, Propaganda, Disinformation, "
    "Religion, History, Memory, Language, Diaspora, Volunteers, Charity"
).split(", ")
ACTORS = (
    "Zelensky", "Ukraine's General Staff", "The Air Force", "NATO", "The EU",
    "The Kremlin", "Russia", "The White House", "Poland", "Germany",
    "The Verkhovna Rada", "Ukrainian forces", "The IAEA", "The UN", "Budanov",
    "Sybiha", "The National Bank", "Naftogaz", "Ukrenergo", "Kyiv city council",
    "The Pentagon", "The European Commission", "The Defence Ministry", "Britain",
)  # fmt: skip
VERBS = (
    "reports", "announces", "rejects", "discusses", "warns of", "prepares",
    "confirms", "denies", "approves", "calls for", "responds to", "plans",
)  # fmt: skip
PLACES = (
    "Kyiv", "Kharkiv", "Odesa", "Dnipro", "Lviv", "Zaporizhzhia", "Sumy",
    "Kherson", "Mykolaiv", "Chernihiv", "Poltava", "Zhytomyr", "Brussels",
    "Washington", "Warsaw", "Berlin", "London", "Paris", "Geneva", "Vilnius",
)  # fmt: skip
OBJECTS = (
    "a drone attack on {place}", "new sanctions against Russia",
    "air defence deliveries to {place}", "a ceasefire proposal",
    "energy repairs in {place}", "a prisoner exchange", "drone production plans",
    "the 2027 budget", "grain exports through the Black Sea",
    "reconstruction funding for {place}", "new mobilisation rules",
    "talks in {place}", "strikes on {place} overnight", "a new aid package",
    "drone interceptors for {place}", "security guarantees", "frozen Russian assets",
    "evacuation from {place}", "shelling of {place}", "a summit in {place}",
)  # fmt: skip
SUFFIXES = ("", "", "", " overnight", ", reports say", " as talks continue",
            " after weekend strikes", " amid blackouts")  # fmt: skip
OPINION_TITLES = (
    "Why {object} matters more than it seems",
    "What {actor} gets wrong about {object}",
    "The West must not look away from {place}",
    "{object_cap} is a test Europe cannot fail",
    "Drones have changed this war, and {actor} knows it",
    "After {object}, what comes next",
)
INTERVIEW_TITLES = (
    "{person}: “Drones changed everything on the front”",
    "{person}: “{place} will be rebuilt”",
    "{person} on {object}",
    "“We need more than words”: {person} on {object}",
)
REVIEW_TITLES = (
    "Review: “{work}”, a documentary about {place}",
    "Review: “{work}” and the war at home",
    "Review: “{work}”, a novel of {place} under fire",
)
WORKS = (
    "The Long Winter", "Twenty Days", "Black Sea Light", "Steppe", "Home Front",
    "The Last Train to {place}", "Sirens", "Blue and Yellow", "The Bridge",
)  # fmt: skip
SENTENCES = (
    "{actor} said on {day} that the situation in {place} remained difficult.",
    "Air defence shot down most of the drones launched overnight, the Air "
    "Force reported.",
    "According to local officials, the drone attack damaged a residential "
    "building in {place}.",
    "The strike on {place} left several districts without power for hours.",
    "Repair crews restored electricity by the evening, Ukrenergo said.",
    "Talks in {place} are expected to continue next week.",
    "{actor} did not comment on the reports.",
    "Ukraine has asked its partners for more air defence systems and drone "
    "interceptors.",
    "Russian forces launched {count} drones and several missiles overnight.",
    "Analysts say the new package will take months to reach the front.",
    "The decision still needs the approval of all member states.",
    "Residents of {place} spent the night in shelters as sirens sounded.",
    "The mayor of {place} said schools would switch to remote learning.",
    "Drone production in Ukraine has grown several times over the past year.",
    "Prosecutors opened an investigation into the attack on {place}.",
    "The government expects the economy to grow despite the war.",
    "Volunteers delivered generators and drones to units near {place}.",
    "{actor} called the proposal a step in the right direction.",
    "The exchange was mediated by the United Arab Emirates.",
    "Kyiv insists that any ceasefire must come with security guarantees.",
    "Grain exports through the Black Sea ports rose for the third month running.",
    "Experts warn that Russia is stockpiling missiles ahead of the winter.",
    "The European Commission proposed using frozen Russian assets.",
    "Ukrainian drones struck an oil refinery deep inside Russia, sources said.",
    "The front line near {place} has barely moved in recent weeks.",
    "Officials said {count} people were injured and two killed.",
    "The report will be presented to parliament on {day}.",
    "Critics say the reform does not go far enough.",
    "International observers visited the site on {day}.",
    "The ministry promised to publish the full figures later this month.",
)
BRIEFS = (
    "Explosions heard in {place}, air defence at work",
    "Drone attack on {place}: {count} shot down overnight",
    "Power outages in {place} after strikes on energy sites",
    "{actor} {verb} {object}",
    "Air raid alert declared in {place} region",
    "Injured in {place} after shelling rise to {count}",
    "{actor} on {object}: key points",
    "Trains to {place} delayed after a drone strike",
)
QUESTIONS = (
    "How has the war changed your work?",
    "What do drones mean for the front today?",
    "What does {place} need most right now?",
    "Do you expect the talks to bring peace?",
    "What should Europe do next?",
    "How do people in {place} live now?",
)
SOURCES = ("Ukrinform", "Suspilne", "Reuters", "AP", "Ukrainska Pravda", "")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DISCLAIMER = (
    "The editorial staff does not always share the opinions expressed by the "
    "blog authors."
)
KINDS = (Kind.NEWS, Kind.OPINION, Kind.INTERVIEW, Kind.REVIEW)
KIND_WEIGHTS = tuple(accumulate((70, 15, 8, 7)))
LABELS = (Label.NONE, Label.EXCLUSIVE, Label.UPDATED, Label.INTERVIEW, Label.REVIEW)
LABEL_WEIGHTS = tuple(accumulate((85, 6, 5, 2, 2)))


def zipf(n: int) -> list[float]:
    """Cumulative weights 1, 1/2, 1/3, …: a few popular, a long tail."""
    return list(accumulate(1 / (i + 1) for i in range(n)))


def insert_rows(model, columns: tuple[str, ...], rows) -> None:
    """INSERT rows (tuples of database values, in `columns` order) into
    `model`'s table with one executemany.

    For the link tables and the ticker, which hold most of the rows: building a
    model instance and letting bulk_create prepare every value cost about five
    times the INSERT itself (measured: 20,000 news items in 4.2 s against
    0.7 s). Values must already be in database form (times through
    `connection.ops.adapt_datetimefield_value`).
    """
    meta = model._meta
    names = ", ".join(
        connection.ops.quote_name(meta.get_field(c).column) for c in columns
    )
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({names}) "
            f"VALUES ({placeholders})",
            list(rows),
        )


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


class _Words(dict):
    """Fills a template's placeholders, drawing only the words it uses."""

    def __init__(self, rng: random.Random):
        super().__init__()
        self.rng = rng

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key in ("place", "object", "object_cap", "work"):
            place = self.setdefault("place", rng.choice(PLACES))
            if key == "work":
                value = rng.choice(WORKS).format(place=place)
            else:
                obj = self.setdefault("object", rng.choice(OBJECTS).format(place=place))
                value = obj[0].upper() + obj[1:] if key == "object_cap" else obj
        elif key == "actor":
            value = rng.choice(ACTORS)
        elif key == "verb":
            value = rng.choice(VERBS)
        elif key == "day":
            value = rng.choice(DAYS)
        elif key == "count":
            value = str(rng.randint(3, 90))
        elif key == "person":
            value = person_name(rng)
        else:
            raise KeyError(key)
        self[key] = value
        return value


# -- the generator ---------------------------------------------------------


class _Generator:
    def __init__(self, *, seed: int, now: datetime, on_progress: Progress | None):
        self.seed = seed
        self.now = now.replace(second=0, microsecond=0)
        self.progress = on_progress or (lambda stage, done, total: None)
        self.stats = GenerateStats()
        # One stream per part, so changing one part leaves the others alone.
        self.text_rng = random.Random(f"{seed}:text")
        self.sentences = [
            self._fill(self.text_rng.choice(SENTENCES)) for _ in range(3000)
        ]
        self.briefs = [self._fill(self.text_rng.choice(BRIEFS)) for _ in range(5000)]

    def _fill(self, template: str, rng: random.Random | None = None) -> str:
        return template.format_map(_Words(rng or self.text_rng))

    def run(self, *, articles: int, news: int) -> GenerateStats:
        self.sections = self._sections()
        self.disclaimer, _ = Disclaimer.objects.get_or_create(
            text=DISCLAIMER, defaults={"name": "Opinion disclaimer"}
        )
        self.authors = self._authors(max(12, min(400, articles // 250)))
        self.tags = self._tags()
        self.tag_weights = zipf(len(self.tags))
        self.content_type = ContentType.objects.get_for_model(Article)
        self.slugs: set[str] = set()
        self.refs: set[str] = set()
        if Article.objects.exists():  # only with --force
            self.slugs = set(Article.objects.values_list("slug", flat=True))
            self.refs = set(
                Article.objects.filter(
                    import_ref__startswith=GENERATED_PREFIX
                ).values_list("import_ref", flat=True)
            )
        self.slug_next: dict[str, int] = {}
        # Which news items exist, by (time, headline), which must be unique.
        self.item_keys: set[tuple] = set()
        if NewsItem.objects.exists():  # only with --force
            self.item_keys = set(
                NewsItem.objects.values_list("published_at", "headline")
            )
        # Items linked to an article, written with the briefs in time order.
        self.linked: list[tuple] = []
        self._articles(articles, news)
        self._briefs(news - self.stats.linked_items)
        refresh_statistics()
        return self.stats

    # -- things pieces share -----------------------------------------------

    def _sections(self) -> list[Section]:
        """The site's sections, made if missing (matched by slug or name)."""
        existing = list(Section.objects.all())
        found = {s.slug: s for s in existing} | {s.name: s for s in existing}
        sections, missing = [], []
        for n, (name, slug) in enumerate(SECTIONS):
            section = found.get(slug) or found.get(name)
            if section is None:
                section = Section(name=name, slug=slug, position=n)
                missing.append(section)
            sections.append(section)
        Section.objects.bulk_create(missing)
        return sections

    def _authors(self, count: int) -> dict[str, list[Author]]:
        """Staff, columnists and guests, each kind most prolific first."""
        rng = random.Random(f"{self.seed}:authors")
        wanted: dict[str, Author] = {}
        while len(wanted) < count:
            name = person_name(rng)
            slug = slugify(name)
            if slug in wanted:
                continue
            roll = rng.random()
            kind = (
                Author.Kind.STAFF
                if roll < 0.7
                else Author.Kind.COLUMNIST
                if roll < 0.92
                else Author.Kind.GUEST
            )
            bio = (
                "Political analyst and publicist"
                if kind != Author.Kind.STAFF
                else "Journalist at Espreso Global"
            )
            wanted[slug] = Author(name=name, slug=slug, kind=kind, bio=bio)
        existing = {a.slug: a for a in Author.objects.filter(slug__in=list(wanted))}
        new = [a for slug, a in wanted.items() if slug not in existing]
        Author.objects.bulk_create(new)
        self.stats.authors_created = len(new)
        by_kind: dict[str, list[Author]] = {kind: [] for kind in Author.Kind.values}
        for slug, author in wanted.items():
            author = existing.get(slug, author)
            by_kind[wanted[slug].kind].append(author)
        if not by_kind[Author.Kind.COLUMNIST]:
            by_kind[Author.Kind.COLUMNIST] = by_kind[Author.Kind.STAFF][:1]
        self.author_weights = {kind: zipf(len(a)) for kind, a in by_kind.items()}
        return by_kind

    def _tags(self) -> list[Tag]:
        existing = {t.name.lower(): t for t in Tag.objects.all()}
        taken_slugs = {t.slug for t in existing.values()}
        new = []
        for name in TAGS:
            if name.lower() in existing:
                continue
            slug, n = slugify(name), 1
            while slug in taken_slugs:
                n += 1
                slug = f"{slugify(name)}-{n}"
            taken_slugs.add(slug)
            tag = Tag(name=name, slug=slug)
            new.append(tag)
            existing[name.lower()] = tag
        Tag.objects.bulk_create(new)
        self.stats.tags_created = len(new)
        return [existing[name.lower()] for name in TAGS]

    # -- articles ----------------------------------------------------------

    def _articles(self, count: int, news: int) -> None:
        rng = random.Random(f"{self.seed}:articles")
        link_rng = random.Random(f"{self.seed}:links")
        # About half the public pieces are put on the ticker, within the budget.
        link_share = min(0.5, news / (2 * count)) if count else 0
        span = SPAN.total_seconds()
        first_ref = self._first_ref()
        done = 0
        while done < count:
            size = min(ARTICLE_CHUNK, count - done)
            pieces, bylines, tags, items = [], [], [], []
            for n in range(done, done + size):
                # Oldest first, as a newsroom writes them: row ids follow publish
                # times, which search's bounded candidate set relies on.
                back = count - 1 - n + rng.random()
                moment = self.now - timedelta(seconds=span * back / count)
                article, authors, article_tags = self._article(
                    rng, first_ref + n, moment.replace(second=0, microsecond=0)
                )
                pieces.append(article)
                bylines.append(authors)
                tags.append(article_tags)
                if (
                    article.status == Article.Status.PUBLISHED
                    and link_rng.random() < link_share
                    and self.stats.linked_items + len(items) < news
                ):
                    label = self._linked_label(link_rng, article)
                    if label is not None:
                        items.append((article, label))
            with transaction.atomic():
                Article.objects.bulk_create(pieces)
                insert_rows(
                    ArticleAuthor,
                    ("article_id", "author_id", "position"),
                    (
                        (article.pk, author.pk, position)
                        for article, authors in zip(pieces, bylines, strict=True)
                        for position, author in enumerate(authors)
                    ),
                )
                insert_rows(
                    TaggedItem,
                    ("tag_id", "content_type_id", "object_id"),
                    (
                        (tag.pk, self.content_type.pk, article.pk)
                        for article, article_tags in zip(pieces, tags, strict=True)
                        for tag in article_tags
                    ),
                )
            self.linked += (
                (
                    article.title,
                    article.published_at,
                    label,
                    article.pk,
                    "",
                    NewsItem.Status.PUBLISHED,
                )
                for article, label in items
            )
            self.stats.linked_items += len(items)
            done += size
            self.progress("articles", done, count)

    def _first_ref(self) -> int:
        """The number after the last generated piece, for a --force run."""
        numbers = [
            int(ref.removeprefix(GENERATED_PREFIX))
            for ref in self.refs
            if ref.removeprefix(GENERATED_PREFIX).isdigit()
        ]
        return max(numbers, default=0) + 1

    def _article(self, rng: random.Random, number: int, moment: datetime):
        kind = rng.choices(KINDS, cum_weights=KIND_WEIGHTS)[0]
        title = self._title(rng, kind)
        roll = rng.random()
        status, published_at, state = Article.Status.PUBLISHED, moment, "public"
        if roll < 0.03:
            status, published_at, state = Article.Status.DRAFT, None, "draft"
        elif roll < 0.04:
            status, published_at, state = Article.Status.REVIEW, None, "in review"
        elif roll < 0.05:
            state = "unpublished"
            status = Article.Status.UNPUBLISHED
        elif roll < 0.07:
            state = "scheduled"
            published_at = self.now + timedelta(
                minutes=rng.randint(2 * 1440, 30 * 1440)
            )
        self.stats.articles[state] += 1
        exclusive = kind == Kind.NEWS and rng.random() < 0.06
        updated_at = None
        if published_at is not None and rng.random() < 0.05:
            updated_at = published_at + timedelta(minutes=rng.randint(20, 600))
        authors = self._byline(rng, kind)
        article = Article(
            title=title,
            slug=self._slug(title, kind),
            lead=rng.choice(self.sentences),
            body=self._body(rng, kind),
            kind=kind,
            is_exclusive=exclusive,
            section=self._section(rng, kind),
            source_name=rng.choice(SOURCES) if kind == Kind.NEWS else "",
            disclaimer=self.disclaimer if kind == Kind.OPINION else None,
            status=status,
            published_at=published_at,
            updated_at=updated_at,
            status_changed_at=published_at,
            import_ref=f"{GENERATED_PREFIX}{number}",
        )
        article.body_text = plain_text(article.body)  # as save() would
        picked = rng.choices(
            self.tags, cum_weights=self.tag_weights, k=rng.randint(2, 5)
        )
        return article, authors, list(dict.fromkeys(picked))

    def _title(self, rng: random.Random, kind: str) -> str:
        if kind == Kind.OPINION:
            return self._fill(rng.choice(OPINION_TITLES), rng)
        if kind == Kind.INTERVIEW:
            return self._fill(rng.choice(INTERVIEW_TITLES), rng)
        if kind == Kind.REVIEW:
            return self._fill(rng.choice(REVIEW_TITLES), rng)
        return self._fill("{actor} {verb} {object}", rng) + rng.choice(SUFFIXES)

    def _slug(self, title: str, kind: str) -> str:
        """As `unique_slug` would make it, from an in-memory set of taken slugs."""
        base = slug_base(title, kind)
        n = self.slug_next.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in self.slugs or candidate in RESERVED_SLUGS:
            n += 1
            candidate = f"{base}-{n}"
        self.slug_next[base] = n + 1
        self.slugs.add(candidate)
        return candidate

    def _byline(self, rng: random.Random, kind: str) -> list[Author]:
        if kind == Kind.OPINION:
            pool = Author.Kind.COLUMNIST if rng.random() < 0.85 else Author.Kind.GUEST
            count = 1
        else:
            pool = Author.Kind.STAFF
            roll = rng.random()
            count = 0 if kind == Kind.NEWS and roll < 0.4 else 2 if roll > 0.85 else 1
        authors = self.authors[pool] or self.authors[Author.Kind.STAFF]
        weights = self.author_weights[pool] if self.authors[pool] else None
        picked = rng.choices(authors, cum_weights=weights, k=count)
        return list(dict.fromkeys(picked))

    def _section(self, rng: random.Random, kind: str) -> Section:
        if kind == Kind.REVIEW:
            return self.sections[5 % len(self.sections)]  # Culture
        return rng.choices(self.sections, cum_weights=zipf(len(self.sections)))[0]

    def _body(self, rng: random.Random, kind: str) -> str:
        paragraphs = []
        for n in range(rng.randint(4, 8)):
            text = " ".join(rng.choices(self.sentences, k=rng.randint(2, 5)))
            if kind == Kind.INTERVIEW:
                question = self._fill(rng.choice(QUESTIONS), rng)
                paragraphs.append(f"<p><strong>{question}</strong></p>")
            elif n == 3 and rng.random() < 0.3:
                paragraphs.append(f"<h2>{self._fill('{actor} on {object}', rng)}</h2>")
            if n == 1 and rng.random() < 0.3:
                source = rng.choice(SOURCES[:-1])
                text += (
                    f' Read more at <a href="https://example.org/{source.lower()}">'
                    f"{source}</a>."
                )
            paragraphs.append(f"<p>{text}</p>")
        return clean_html("\n".join(paragraphs))

    def _linked_label(self, rng: random.Random, article: Article) -> str | None:
        """The label of the article's item on the ticker; None if it cannot
        have one because an item with its time and headline exists."""
        key = (article.published_at, article.title)
        if key in self.item_keys:
            return None
        self.item_keys.add(key)
        if article.kind == Kind.INTERVIEW:
            return Label.INTERVIEW
        if article.kind == Kind.REVIEW:
            return Label.REVIEW
        if article.is_exclusive:
            return Label.EXCLUSIVE
        return Label.UPDATED if article.updated_at and rng.random() < 0.5 else ""

    def _insert_items(self, rows) -> None:
        """News items as (headline, time, label, article id, text, status)."""
        db_time = connection.ops.adapt_datetimefield_value
        created = db_time(timezone.now())
        insert_rows(
            NewsItem,
            (
                "headline",
                "published_at",
                "label",
                "article_id",
                "text",
                "status",
                "image_caption",
                "created_at",
                "modified_at",
            ),
            (
                (headline, db_time(moment), label, article, text, status, "")
                + (created, created)
                for headline, moment, label, article, text, status in rows
            ),
        )

    # -- the ticker's own briefs -------------------------------------------

    def _briefs(self, count: int) -> None:
        """News items without an article, evenly over the span, at odd seconds
        (articles are on whole minutes), so (time, headline) stays unique;
        written oldest first together with the items linked to articles."""
        self.linked.sort(key=lambda row: row[1])  # scheduled pieces come last
        rows = heapq.merge(self._brief_rows(count), self.linked, key=lambda r: r[1])
        total = count + len(self.linked)
        while chunk := list(islice(rows, NEWS_CHUNK)):
            with transaction.atomic():
                self._insert_items(chunk)
            self.stats.news_items += len(chunk)
            self.progress("news items", self.stats.news_items, total)

    def _brief_rows(self, count: int):
        """The briefs as item rows, oldest first."""
        rng = random.Random(f"{self.seed}:news")
        span = max(SPAN.total_seconds(), 3 * count)
        for n in range(count):
            seconds = int(span * (count - 1 - n + 0.5) / count) | 1
            headline = rng.choice(self.briefs)
            moment = self.now - timedelta(seconds=seconds)
            while (moment, headline) in self.item_keys:
                moment -= timedelta(seconds=2)  # only when adding to a run
            roll = rng.random()
            status = (
                NewsItem.Status.DRAFT
                if roll < 0.005
                else NewsItem.Status.UNPUBLISHED
                if roll < 0.01
                else NewsItem.Status.PUBLISHED
            )
            yield (
                headline,
                moment,
                rng.choices(LABELS, cum_weights=LABEL_WEIGHTS)[0],
                None,
                " ".join(rng.choices(self.sentences, k=rng.randint(1, 2))),
                status,
            )


def refresh_statistics() -> None:
    """On PostgreSQL, what autovacuum does within minutes of a bulk load:
    merge the rows just added into the full-text GIN indexes (the planner
    prices a pending list as a full read) and gather statistics. Without it a
    benchmark run straight after generating measured plans made blind (and
    compiled by the JIT): a search at 1k took 1.5 s. SQLite keeps none: it
    plans from the schema, as a site that never ran ANALYZE does."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in ("articles_article", "newsfeed_newsitem"):
            cursor.execute(
                "SELECT gin_clean_pending_list(%s::regclass)",
                [f"{table}_search_vector"],
            )
        cursor.execute("ANALYZE")
