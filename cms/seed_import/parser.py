"""Parse seed files (plain-text scrapes of Espreso Global pages).

Plain Python: no Django here, so the parser can be tested and benchmarked on its
own. The format is described in docs/seed-format.md; every rule is applied by
markers, never by fixed line numbers. A file that breaks the grammar raises
SeedError naming the line, what was expected and what was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import accumulate
from pathlib import Path
from zoneinfo import ZoneInfo

from articles.slugs import ascii_slug  # plain Python too
from cms.seed_import.files import read_seed_bytes

KYIV = ZoneInfo("Europe/Kyiv")
SITE_NAME = "Espreso. Global"
HERO_PLACEHOLDER = "client/title.list_title"
FEED_HEADING = "• News"
MORE_NEWS = "More news"
AUTHOR_BOX_PREFIX = "About the author."
MAX_TITLE_LENGTH = 300
MAX_TAG_LENGTH = 100  # taggit's Tag.name
# Limits far above any real page (the real seed: 141 lines, 10 paragraphs of at
# most 584 characters, 40 feed items), so a runaway file is refused instead of
# making an article page of megabytes. The file itself is capped in files.py.
MAX_LINES = 10_000
MAX_LINE_CHARS = 20_000  # a paragraph is one line
MAX_BODY_CHARS = 200_000  # the body paragraphs together
MAX_PARAGRAPHS = 500
MAX_TAGS = 50
MAX_FEED_ITEMS = 500

# Badges as the site shows them, keyed case-insensitively.
BADGES = {
    b.lower(): b for b in ("OPINION", "Interview", "Review", "Exclusive", "Updated")
}
LABELS = {b.lower(): b for b in ("Exclusive", "Updated", "Interview", "Review")}

MONTHS = {
    name.lower(): number
    for number, name in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        start=1,
    )
}
WEEKDAYS = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)

DATE_LINE = re.compile(r"(\d{1,2}) ([A-Za-z]+), (\d{4}) ([A-Za-z]+)")
TIME_LINE = re.compile(r"(\d{1,2}):(\d{2})")
GROUP_YEAR_LINE = re.compile(r"(\d{4}), ([A-Za-z]+)")
GROUP_DAY_LINE = re.compile(r"(\d{1,2}) ([A-Za-z]+)")
# Anything below space but tab, and DEL: not a text scrape.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
SOURCE_LINE = re.compile(r"Source(?::\s*(?P<name>.+))?", re.IGNORECASE)
# "The editorial staff does not always share the opinions expressed by ..."
DISCLAIMER_LIKE = re.compile(
    r"\b(editorial|editors?|redaction)\b.*\b(not|n't)\b.*\b(share|reflect|endorse)",
    re.IGNORECASE,
)
SENTENCE_END = ".!?…:;\"”»'’)"
WEB_ADDRESS = re.compile(r"https?://\S+", re.IGNORECASE)
CAPTION_WORDS = re.compile(
    r"\b(photo|illustrative|illustration|credit|getty|reuters)\b", re.I
)


class SeedError(ValueError):
    """A seed file breaks the format: where, what was expected, what was found."""

    def __init__(self, path: str, line: int, expected: str, found: str):
        self.path = path
        self.line = line
        self.expected = expected
        self.found = found
        super().__init__(f"{path}:{line}: expected {expected}, found {found}")


class NotUTF8(SeedError):
    """The bytes are not UTF-8 text: the file is not a seed at all."""

    def __init__(self, path: str, line: int, offset: int):
        self.offset = offset
        super().__init__(
            path, line, "UTF-8 text", f"bytes that are not UTF-8 at offset {offset}"
        )


@dataclass(frozen=True, slots=True)
class FeedEntry:
    published_at: datetime
    headline: str
    label: str = ""  # "", or one of LABELS' values
    image_caption: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class SeedArticle:
    title: str
    published_at: datetime
    badge: str = ""  # "", or one of BADGES' values
    byline: str = ""
    lead: str = ""
    hero_caption: str = ""
    paragraphs: tuple[str, ...] = ()
    source: str = ""
    author_name: str = ""
    author_bio: str = ""
    disclaimer: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Seed:
    path: str
    article: SeedArticle
    feed: tuple[FeedEntry, ...] = field(default=())


def parse_file(path: str | Path) -> Seed:
    """Parse the regular file at `path`; see files.read_seed_bytes for what is
    refused (with SkippedFile) before a byte is parsed."""
    return parse_bytes(read_seed_bytes(path), str(path))


def parse_bytes(data: bytes, path: str = "<seed>") -> Seed:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Count lines as normalise() will: CRLF, lone CR and LF each end one.
        before = data[: exc.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        line = before.count(b"\n") + 1
        raise NotUTF8(path, line, exc.start) from None
    return parse_text(text, path)


def normalise(text: str) -> list[str]:
    """Lines without BOM, CR or trailing whitespace (no-break spaces included)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [line.rstrip() for line in text.split("\n")]


