"""The seed parser, against the real seed, variants of it, bad files and fuzzing.

Variants are built inside the tests from the real seed text by small string
edits, so every case shows exactly how it differs from a file the site produced.
"""

from collections import Counter
from dataclasses import fields, is_dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.seed_import.parser import (
    Seed,
    SeedArticle,
    SeedError,
    normalise,
    parse_bytes,
    parse_file,
    parse_text,
)
from cms.seed_import.writer import render_seed
from tests.conftest import REAL_SEED

KYIV = ZoneInfo("Europe/Kyiv")
PATH = "seeds/bad.txt"

SITE_NAME = "Espreso. Global"
TITLE = "If not NATO, what are alternatives for Ukraine security guarantees?"
DATE_LINE = "3 February, 2025 Monday"
TIME_LINE = "11:58"
LEAD = "One of the key issues in the peace talks will be Ukraine’s NATO membership"
PLACEHOLDER = "client/title.list_title"
AUTHOR_BOX = (
    "About the author. Viktor Andrusiv, political and public figure, "
    "analyst and publicist"
)
DISCLAIMER = (
    "The editorial staff does not always share the opinions expressed by the "
    "blog authors."
)
FIRST_PARAGRAPH = (
    "I’m glad that many politicians are finally being honest about the fact that "
    "this decision has never had solid backing from partner countries. The chances "
    "were always slim, largely due to the positions of individual nations — Turkey, "
    "Germany, Hungary, and, depending on elections, others. But more importantly, "
    "NATO has never been an effective defense mechanism."
)
LAST_PARAGRAPH = (
    "In the end, Putin might get what he wants — Ukraine staying out of NATO — but "
    "that wouldn’t leave Ukraine defenseless. It’d secure protection within the EU "
    "rather than NATO. Trump would achieve his goal of reducing U.S. involvement in "
    "European security. And as for nuclear deterrence, France already has nuclear "
    "weapons within the EU. Plus, given the UK’s position, it wouldn’t be "
    "surprising if Britain aligned itself with such a defense policy, even outside "
    "the EU. Meanwhile, the U.S. would still play a role in European security, even "
    "with its reduced presence in NATO."
)
HERO_CAPTION = "Volodymyr Zelenskyy, illustrative photo"

# Read once for the hypothesis tests, which must not take function-scoped
# fixtures; the other tests use the `real_seed_text` fixture.
REAL_TEXT = REAL_SEED.read_text(encoding="utf-8")
REAL_LINES = REAL_TEXT.split("\n")


# -- helpers: edits of the real seed -------------------------------------------


def replace_line(text: str, old: str, *new: str) -> str:
    """`text` with its one line equal to `old` replaced by the lines `new`."""
    lines = text.split("\n")
    assert lines.count(old) == 1, f"{old!r} is not exactly one line of the seed"
    at = lines.index(old)
    lines[at : at + 1] = new
    return "\n".join(lines)


def drop_line(text: str, old: str) -> str:
    return replace_line(text, old, *())


def with_badge_line(text: str, badge_line: str) -> str:
    lines = text.split("\n")
    assert lines[1] == "OPINION"
    lines[1] = badge_line
    return "\n".join(lines)


def body_lines(text: str) -> list[str]:
    """The lines between the hero placeholder and `Source`, blank lines included."""
    lines = text.split("\n")
    return lines[lines.index(PLACEHOLDER) + 1 : lines.index("Source")]


def with_body(text: str, *new: str) -> str:
    """`text` with the lines between the hero placeholder and `Source` replaced."""
    lines = text.split("\n")
    lines[lines.index(PLACEHOLDER) + 1 : lines.index("Source")] = new
    return "\n".join(lines)


def without_feed(text: str) -> str:
    return text[: text.index("Read also:")].rstrip("\n")


