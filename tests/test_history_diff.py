"""History people can read: word-level diffs of text (not markup), past
versions compared side by side in Kyiv time with who and why, and revert
that shows what it will change before it asks to confirm."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from articles.diff import body_as_text, side_by_side, word_diff
from articles.models import Article, Author
from cms.roles import AUTHOR, EDITOR
from tests.factories import ArticleFactory, DisclaimerFactory
from tests.test_admin_editing import change_url, form_data

Status = Article.Status


# -- the diff itself ---------------------------------------------------------------


def test_a_changed_word_is_the_only_thing_marked():
    assert word_diff("The cat sat on the mat", "The dog sat on the mat") == [
        ("equal", "The "),
        ("delete", "cat"),
        ("insert", "dog"),
        ("equal", " sat on the mat"),
    ]


def test_identical_texts_have_no_changes():
    assert word_diff("Same words.", "Same words.") == [("equal", "Same words.")]


def test_words_added_at_the_end_are_one_insertion():
    assert word_diff("Kyiv", "Kyiv at night") == [
        ("equal", "Kyiv"),
        ("insert", " at night"),
    ]


def test_a_body_is_compared_as_its_text_with_paragraphs_on_their_own_lines():
    html = "<p>First <strong>bold</strong> line.</p><h2>Heading</h2><p>A &amp; B</p>"
    assert body_as_text(html) == "First bold line.\nHeading\nA & B"


def test_markup_alone_changing_is_no_change_to_the_text():
    before = body_as_text("<p>Plain words here.</p>")
    after = body_as_text("<p>Plain <em>words</em> here.</p>")
    assert word_diff(before, after) == [("equal", "Plain words here.")]


def test_side_by_side_marks_deletions_left_and_insertions_right_and_escapes():
    left, right = side_by_side("Old <b>text</b>", "New <b>text</b>")
    assert left == "<del>Old</del> &lt;b&gt;text&lt;/b&gt;"
    assert right == "<ins>New</ins> &lt;b&gt;text&lt;/b&gt;"


def test_a_long_body_with_one_changed_paragraph_marks_only_that_paragraph():
    paragraphs = [f"Paragraph {n} says something." for n in range(300)]
    changed = list(paragraphs)
    changed[150] = "Paragraph 150 says something else."
    ops = word_diff("\n".join(paragraphs), "\n".join(changed))
    assert [op for op in ops if op[0] != "equal"] == [("insert", " else")]


# -- history pages in the admin ------------------------------------------------------


@pytest.fixture
def people(db):
    def member(name, role):
        user = User.objects.create_user(name, password="pw", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        return user

    people = {
        "editor": member("olena", EDITOR),
        "author": member("taras", AUTHOR),
        "other_author": member("iryna", AUTHOR),
    }
    Author.objects.create(name="Taras", slug="taras", user=people["author"])
    return people


def saved(article, user, when, reason, **changes):
    """Save `changes` as `user` at `when` (UTC) with a reason, as the admin does."""
    for name, value in changes.items():
        setattr(article, name, value)
    article._history_user = user
    article._history_date = when
    article._change_reason = reason
    article.save()
    return article.history.order_by("-history_id").first()


def history_url(name, article, record, query=""):
    return (
        reverse(f"admin:articles_article_history_{name}", args=[article.pk, record.pk])
        + query
    )


@pytest.fixture
def edited(people):
    article = ArticleFactory(
        draft=True,
        title="Strikes on Kyiv",
        body="<p>Air defence shot down <strong>ten</strong> drones.</p>"
        "<p>More later.</p>",
        created_by=people["author"],
    )
    record = saved(
        article,
        people["editor"],
        datetime(2026, 3, 1, 12, 32, tzinfo=UTC),  # 14:32 in Kyiv (UTC+2)
        "Fixed the count",
        title="Strikes on Kyiv overnight",
        body="<p>Air defence shot down <strong>twelve</strong> drones.</p>"
        "<p>More later.</p>",
    )
    return article, record


def test_the_history_list_shows_kyiv_time_who_why_and_word_changes(
    client, people, edited
):
    article, _ = edited
    client.force_login(people["editor"])
    page = client.get(
        reverse("admin:articles_article_history", args=[article.pk])
    ).content.decode()

    assert "1 March 2026, 14:32" in page  # Kyiv time, not 12:32 UTC
    assert "olena" in page and "Fixed the count" in page
    assert "Strikes on Kyiv<ins> overnight</ins>" in page
    assert "&lt;p&gt;" not in page and "<p>Air defence" not in page  # no markup


def test_compare_shows_a_version_beside_the_one_before_word_by_word(
    client, people, edited
):
    article, record = edited
    client.force_login(people["editor"])
    response = client.get(history_url("compare", article, record))

    assert response.status_code == 200
    page = response.content.decode()
    assert "saved 1 March 2026, 14:32 (Kyiv time) by olena: Fixed the count" in page
    assert "Air defence shot down <del>ten</del> drones.\nMore later." in page
    assert "Air defence shot down <ins>twelve</ins> drones.\nMore later." in page
    assert 'id="compare-lead"' not in page  # unchanged fields are listed, not shown


def test_compare_with_now_includes_disclaimer_changes(client, people, edited):
    article, record = edited
    article.refresh_from_db()
    saved(
        article,
        people["editor"],
        datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        "",
        disclaimer=DisclaimerFactory(
            name="Opinion note", text="Views are the author's."
        ),
    )
    client.force_login(people["editor"])
    page = client.get(history_url("compare", article, record, "?with=current"))
    assert (
        "<ins>Opinion note: Views are the author&#x27;s.</ins>" in page.content.decode()
    )


def test_revert_first_shows_what_will_change_and_changes_nothing(
    client, people, edited
):
    article, _ = edited
    first = article.history.order_by("history_id").first()
    client.force_login(people["editor"])

    page = client.get(history_url("revert", article, first)).content.decode()

    assert "What will change" in page
    assert "Strikes on Kyiv<del> overnight</del>" in page
    assert "Yes, revert to version 1" in page
    article.refresh_from_db()
    assert (article.title, article.version) == ("Strikes on Kyiv overnight", 2)


def test_confirming_a_revert_restores_the_content_as_a_new_version(
    client, people, edited
):
    article, _ = edited
    article.refresh_from_db()
    article.status = Status.REVIEW
    article.save()
    first = article.history.order_by("history_id").first()
    client.force_login(people["editor"])

    response = client.post(
        history_url("revert", article, first), {"base_version": article.version}
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Strikes on Kyiv"
    assert "<strong>ten</strong>" in article.body
    assert (article.version, article.status) == (4, Status.REVIEW)  # state kept
    latest = article.history.order_by("-history_id").first()
    assert (latest.history_change_reason, latest.history_user) == (
        "Reverted to an earlier version",
        people["editor"],
    )


def test_a_revert_confirmed_after_someone_else_saved_is_refused(client, people, edited):
    article, _ = edited
    first = article.history.order_by("history_id").first()
    client.force_login(people["editor"])

    response = client.post(history_url("revert", article, first), {"base_version": 1})

    assert response.status_code == 200
    assert "Not reverted: someone saved this piece" in response.content.decode()
    article.refresh_from_db()
    assert (article.title, article.version) == ("Strikes on Kyiv overnight", 2)


def test_simple_historys_own_revert_form_no_longer_saves_without_confirming(
    client, people, edited
):
    article, _ = edited
    first = article.history.order_by("history_id").first()
    client.force_login(people["editor"])
    url = reverse("admin:articles_article_simple_history", args=[article.pk, first.pk])

    response = client.post(url, {"title": "Strikes on Kyiv", "base_version": 2})

    assert response.status_code == 302
    assert response["Location"] == history_url("revert", article, first)
    article.refresh_from_db()
    assert article.version == 2


# -- who may read and revert ---------------------------------------------------------


def test_an_author_may_not_compare_or_revert_someone_elses_piece(client, people):
    article = ArticleFactory(draft=True, created_by=people["other_author"])
    record = article.history.get()
    client.force_login(people["author"])

    assert client.get(history_url("compare", article, record)).status_code == 403
    assert client.get(history_url("revert", article, record)).status_code == 403
    refused = client.post(history_url("revert", article, record), {"base_version": 1})
    assert refused.status_code == 403
    version_url = reverse("admin:articles_article_version", args=[article.pk])
    assert client.get(version_url).status_code == 403


def test_an_author_reads_their_own_history_but_may_not_revert_a_published_piece(
    client, people
):
    article = ArticleFactory(created_by=people["author"], title="Live title")
    first = article.history.get()
    saved(article, people["editor"], datetime(2026, 3, 1, tzinfo=UTC), "", title="New")
    client.force_login(people["author"])

    assert client.get(history_url("compare", article, first)).status_code == 200
    page = client.get(history_url("revert", article, first)).content.decode()
    assert "Yes, revert" not in page
    assert "may read this piece" in page
    refused = client.post(history_url("revert", article, first), {"base_version": 2})
    assert refused.status_code == 403
    article.refresh_from_db()
    assert article.title == "New"


def test_the_version_poll_says_who_saved_the_piece_and_when_in_kyiv_time(
    client, people, edited
):
    article, _ = edited
    client.force_login(people["editor"])
    response = client.get(reverse("admin:articles_article_version", args=[article.pk]))
    assert response.json() == {"version": 2, "saved_by": "olena", "saved_at": "14:32"}
    assert "no-cache" in response["Cache-Control"]


def test_byline_and_tag_changes_made_in_the_form_show_in_history_and_compare(
    client, people
):
    article = ArticleFactory(draft=True, title="Piece", created_by=people["author"])
    article.tags.add("Energy")
    writer = Author.objects.get(user=people["author"])
    client.force_login(people["editor"])
    posted = form_data(article, tags="Energy, NATO") | {
        "bylines-TOTAL_FORMS": "1",
        "bylines-0-author": str(writer.pk),
        "bylines-0-position": "0",
    }

    assert client.post(change_url(article), posted).status_code == 302

    page = client.get(
        reverse("admin:articles_article_history", args=[article.pk])
    ).content.decode()
    assert "<strong>Authors</strong>: <ins>Taras</ins>" in page
    assert "<strong>Tags</strong>: Energy<ins>, NATO</ins>" in page
    assert "Tags: Energy, NATO" not in page  # kept out of the "why" column
    latest = article.history.order_by("-history_id").first()
    compare = client.get(history_url("compare", article, latest)).content.decode()
    assert 'id="compare-tags"' in compare and "<ins>, NATO</ins>" in compare