def parse_text(text: str, path: str = "<seed>") -> Seed:
    return _Parser(normalise(text), path).parse()


def _quote(line: str) -> str:
    shown = line if len(line) <= 80 else line[:77] + "..."
    return f"“{shown}”"


class _Parser:
    def __init__(self, lines: list[str], path: str):
        # Control characters other than tab mean this is not a text scrape.
        self.lines = lines
        self.path = path
        self.i = 0

    # -- cursor helpers ------------------------------------------------------

    def error(self, expected: str, found: str | None = None, at: int | None = None):
        index = self.i if at is None else at
        if found is None:
            if index >= len(self.lines):
                found = "end of file"
            elif not self.lines[index]:
                found = "a blank line"
            else:
                found = _quote(self.lines[index])
        return SeedError(self.path, index + 1, expected, found)

    def current(self) -> str | None:
        return self.lines[self.i] if self.i < len(self.lines) else None

    def skip_blank(self) -> None:
        while self.i < len(self.lines) and not self.lines[self.i]:
            self.i += 1

    # -- grammar -------------------------------------------------------------

    def parse(self) -> Seed:
        self.check_is_text()
        if not any(self.lines):
            empty = self.lines == [""]
            raise self.error(
                f"the site name “{SITE_NAME}” on the first line",
                "an empty file" if empty else "only blank lines",
                at=0,
            )
        self.skip_blank()
        if self.current() != SITE_NAME:
            raise self.error(f"the site name “{SITE_NAME}” on the first line")
        self.i += 1

        badge = self.parse_badge()
        self.skip_blank()
        title = self.parse_title()
        self.skip_blank()
        byline, published_at = self.parse_byline_and_time()
        self.skip_blank()
        lead = self.parse_lead()

        end = self.find_article_end()
        hero_caption, paragraphs = self.parse_hero_and_paragraphs(end)
        body, source, author_name, author_bio, disclaimer = self.split_footer(
            paragraphs, end
        )
        self.i = end
        tags = self.parse_tags()
        feed = self.parse_feed()

        article = SeedArticle(
            title=title,
            published_at=published_at,
            badge=badge,
            byline=byline,
            lead=lead,
            hero_caption=hero_caption,
            paragraphs=tuple(body),
            source=source,
            author_name=author_name,
            author_bio=author_bio,
            disclaimer=disclaimer,
            tags=tuple(tags),
        )
        return Seed(path=self.path, article=article, feed=tuple(feed))

    def check_is_text(self) -> None:
        if len(self.lines) > MAX_LINES:
            raise self.error(
                f"at most {MAX_LINES:,} lines",
                f"{len(self.lines):,} lines",
                at=MAX_LINES,
            )
        for index, line in enumerate(self.lines):
            if len(line) > MAX_LINE_CHARS:
                raise self.error(
                    f"a line of at most {MAX_LINE_CHARS:,} characters",
                    f"{len(line):,} characters",
                    at=index,
                )
            if match := CONTROL_CHARACTER.search(line):
                raise self.error(
                    "plain text",
                    f"control character U+{ord(match[0]):04X}",
                    at=index,
                )

    def parse_badge(self) -> str:
        line = self.current()
        if not line:
            return ""
        badge = BADGES.get(line.strip().lower())
        if badge is None:
            known = ", ".join(BADGES.values())
            raise self.error(f"a badge ({known}) or a blank line after the site name")
        self.i += 1
        if self.current():
            raise self.error("a blank line after the badge")
        return badge

    def parse_title(self) -> str:
        line = self.current()
        if line is None or DATE_LINE.fullmatch(line) or TIME_LINE.fullmatch(line):
            raise self.error("the title")
        if len(line) > MAX_TITLE_LENGTH:
            raise self.error(
                f"a title of at most {MAX_TITLE_LENGTH} characters",
                f"{len(line)} characters",
            )
        self.i += 1
        return line.strip()

    def parse_byline_and_time(self) -> tuple[str, datetime]:
        byline = ""
        line = self.current()
        if line is not None and not DATE_LINE.fullmatch(line):
            following = self.lines[self.i + 1] if self.i + 1 < len(self.lines) else ""
            if DATE_LINE.fullmatch(following):
                byline = line.strip()
                self.i += 1
            else:
                raise self.error("the date line, like “3 February, 2025 Monday”")
        if self.current() is None:
            raise self.error("the date line, like “3 February, 2025 Monday”")
        day = self.parse_date_line()
        self.i += 1
        published_at = self.parse_time_line(day)
        self.i += 1
        return byline, published_at

    def parse_date_line(self) -> date:
        match = DATE_LINE.fullmatch(self.current())
        day, month_name, year, weekday = match.groups()
        return self.checked_date(int(year), month_name, int(day), weekday)

    def checked_date(
        self,
        year: int,
        month_name: str,
        day: int,
        weekday: str,
        weekday_at: int | None = None,
    ) -> date:
        """The date, checked; `weekday_at` is the line holding the weekday when it
        is not the current line (a feed group has it on the line above)."""
        month = MONTHS.get(month_name.lower())
        if month is None:
            raise self.error("an English month name", _quote(month_name))
        try:
            value = date(year, month, day)
        except ValueError:
            raise self.error(
                "a date that exists", f"{day} {month_name.title()} {year}"
            ) from None
        actual = WEEKDAYS[value.weekday()]
        if weekday.lower() != actual.lower():
            raise self.error(
                f"the weekday {actual} for {day} {month_name.title()} {year}",
                _quote(weekday),
                at=weekday_at,
            )
        return value

    def parse_time_line(self, day: date) -> datetime:
        line = self.current()
        match = TIME_LINE.fullmatch(line) if line is not None else None
        if match is None:
            raise self.error("the time, like “11:58”, under the date line")
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise self.error("a time between 00:00 and 23:59", _quote(line))
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=KYIV)

    def parse_lead(self) -> str:
        line = self.current()
        if line is None or line == HERO_PLACEHOLDER or self.is_footer_marker(line):
            return ""
        self.i += 1
        return line.strip()

    @staticmethod
    def is_footer_marker(line: str) -> bool:
        return line in ("Tags:", "Read also:") or line.strip() == FEED_HEADING

    def find_article_end(self) -> int:
        """Index of the line that ends the article: Tags:, Read also:, the feed
        heading, or the end of the file."""
        for index in range(self.i, len(self.lines)):
            if self.is_footer_marker(self.lines[index]):
                return index
        return len(self.lines)

    def parse_hero_and_paragraphs(self, end: int) -> tuple[str, list[tuple[int, str]]]:
        """The hero caption (if any) and every non-blank line up to `end`, each a
        paragraph, with its index. The hero placeholder is noise and dropped."""
        paragraphs = [
            (index, line.strip())
            for index in range(self.i, end)
            if (line := self.lines[index]) and line != HERO_PLACEHOLDER
        ]
        placeholder = next(
            (ix for ix in range(self.i, end) if self.lines[ix] == HERO_PLACEHOLDER),
            None,
        )
        caption = ""
        if placeholder is not None and len(paragraphs) > 1:
            first_index, first = paragraphs[0]
            # A footer line right after the placeholder means there is no body,
            # not that the footer line is a caption.
            is_footer = SOURCE_LINE.fullmatch(first) or first.startswith(
                AUTHOR_BOX_PREFIX
            )
            if (
                first_index > placeholder
                and not is_footer
                and looks_like_caption(first)
            ):
                caption = first
                paragraphs = paragraphs[1:]
        return caption, paragraphs

    def split_footer(self, paragraphs: list[tuple[int, str]], end: int):
        """Read the footer from Tags: upwards: disclaimer, author box, Source."""
        texts = [text for _, text in paragraphs]
        author_at = next(
            (
                k
                for k in range(len(texts) - 1, -1, -1)
                if texts[k].startswith(AUTHOR_BOX_PREFIX)
            ),
            None,
        )
        source_at = None
        if author_at is not None:
            disclaimer_from = author_at + 1
            body_end = author_at
            if author_at > 0 and SOURCE_LINE.fullmatch(texts[author_at - 1]):
                source_at = author_at - 1
        else:
            source_at = next(
                (
                    k
                    for k in range(len(texts) - 1, -1, -1)
                    if SOURCE_LINE.fullmatch(texts[k])
                ),
                None,
            )
            if source_at is not None:
                disclaimer_from = source_at + 1
                body_end = source_at
            else:
                disclaimer_from = len(texts)
                while disclaimer_from > 0 and DISCLAIMER_LIKE.search(
                    texts[disclaimer_from - 1]
                ):
                    disclaimer_from -= 1
                body_end = disclaimer_from
        if source_at is not None:
            body_end = source_at

        author_name = author_bio = ""
        if author_at is not None:
            author_name, author_bio = self.parse_author_box(
                texts[author_at], paragraphs[author_at][0]
            )
        source = ""
        if source_at is not None:
            source = (
                SOURCE_LINE.fullmatch(texts[source_at])["name"] or "Source"
            ).strip()
        disclaimer = "\n\n".join(texts[disclaimer_from:])
        body = texts[:body_end]
        if not body:
            at = paragraphs[0][0] if paragraphs else end
            raise self.error("at least one body paragraph", at=at)
        self.check_body(body, [index for index, _ in paragraphs])
        return body, source, author_name, author_bio, disclaimer

    def check_body(self, body: list[str], indexes: list[int]) -> None:
        """The body within MAX_PARAGRAPHS and MAX_BODY_CHARS; an error names the
        line where it goes over."""
        if len(body) > MAX_PARAGRAPHS:
            raise self.error(
                f"at most {MAX_PARAGRAPHS:,} body paragraphs",
                f"{len(body):,}",
                at=indexes[MAX_PARAGRAPHS],
            )
        running = list(accumulate(map(len, body)))
        if running[-1] > MAX_BODY_CHARS:
            over = next(k for k, n in enumerate(running) if n > MAX_BODY_CHARS)
            raise self.error(
                f"a body of at most {MAX_BODY_CHARS:,} characters",
                f"{running[-1]:,} characters",
                at=indexes[over],
            )

    def parse_author_box(self, text: str, index: int) -> tuple[str, str]:
        rest = text.removeprefix(AUTHOR_BOX_PREFIX).strip()
        name, _, bio = rest.partition(",")
        if not name.strip():
            raise self.error("the author's name after “About the author.”", at=index)
        return name.strip(), bio.strip()

    def parse_tags(self) -> list[str]:
        tags: list[str] = []
        if self.current() != "Tags:":
            return tags
        self.i += 1
        while (line := self.current()) is not None and not self.is_footer_marker(line):
            tag = line.strip()
            if len(tag) > MAX_TAG_LENGTH:
                raise self.error(
                    f"a tag of at most {MAX_TAG_LENGTH} characters",
                    f"{len(tag)} characters",
                )
            if tag and not ascii_slug(tag):
                # The tag's page is /tag/<its ASCII slug>: it needs something
                # to make that from.
                raise self.error(
                    "a tag with a letter or digit to make its web address from"
                )
            if tag and tag not in tags:
                if len(tags) == MAX_TAGS:
                    raise self.error(f"at most {MAX_TAGS} tags", f"{MAX_TAGS + 1}")
                tags.append(tag)
            self.i += 1
        return tags

    def parse_feed(self) -> list[FeedEntry]:
        while (line := self.current()) is not None and line.strip() != FEED_HEADING:
            self.i += 1
        if self.current() is None:
            return []
        self.i += 1
        entries: list[FeedEntry] = []
        day: date | None = None
        while (line := self.current()) is not None:
            if not line:
                self.i += 1
            elif line == MORE_NEWS:
                break
            elif match := GROUP_YEAR_LINE.fullmatch(line):
                day = self.parse_group(int(match[1]), match[2])
            elif TIME_LINE.fullmatch(line):
                if day is None:
                    raise self.error(
                        "a date group like “2025, Thursday” / “13 February” "
                        "before the first news item"
                    )
                if len(entries) == MAX_FEED_ITEMS:
                    raise self.error(
                        f"at most {MAX_FEED_ITEMS} news items in the feed",
                        f"{MAX_FEED_ITEMS + 1}",
                    )
                entries.append(self.parse_item(day))
            else:
                raise self.error("a news item time like “10:54” or a date group")
        return entries

    def parse_group(self, year: int, weekday: str) -> date:
        self.i += 1
        line = self.current()
        match = GROUP_DAY_LINE.fullmatch(line) if line else None
        if match is None:
            raise self.error("the group's day and month, like “13 February”")
        value = self.checked_date(
            year, match[2], int(match[1]), weekday, weekday_at=self.i - 1
        )
        self.i += 1
        return value

    def parse_item(self, day: date) -> FeedEntry:
        start = self.i
        published_at = self.parse_time_line(day)
        self.i += 1
        parts: list[str] = []
        while (line := self.current()) is not None and not (
            line == MORE_NEWS
            or TIME_LINE.fullmatch(line)
            or GROUP_YEAR_LINE.fullmatch(line)
        ):
            if line:
                parts.append(line.strip())
            self.i += 1
        label = ""
        if len(parts) > 1 and parts[0].lower() in LABELS:
            label = LABELS[parts.pop(0).lower()]
        if not parts:
            raise self.error(
                f"a headline for the news item at {self.lines[start]}", at=self.i
            )
        headline = parts[-1]
        if len(headline) > MAX_TITLE_LENGTH:
            raise self.error(
                f"a headline of at most {MAX_TITLE_LENGTH} characters",
                f"{len(headline)} characters",
                at=self.i - 1,
            )
        return FeedEntry(
            published_at=published_at,
            headline=headline,
            label=label,
            image_caption=" ".join(parts[:-1]),
            line=start + 1,
        )


def looks_like_caption(text: str) -> bool:
    """A hero caption is short and reads like a credit, not a sentence. A web
    address alone is a body paragraph (a link or an embed), never a caption."""
    if len(text) > 160 or WEB_ADDRESS.fullmatch(text):
        return False
    return bool(CAPTION_WORDS.search(text)) or not text.endswith(tuple(SENTENCE_END))