def all_strings(value):
    """Every string inside a parsed seed, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif is_dataclass(value):
        for item in fields(value):
            yield from all_strings(getattr(value, item.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from all_strings(item)


def assert_clean(seed: Seed) -> None:
    for text in all_strings(seed):
        assert "\r" not in text, text
        assert text == text.rstrip(), f"trailing whitespace in {text!r}"


def error_of(text: str | bytes) -> str:
    parse = parse_bytes if isinstance(text, bytes) else parse_text
    with pytest.raises(SeedError) as info:
        parse(text, PATH)
    return str(info.value)


@pytest.fixture
def seed(real_seed_text) -> Seed:
    return parse_text(real_seed_text, str(REAL_SEED))


@pytest.fixture
def article(seed) -> SeedArticle:
    return seed.article


# -- 1. the real seed, value by value ------------------------------------------


def test_the_real_seed_parses_from_its_file_as_from_its_text_and_bytes(
    real_seed_text,
):
    from_file = parse_file(REAL_SEED)
    assert from_file == parse_text(real_seed_text, str(REAL_SEED))
    assert from_file == parse_bytes(REAL_SEED.read_bytes(), str(REAL_SEED))
    assert from_file.path == str(REAL_SEED)


def test_the_real_seed_is_an_opinion_piece(article):
    assert article.badge == "OPINION"


def test_the_real_seed_has_its_exact_title(article):
    assert article.title == TITLE


def test_the_real_seed_was_published_at_11_58_kyiv_winter_time(article):
    assert article.published_at == datetime(2025, 2, 3, 11, 58, tzinfo=KYIV)
    assert article.published_at.utcoffset() == timedelta(hours=2)
    assert article.published_at.astimezone(UTC) == datetime(
        2025, 2, 3, 9, 58, tzinfo=UTC
    )


def test_the_real_seed_has_its_exact_lead(article):
    assert article.lead == LEAD


def test_the_real_seed_has_no_byline(article):
    assert article.byline == ""


def test_the_real_seed_has_exactly_ten_body_paragraphs(article):
    assert len(article.paragraphs) == 10
    assert article.paragraphs[0] == FIRST_PARAGRAPH
    assert article.paragraphs[-1] == LAST_PARAGRAPH
    assert PLACEHOLDER not in article.paragraphs


def test_the_real_seed_has_no_hero_caption(article):
    assert article.hero_caption == ""


def test_the_real_seed_cites_a_bare_source(article):
    assert article.source == "Source"


def test_the_real_seed_names_its_author_and_bio(article):
    assert article.author_name == "Viktor Andrusiv"
    assert article.author_bio == "political and public figure, analyst and publicist"


def test_the_real_seed_ends_with_the_opinion_disclaimer(article):
    assert article.disclaimer == DISCLAIMER


def test_the_real_seed_has_no_tags(article):
    assert article.tags == ()


def test_the_real_seed_feed_has_40_items_on_two_days(seed):
    assert len(seed.feed) == 40
    per_day = Counter(item.published_at.date() for item in seed.feed)
    assert per_day == {date(2025, 2, 13): 5, date(2025, 2, 12): 35}


def test_the_real_seed_feed_labels_are_counted_exactly(seed):
    labels = Counter(item.label for item in seed.feed if item.label)
    assert labels == {"Exclusive": 10, "Interview": 1, "Updated": 1, "Review": 1}


def test_the_real_seed_feed_has_exactly_three_items_with_image_captions(seed):
    captioned = [
        (item.published_at, item.label, item.image_caption, item.headline)
        for item in seed.feed
        if item.image_caption
    ]
    assert captioned == [
        (
            datetime(2025, 2, 12, 21, 21, tzinfo=KYIV),
            "",
            "F-16 with JASSM-ER, illustrative photo",
            "First F-16 photo during combat mission in Ukraine emerges online "
            "— what does it reveal?",
        ),
        (
            datetime(2025, 2, 12, 20, 11, tzinfo=KYIV),
            "Exclusive",
            "Ukraine Russia war live map, February 5-12",
            "Russia is forced to retreat in some areas of Pokrovsk sector",
        ),
        (
            datetime(2025, 2, 12, 15, 30, tzinfo=KYIV),
            "Exclusive",
            "Ukraine Russia war live map, February 5-12",
            "February 5-12 live war map: Ukrainian counterattacks yield results",
        ),
    ]


def test_the_real_seed_feed_starts_and_ends_with_the_exact_items(seed):
    first, last = seed.feed[0], seed.feed[-1]
    assert first.published_at == datetime(2025, 2, 13, 10, 54, tzinfo=KYIV)
    assert first.headline == (
        "116 clashes occur at front on Feb. 12: Russia launches over 5,000 strikes "
        "on Ukraine"
    )
    assert first.label == ""
    assert first.image_caption == ""
    assert first.line == 44
    assert last.published_at == datetime(2025, 2, 12, 12, 54, tzinfo=KYIV)
    assert last.headline == (
        "Trump, Zelenskyy, and rare earth resources: what Kyiv offers Washington"
    )
    assert last.label == "Review"
    assert last.image_caption == ""
    assert last.line == 139


def test_the_real_seed_feed_runs_newest_first(seed):
    times = [item.published_at for item in seed.feed]
    assert times == sorted(times, reverse=True)


def test_the_articles_own_time_line_is_not_a_feed_item(seed):
    assert all(item.published_at.date() != date(2025, 2, 3) for item in seed.feed)
    assert all(item.published_at.strftime("%H:%M") != "11:58" for item in seed.feed)
    assert min(item.line for item in seed.feed) > REAL_LINES.index("  • News")


def test_the_real_seed_keeps_typographic_characters(seed):
    headlines = [item.headline for item in seed.feed]
    assert "’" in seed.article.lead
    assert "—" in seed.article.paragraphs[0]
    assert (
        "U.S. envoy Kellogg to visit Ukraine for “tough diplomacy” "
        "— U.S. State Department"
    ) in headlines
    assert "UK pledges £150 million in military aid to Ukraine" in headlines
    assert (
        "Russia blocks IAEA experts' rotation at Zaporizhzhia nuclear plant "
        "– Ukraine's MFA"
    ) in headlines
    assert (
        "Lithium extraction in Ukraine with U.S. partnership may take 5–10 years, "
        "expert says"
    ) in headlines


def test_the_real_seed_has_a_headline_ending_in_a_no_break_space(real_seed_text):
    # The fact the next test relies on: the scrape has one.
    assert "counterattacks yield results\u00a0\n" in real_seed_text


def test_no_parsed_string_holds_a_carriage_return_or_trailing_no_break_space(seed):
    assert_clean(seed)
    assert any(
        item.headline.endswith("counterattacks yield results") for item in seed.feed
    )


# -- 2. unusual files that still parse -----------------------------------------


def test_a_seed_without_a_badge_has_an_empty_badge(real_seed_text):
    article = parse_text(with_badge_line(real_seed_text, ""), PATH).article
    assert article.badge == ""
    assert article.title == TITLE


@pytest.mark.parametrize(
    ("badge_line", "badge"),
    [
        ("Interview", "Interview"),
        ("Review", "Review"),
        ("Exclusive", "Exclusive"),
        ("Updated", "Updated"),
        ("opinion", "OPINION"),
        ("Opinion", "OPINION"),
        ("INTERVIEW", "Interview"),
        ("exclusive", "Exclusive"),
    ],
)
def test_a_badge_is_read_case_insensitively_and_shown_as_the_site_shows_it(
    real_seed_text, badge_line, badge
):
    article = parse_text(with_badge_line(real_seed_text, badge_line), PATH).article
    assert article.badge == badge
    assert article.title == TITLE


def test_a_byline_directly_above_the_date_line_is_the_byline(real_seed_text):
    text = replace_line(real_seed_text, DATE_LINE, "Olena Ivanova", DATE_LINE)
    article = parse_text(text, PATH).article
    assert article.byline == "Olena Ivanova"
    assert article.title == TITLE
    assert article.published_at == datetime(2025, 2, 3, 11, 58, tzinfo=KYIV)
    assert article.lead == LEAD


def test_tags_between_tags_and_read_also_are_read_in_order(real_seed_text):
    text = replace_line(
        real_seed_text, "Tags:", "Tags:", "NATO", "European Union", "security"
    )
    seed = parse_text(text, PATH)
    assert seed.article.tags == ("NATO", "European Union", "security")
    assert seed.article.disclaimer == DISCLAIMER
    assert len(seed.feed) == 40


def test_crlf_line_ends_with_trailing_no_break_spaces_parse_like_the_original(
    real_seed_text,
):
    text = real_seed_text.replace("\n", "\u00a0\r\n")
    seed = parse_text(text, PATH)
    assert seed == parse_text(real_seed_text, PATH)
    assert_clean(seed)


def test_lone_cr_line_ends_parse_like_the_original(real_seed_text):
    seed = parse_text(real_seed_text.replace("\n", "\r"), PATH)
    assert seed == parse_text(real_seed_text, PATH)
    assert_clean(seed)


def test_a_utf8_byte_order_mark_is_dropped(real_seed_text):
    data = "\ufeff".encode() + real_seed_text.encode("utf-8")
    seed = parse_bytes(data, PATH)
    assert seed == parse_text(real_seed_text, PATH)
    assert not any("\ufeff" in text for text in all_strings(seed))


def test_a_byte_order_mark_with_crlf_line_ends_parses_like_the_original(
    real_seed_text,
):
    data = ("\ufeff" + real_seed_text.replace("\n", "\r\n")).encode("utf-8")
    assert parse_bytes(data, PATH) == parse_text(real_seed_text, PATH)


def test_cyrillic_title_lead_and_body_are_kept_as_they_are(real_seed_text):
    title = "Якщо не НАТО, то які є альтернативи гарантіям безпеки для України?"
    lead = "Одне з ключових питань мирних переговорів — членство України в НАТО"
    first = (
        "Я радий, що багато політиків нарешті чесно кажуть: «рішення не мало опори»."
    )
    second = "Тож справжнє питання зараз: якщо не НАТО, то які гарантії існують?"
    text = replace_line(real_seed_text, TITLE, title)
    text = replace_line(text, LEAD, lead)
    text = with_body(text, "", first, "", second, "")
    article = parse_text(text, PATH).article
    assert article.title == title
    assert article.lead == lead
    assert article.paragraphs == (first, second)
    assert article.hero_caption == ""


def test_each_feed_item_takes_the_year_of_its_own_group_across_new_year(
    real_seed_text,
):
    text = replace_line(real_seed_text, "2025, Wednesday", "2024, Tuesday")
    text = replace_line(text, "12 February", "31 December")
    text = replace_line(text, "2025, Thursday", "2025, Wednesday")
    text = replace_line(text, "13 February", "1 January")
    feed = parse_text(text, PATH).feed
    per_day = Counter(item.published_at.date() for item in feed)
    assert per_day == {date(2025, 1, 1): 5, date(2024, 12, 31): 35}
    assert feed[0].published_at == datetime(2025, 1, 1, 10, 54, tzinfo=KYIV)
    assert feed[4].published_at == datetime(2025, 1, 1, 9, 36, tzinfo=KYIV)
    assert feed[5].published_at == datetime(2024, 12, 31, 22, 0, tzinfo=KYIV)
    assert feed[-1].published_at == datetime(2024, 12, 31, 12, 54, tzinfo=KYIV)


@pytest.mark.parametrize(
    "blank_after_caption", [True, False], ids=["blank after", "no blank after"]
)
def test_a_short_line_after_the_placeholder_is_the_hero_caption(
    real_seed_text, blank_after_caption
):
    body = body_lines(real_seed_text)  # starts with the blank after the placeholder
    assert body[0] == ""
    rest = body if blank_after_caption else body[1:]
    text = with_body(real_seed_text, "", HERO_CAPTION, *rest)
    article = parse_text(text, PATH).article
    assert article.hero_caption == HERO_CAPTION
    assert len(article.paragraphs) == 10
    assert article.paragraphs[0] == FIRST_PARAGRAPH
    assert article.paragraphs[-1] == LAST_PARAGRAPH


def test_interview_paragraphs_split_by_no_break_space_lines_stay_separate(
    real_seed_text,
):
    question_1 = "What do Ukrainians in Pennsylvania expect from Trump?"
    answer_1 = "They expect him to keep his word, and they pray for it."
    question_2 = "Will the community keep helping the army?"
    answer_2 = "Yes — every parish collects money for drones every Sunday."
    text = with_badge_line(real_seed_text, "Interview")
    text = replace_line(text, DATE_LINE, "Olena Ivanova", DATE_LINE)
    text = with_body(
        text,
        "",
        question_1,
        "\u00a0",
        answer_1,
        "\u00a0 ",
        question_2,
        "\u00a0",
        answer_2,
        "",
    )
    text = drop_line(text, AUTHOR_BOX)
    text = drop_line(text, DISCLAIMER)
    article = parse_text(text, PATH).article
    assert article.badge == "Interview"
    assert article.byline == "Olena Ivanova"
    assert article.paragraphs == (question_1, answer_1, question_2, answer_2)
    assert article.hero_caption == ""
    assert article.source == "Source"
    assert article.author_name == ""
    assert article.disclaimer == ""


@pytest.mark.parametrize("ending", ["", "\n", "\n\n\n"], ids=repr)
def test_a_trailing_newline_makes_no_difference(real_seed_text, ending):
    assert not real_seed_text.endswith("\n")  # the real seed has none
    text = real_seed_text + ending
    assert parse_text(text, PATH) == parse_text(real_seed_text, PATH)


@pytest.mark.parametrize(
    "cut",
    [
        lambda text: without_feed(text) + "\nRead also:",
        lambda text: without_feed(text),
        lambda text: without_feed(text) + "\n",
        lambda text: text[: text.index("2025, Thursday")],
        lambda text: text[: text.index("Tags:")],
    ],
    ids=[
        "tags and read also",
        "tags only",
        "tags and a newline",
        "feed heading only",
        "no tags line",
    ],
)
def test_a_seed_without_a_feed_has_an_empty_feed(real_seed_text, cut):
    seed = parse_text(cut(real_seed_text), PATH)
    assert seed.feed == ()
    assert seed.article == parse_text(real_seed_text, PATH).article


@pytest.mark.parametrize(
    ("missing", "expected"),
    [
        (
            ["Source"],
            {"source": "", "author_name": "Viktor Andrusiv", "disclaimer": DISCLAIMER},
        ),
        (
            [AUTHOR_BOX],
            {"source": "Source", "author_name": "", "disclaimer": DISCLAIMER},
        ),
        (
            [DISCLAIMER],
            {"source": "Source", "author_name": "Viktor Andrusiv", "disclaimer": ""},
        ),
        (
            ["Source", AUTHOR_BOX],
            {"source": "", "author_name": "", "disclaimer": DISCLAIMER},
        ),
        (
            ["Source", AUTHOR_BOX, DISCLAIMER],
            {"source": "", "author_name": "", "disclaimer": ""},
        ),
    ],
    ids=[
        "no source",
        "no author box",
        "no disclaimer",
        "no source and no author box",
        "no footer at all",
    ],
)
def test_each_footer_part_may_be_missing_on_its_own(real_seed_text, missing, expected):
    text = real_seed_text
    for line in missing:
        text = drop_line(text, line)
    article = parse_text(text, PATH).article
    assert {key: getattr(article, key) for key in expected} == expected
    assert article.author_bio == (
        ""
        if AUTHOR_BOX in missing
        else "political and public figure, analyst and publicist"
    )
    assert len(article.paragraphs) == 10
    assert article.paragraphs[-1] == LAST_PARAGRAPH


def test_a_july_date_is_in_kyiv_summer_time(real_seed_text):
    text = replace_line(real_seed_text, DATE_LINE, "14 July, 2025 Monday")
    published_at = parse_text(text, PATH).article.published_at
    assert published_at == datetime(2025, 7, 14, 11, 58, tzinfo=KYIV)
    assert published_at.utcoffset() == timedelta(hours=3)
    assert published_at.astimezone(UTC) == datetime(2025, 7, 14, 8, 58, tzinfo=UTC)


# -- 3. bad files: the exact message, naming the file and the line --------------


def without_first_feed_group(text: str) -> str:
    return drop_line(drop_line(text, "2025, Thursday"), "13 February")


BAD_FILES = {
    "missing site name": (
        lambda text: drop_line(text, SITE_NAME),
        "seeds/bad.txt:1: expected the site name “Espreso. Global” on the first "
        "line, found “OPINION”",
    ),
    "wrong site name": (
        lambda text: replace_line(text, SITE_NAME, "Espreso.TV"),
        "seeds/bad.txt:1: expected the site name “Espreso. Global” on the first "
        "line, found “Espreso.TV”",
    ),
    "missing title": (
        lambda text: text.replace(f"{TITLE}\n\n", "", 1),
        "seeds/bad.txt:4: expected the title, found “3 February, 2025 Monday”",
    ),
    "overlong title": (
        lambda text: replace_line(text, TITLE, "N" * 301),
        "seeds/bad.txt:4: expected a title of at most 300 characters, "
        "found 301 characters",
    ),
    "missing date line": (
        lambda text: drop_line(text, DATE_LINE),
        "seeds/bad.txt:6: expected the date line, like “3 February, 2025 Monday”, "
        "found “11:58”",
    ),
    "date line without weekday": (
        lambda text: replace_line(text, DATE_LINE, "3 February, 2025"),
        "seeds/bad.txt:6: expected the date line, like “3 February, 2025 Monday”, "
        "found “3 February, 2025”",
    ),
    "missing time line": (
        lambda text: drop_line(text, TIME_LINE),
        "seeds/bad.txt:7: expected the time, like “11:58”, under the date line, "
        "found a blank line",
    ),
    "impossible date": (
        lambda text: replace_line(text, DATE_LINE, "31 February, 2025 Monday"),
        "seeds/bad.txt:6: expected a date that exists, found 31 February 2025",
    ),
    "unknown month": (
        lambda text: replace_line(text, DATE_LINE, "3 Febtember, 2025 Monday"),
        "seeds/bad.txt:6: expected an English month name, found “Febtember”",
    ),
    "wrong weekday on the article date": (
        lambda text: replace_line(text, DATE_LINE, "3 February, 2025 Tuesday"),
        "seeds/bad.txt:6: expected the weekday Monday for 3 February 2025, "
        "found “Tuesday”",
    ),
    "wrong weekday in a feed group": (
        lambda text: replace_line(text, "2025, Thursday", "2025, Friday"),
        "seeds/bad.txt:42: expected the weekday Thursday for 13 February 2025, "
        "found “Friday”",
    ),
    "impossible time": (
        lambda text: replace_line(text, TIME_LINE, "25:00"),
        "seeds/bad.txt:7: expected a time between 00:00 and 23:59, found “25:00”",
    ),
    "impossible minute": (
        lambda text: replace_line(text, TIME_LINE, "11:60"),
        "seeds/bad.txt:7: expected a time between 00:00 and 23:59, found “11:60”",
    ),
    "no body before the footer": (
        lambda text: with_body(text, ""),
        "seeds/bad.txt:13: expected at least one body paragraph, found “Source”",
    ),
    "only a hero caption before the footer": (
        lambda text: with_body(text, "", HERO_CAPTION, ""),
        "seeds/bad.txt:15: expected at least one body paragraph, found “Source”",
    ),
    "placeholder directly followed by tags": (
        lambda text: (
            text[: text.index(PLACEHOLDER)]
            + PLACEHOLDER
            + "\n"
            + text[text.index("Tags:") :]
        ),
        "seeds/bad.txt:12: expected at least one body paragraph, found “Tags:”",
    ),
    "unknown badge": (
        lambda text: with_badge_line(text, "ANALYSIS"),
        "seeds/bad.txt:2: expected a badge (OPINION, Interview, Review, Exclusive, "
        "Updated) or a blank line after the site name, found “ANALYSIS”",
    ),
    "badge not followed by a blank line": (
        lambda text: text.replace("OPINION\n\n", "OPINION\n", 1),
        f"seeds/bad.txt:3: expected a blank line after the badge, found “{TITLE}”",
    ),
    "feed item before any date group": (
        without_first_feed_group,
        "seeds/bad.txt:42: expected a date group like “2025, Thursday” / "
        "“13 February” before the first news item, found “10:54”",
    ),
    "feed item without a headline": (
        lambda text: drop_line(
            text, "European countries and Ukraine demand a say in any peace talks"
        ),
        "seeds/bad.txt:47: expected a headline for the news item at 10:33, "
        "found “10:15”",
    ),
    "last feed item without a headline": (
        lambda text: drop_line(
            drop_line(text, "Review"),
            "Trump, Zelenskyy, and rare earth resources: what Kyiv offers Washington",
        ),
        "seeds/bad.txt:140: expected a headline for the news item at 12:54, "
        "found “More news”",
    ),
    "impossible feed item time": (
        lambda text: replace_line(text, "10:54", "24:10"),
        "seeds/bad.txt:44: expected a time between 00:00 and 23:59, found “24:10”",
    ),
    "feed group without its day line": (
        lambda text: drop_line(text, "13 February"),
        "seeds/bad.txt:43: expected the group's day and month, like "
        "“13 February”, found “10:54”",
    ),
    "author box without a name": (
        lambda text: replace_line(text, AUTHOR_BOX, "About the author."),
        "seeds/bad.txt:35: expected the author's name after “About the author.”, "
        "found “About the author.”",
    ),
    "control character in the text": (
        lambda text: replace_line(text, LEAD, LEAD + "\x00"),
        "seeds/bad.txt:9: expected plain text, found control character U+0000",
    ),
}


@pytest.mark.parametrize(
    ("make_bad", "message"), BAD_FILES.values(), ids=BAD_FILES.keys()
)
def test_a_bad_file_is_rejected_naming_the_file_line_expected_and_found(
    real_seed_text, make_bad, message
):
    assert error_of(make_bad(real_seed_text)) == message


def test_a_seed_error_carries_its_parts_as_attributes(real_seed_text):
    with pytest.raises(SeedError) as info:
        parse_text(replace_line(real_seed_text, TIME_LINE, "25:00"), PATH)
    error = info.value
    assert (error.path, error.line, error.expected, error.found) == (
        PATH,
        7,
        "a time between 00:00 and 23:59",
        "“25:00”",
    )
    assert isinstance(error, ValueError)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "",
            "seeds/bad.txt:1: expected the site name “Espreso. Global” on the first "
            "line, found an empty file",
        ),
        (
            "\ufeff",
            "seeds/bad.txt:1: expected the site name “Espreso. Global” on the first "
            "line, found an empty file",
        ),
        (
            "  \n\t\n\u00a0\r\n\n",
            "seeds/bad.txt:1: expected the site name “Espreso. Global” on the first "
            "line, found only blank lines",
        ),
        (
            "Espreso. Global",
            "seeds/bad.txt:2: expected the title, found end of file",
        ),
        (
            "Espreso. Global\nOPINION\n\nA title\n\n3 February, 2025 Monday",
            "seeds/bad.txt:7: expected the time, like “11:58”, under the date line, "
            "found end of file",
        ),
    ],
    ids=[
        "empty",
        "only a byte-order mark",
        "whitespace only",
        "site name only",
        "no time",
    ],
)
def test_an_empty_or_truncated_file_is_rejected_with_a_clear_message(text, message):
    assert error_of(text) == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            bytes(range(256)),
            "seeds/bad.txt:3: expected UTF-8 text, found bytes that are not UTF-8 "
            "at offset 128",
        ),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes([0x17, 0x2A, 0xF3, 0x00]),
            "seeds/bad.txt:1: expected UTF-8 text, found bytes that are not UTF-8 "
            "at offset 0",
        ),
        (
            b"Espreso. Global\rOPINION\r\rIf not NATO? Caf\xe9",
            "seeds/bad.txt:4: expected UTF-8 text, found bytes that are not UTF-8 "
            "at offset 41",
        ),
        (
            b"Espreso. Global\n\x00\x01\x02\x03",
            "seeds/bad.txt:2: expected plain text, found control character U+0000",
        ),
    ],
    ids=["all byte values", "png header", "latin-1 in a lone-cr file", "nul bytes"],
)
def test_binary_garbage_is_rejected_as_not_text(data, message):
    assert error_of(data) == message


# -- 3b. limits no real page comes near ---------------------------------------
# The real seed has 141 lines, 10 paragraphs (the longest 584 characters, about
# 4,000 in all), no tags and 40 feed items. These caps are far above any real
# page and keep a runaway file from making a page of megabytes.


def line_of(text: str, line: str) -> int:
    """The 1-based number of the one line of `text` equal to `line`."""
    lines = normalise(text)
    assert lines.count(line) == 1
    return lines.index(line) + 1


def with_tags(text: str, *tags: str) -> str:
    return replace_line(text, "Tags:", "Tags:", *tags)


def with_feed_items(text: str, count: int) -> str:
    """`text` with its feed replaced by one day of `count` items."""
    items = [
        f"{10 + n // 60 % 10}:{n % 60:02d}\nHeadline {n + 1}" for n in range(count)
    ]
    head = text[: text.index("  • News")]
    return head + "  • News\n2025, Thursday\n13 February\n" + "\n".join(items)


def test_a_file_of_more_than_ten_thousand_lines_is_rejected(real_seed_text):
    text = real_seed_text + "\n" * 10_000
    assert error_of(text) == (
        "seeds/bad.txt:10001: expected at most 10,000 lines, "
        f"found {len(normalise(text)):,} lines"
    )


def test_a_line_of_more_than_twenty_thousand_characters_is_rejected(real_seed_text):
    text = replace_line(real_seed_text, LEAD, "L" * 20_001)
    assert error_of(text) == (
        "seeds/bad.txt:9: expected a line of at most 20,000 characters, "
        "found 20,001 characters"
    )


def test_a_line_of_twenty_thousand_characters_is_a_paragraph_like_any_other(
    real_seed_text,
):
    text = with_body(real_seed_text, "", "P" * 20_000, "")
    assert parse_text(text, PATH).article.paragraphs == ("P" * 20_000,)


def test_a_body_of_more_than_two_hundred_thousand_characters_is_rejected(
    real_seed_text,
):
    # Eleven paragraphs of 19,000 characters: the eleventh passes 200,000.
    paragraphs = [f"{n:02d}" + "b" * 18_998 for n in range(11)]
    text = with_body(real_seed_text, "", *"\n\n".join(paragraphs).split("\n"), "")
    assert error_of(text) == (
        f"seeds/bad.txt:{line_of(text, paragraphs[-1])}: expected a body of at "
        "most 200,000 characters, found 209,000 characters"
    )


def test_a_body_of_exactly_two_hundred_thousand_characters_parses(real_seed_text):
    paragraphs = [f"{n:02d}" + "b" * 19_998 for n in range(10)]
    text = with_body(real_seed_text, "", *"\n\n".join(paragraphs).split("\n"), "")
    assert len(parse_text(text, PATH).article.paragraphs) == 10


def test_a_body_of_more_than_five_hundred_paragraphs_is_rejected(real_seed_text):
    paragraphs = [f"Paragraph {n}." for n in range(1, 502)]
    text = with_body(real_seed_text, "", *"\n\n".join(paragraphs).split("\n"), "")
    assert error_of(text) == (
        f"seeds/bad.txt:{line_of(text, 'Paragraph 501.')}: expected at most 500 "
        "body paragraphs, found 501"
    )


def test_more_than_fifty_tags_are_rejected(real_seed_text):
    text = with_tags(real_seed_text, *(f"tag {n}" for n in range(1, 52)))
    assert error_of(text) == (
        f"seeds/bad.txt:{line_of(text, 'tag 51')}: expected at most 50 tags, found 51"
    )


def test_fifty_tags_repeated_are_fifty_tags(real_seed_text):
    tags = [f"tag {n}" for n in range(1, 51)]
    text = with_tags(real_seed_text, *tags, *tags)
    assert parse_text(text, PATH).article.tags == tuple(tags)


def test_a_feed_of_more_than_five_hundred_items_is_rejected(real_seed_text):
    text = with_feed_items(real_seed_text, 501)
    at = line_of(text, "Headline 501") - 1  # the item's time line
    assert error_of(text) == (
        f"seeds/bad.txt:{at}: expected at most 500 news items in the feed, found 501"
    )


def test_a_feed_of_five_hundred_items_parses(real_seed_text):
    assert len(parse_text(with_feed_items(real_seed_text, 500), PATH).feed) == 500


# -- 4. the parser never fails in any other way ---------------------------------

INTERESTING_LINES = [
    "",
    " ",
    "\u00a0",
    "\t",
    "\r",
    "\ufeff",
    SITE_NAME,
    "OPINION",
    "Interview",
    "Exclusive",
    TITLE,
    DATE_LINE,
    "31 February, 2025 Monday",
    "29 February, 2024 Thursday",
    "3 Smarch, 2025 Monday",
    "99 February, 0000 Monday",
    "11:58",
    "25:00",
    "99:99",
    "00:00",
    "١١:٥٨",
    PLACEHOLDER,
    HERO_CAPTION,
    "Source",
    "Source: Reuters",
    "About the author.",
    "About the author. ,",
    AUTHOR_BOX,
    DISCLAIMER,
    "Tags:",
    "Read also:",
    "  • News",
    "2025, Thursday",
    "2025, Friday",
    "0000, Monday",
    "13 February",
    "30 February",
    "More news",
    "x" * 400,
]

replacement_lines = st.one_of(st.sampled_from(INTERESTING_LINES), st.text(max_size=40))


@st.composite
def mutated_real_lines(draw) -> list[str]:
    """The real seed's lines with a few deleted, duplicated, replaced, inserted,
    cut short or swapped."""
    lines = list(REAL_LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        if not lines:
            break
        at = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        edit = draw(
            st.sampled_from(["delete", "duplicate", "replace", "insert", "cut", "swap"])
        )
        if edit == "delete":
            del lines[at]
        elif edit == "duplicate":
            lines.insert(at, lines[at])
        elif edit == "replace":
            lines[at] = draw(replacement_lines)
        elif edit == "insert":
            lines.insert(at, draw(replacement_lines))
        elif edit == "cut":
            lines[at] = lines[at][: draw(st.integers(0, len(lines[at])))]
        else:
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
    return lines


@st.composite
def mutated_real_seeds(draw) -> str:
    """The real seed, mutated, with any line end."""
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return ending.join(draw(mutated_real_lines()))


def parses_or_is_rejected(parse, data, line_count: int) -> None:
    """`parse(data)` returns a clean Seed or raises a SeedError that names the
    file and a line that exists (or the one just past the end)."""
    try:
        result = parse(data, "fuzz.txt")
    except SeedError as error:
        assert str(error).startswith(f"fuzz.txt:{error.line}: expected ")
        assert 1 <= error.line <= line_count + 1
        return
    assert isinstance(result, Seed)
    assert result.path == "fuzz.txt"
    assert result.article.paragraphs
    assert_clean(result)


FUZZ = settings(max_examples=250, deadline=None)


@FUZZ
@given(st.text())
def test_any_text_parses_or_raises_a_seed_error(text):
    parses_or_is_rejected(parse_text, text, len(normalise(text)))


@FUZZ
@given(st.binary())
def test_any_bytes_parse_or_raise_a_seed_error(data):
    line_count = data.count(b"\n") + data.count(b"\r") + 1
    parses_or_is_rejected(parse_bytes, data, line_count)


@FUZZ
@given(st.lists(st.sampled_from(INTERESTING_LINES + [LEAD, FIRST_PARAGRAPH])))
def test_any_arrangement_of_seed_like_lines_parses_or_raises_a_seed_error(lines):
    text = "\n".join(lines)
    parses_or_is_rejected(parse_text, text, len(normalise(text)))


@FUZZ
@given(mutated_real_seeds())
def test_a_mangled_real_seed_parses_or_raises_a_seed_error(text):
    parses_or_is_rejected(parse_text, text, len(normalise(text)))


@FUZZ
@given(
    st.lists(
        st.tuples(st.integers(0, len(REAL_TEXT.encode()) - 1), st.integers(0, 255)),
        min_size=1,
        max_size=8,
    )
)
def test_a_real_seed_with_flipped_bytes_parses_or_raises_a_seed_error(flips):
    data = bytearray(REAL_TEXT.encode("utf-8"))
    for offset, value in flips:
        data[offset] = value
    data = bytes(data)
    line_count = data.count(b"\n") + data.count(b"\r") + 1
    parses_or_is_rejected(parse_bytes, data, line_count)


# -- 5. what parsing must not depend on, and the writer as its inverse ---------


def outcome(text: str) -> Seed | str:
    """What parsing `text` gives: the seed, or the error message."""
    try:
        return parse_text(text, "fuzz.txt")
    except SeedError as error:
        return str(error)


def without_line_numbers(seed: Seed):
    """A seed's content: feed entries' line numbers move when text is rewritten."""
    return seed.article, tuple(replace(entry, line=0) for entry in seed.feed)


INVARIANCE = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@INVARIANCE
@given(mutated_real_lines(), st.sampled_from(["\r\n", "\r"]))
def test_line_end_style_never_changes_what_a_file_parses_to(lines, ending):
    """The same seed or the same error, naming the same line."""
    # A CR or LF inside a line would end it there (and an LF after a CR joins
    # it into one CRLF line end): these lines hold neither.
    lines = [line.replace("\r", "").replace("\n", "") for line in lines]
    assert outcome(ending.join(lines)) == outcome("\n".join(lines))


@INVARIANCE
@given(
    mutated_real_lines(),
    st.lists(
        st.tuples(st.integers(0, 200), st.text(alphabet=" \t\u00a0", min_size=1)),
        min_size=1,
        max_size=20,
    ),
)
def test_trailing_whitespace_never_changes_what_a_file_parses_to(lines, paddings):
    # A CR inside a line would end it there, and padding after it would be a
    # line of its own: these lines hold none.
    lines = [line.replace("\r", "") for line in lines]
    padded = list(lines)
    for at, padding in paddings:
        if padded:
            padded[at % len(padded)] += padding
    assert outcome("\n".join(padded)) == outcome("\n".join(lines))


def test_the_real_seed_rendered_back_is_the_real_file_without_its_stray_space(
    seed, real_seed_text
):
    """The writer is the parser's inverse: what it writes from the parsed real
    seed is the file itself, less the one trailing no-break space the parser
    strips."""
    rendered = render_seed(seed.article, seed.feed)
    assert rendered == real_seed_text.replace("results\u00a0\n", "results\n")
    assert parse_text(rendered, str(REAL_SEED)) == seed


def test_a_caption_like_first_paragraph_without_a_placeholder_renders_back_as_one(
    real_seed_text,
):
    text = with_body(real_seed_text, "", "Kyiv at night", "", FIRST_PARAGRAPH, "")
    seed = parse_text(drop_line(text, PLACEHOLDER), PATH)
    assert (seed.article.hero_caption, seed.article.paragraphs[0]) == (
        "",
        "Kyiv at night",
    )
    again = parse_text(render_seed(seed.article, seed.feed), PATH)
    assert without_line_numbers(again) == without_line_numbers(seed)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_real_seeds())
def test_any_seed_that_parses_is_rendered_back_to_text_that_parses_the_same(text):
    try:
        seed = parse_text(text, "fuzz.txt")
    except SeedError:
        return
    again = parse_text(render_seed(seed.article, seed.feed), "fuzz.txt")
    assert without_line_numbers(again) == without_line_numbers(seed)
