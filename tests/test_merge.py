"""Conflicts without copying: a stale save is merged field by field with what
was saved meanwhile (base = the version the editor opened, theirs = the piece
now, mine = what they submitted)."""

import re

import pytest

from articles.merge import three_way
from articles.models import Article
from tests.factories import ArticleFactory
from tests.test_admin_editing import EDITOR_PERMS, change_url, form_data, staff

BASE = {"title": "Title", "lead": "Lead", "body": "Body", "source_name": ""}


def test_fields_only_the_other_person_changed_keep_theirs():
    theirs = BASE | {"lead": "Their lead"}
    merge = three_way(BASE, theirs, BASE)
    assert merge.result == theirs
    assert (merge.kept, merge.applied, merge.conflicts) == (["lead"], [], [])


def test_disjoint_fields_apply_both_edits():
    theirs = BASE | {"lead": "Their lead"}
    mine = BASE | {"title": "My title", "source_name": "Reuters"}
    merge = three_way(BASE, theirs, mine)
    assert merge.result == BASE | {
        "lead": "Their lead",
        "title": "My title",
        "source_name": "Reuters",
    }
    assert merge.applied == ["title", "source_name"]
    assert merge.kept == ["lead"]
    assert merge.conflicts == []


def test_a_field_both_changed_alike_is_no_conflict():
    both = BASE | {"title": "Same new title"}
    merge = three_way(BASE, both, both)
    assert merge.conflicts == []
    assert merge.result["title"] == "Same new title"


def test_overlapping_fields_are_shown_with_both_values_and_mine_kept_to_edit():
    theirs = BASE | {"body": "Body with their fix", "lead": "Their lead"}
    mine = BASE | {"body": "Body with my paragraph", "title": "My title"}
    merge = three_way(BASE, theirs, mine)
    [conflict] = merge.conflicts
    assert (conflict.name, conflict.base, conflict.theirs, conflict.mine) == (
        "body",
        "Body",
        "Body with their fix",
        "Body with my paragraph",
    )
    # The form starts from my text for it, so nothing I typed is gone.
    assert merge.result["body"] == "Body with my paragraph"


def test_nothing_either_person_wrote_is_lost():
    theirs = {"title": "T2", "lead": "L2", "body": "B1", "source_name": "S1"}
    mine = {"title": "T3", "lead": "L1", "body": "B3", "source_name": "S3"}
    base = {"title": "T1", "lead": "L1", "body": "B1", "source_name": "S1"}
    merge = three_way(base, theirs, mine)
    shown = set(merge.result.values())
    shown |= {c.theirs for c in merge.conflicts} | {c.mine for c in merge.conflicts}
    assert set(theirs.values()) - set(base.values()) <= shown
    assert set(mine.values()) - set(base.values()) <= shown


def test_a_field_with_no_known_base_is_a_conflict_whenever_the_two_differ():
    merge = three_way({}, {"tags": ("a", "b")}, {"tags": ("a", "c")})
    assert [c.name for c in merge.conflicts] == ["tags"]
    assert three_way({}, {"tags": ("a",)}, {"tags": ("a",)}).conflicts == []


# -- the merge screen in the admin ---------------------------------------------------


@pytest.fixture
def editors(db):
    return staff("anna", *EDITOR_PERMS), staff("borys", *EDITOR_PERMS)


def stale_save(client, editors, article, theirs, mine):
    """Both open `article`; Anna saves `theirs`, then Borys submits `mine`."""
    anna, borys = editors
    opened = Article.objects.get(pk=article.pk)
    client.force_login(anna)
    assert (
        client.post(change_url(article), form_data(opened, **theirs)).status_code == 302
    )
    client.force_login(borys)
    return client.post(change_url(article), form_data(opened, **mine))


def test_a_stale_save_is_merged_into_the_form_and_one_save_keeps_both_edits(
    client, editors
):
    article = ArticleFactory(draft=True, title="Original title", lead="Original lead")
    response = stale_save(
        client, editors, article, {"lead": "Lead by Anna"}, {"title": "Title by Borys"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Your changes are not saved yet" in page
    assert "anna" in page  # who saved meanwhile
    # Both edits are in the form Borys sees; he copies nothing.
    assert 'value="Title by Borys"' in page
    assert re.search(
        r"<textarea[^>]*id=\"id_lead\"[^>]*>\s*Lead by Anna</textarea>", page
    )
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Original title", "Lead by Anna")
    assert f'name="base_version" value="{article.version}"' in page

    saved = client.post(change_url(article), form_data(article, title="Title by Borys"))
    assert saved.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.lead) == ("Title by Borys", "Lead by Anna")


def test_a_field_both_changed_is_shown_as_a_word_diff_with_a_choice(client, editors):
    article = ArticleFactory(draft=True, body="<p>The minister spoke on Monday.</p>")
    response = stale_save(
        client,
        editors,
        article,
        {"body": "<p>The minister spoke on Tuesday.</p>"},
        {"body": "<p>The prime minister spoke on Monday.</p>"},
    )

    page = response.content.decode()
    assert 'id="merge-body"' in page
    assert "<del>Tuesday</del>" in page  # theirs, not in mine
    assert "<ins> prime</ins>" in page  # mine, not in theirs
    assert re.search(r'name="_merge_body" value="mine"[^>]*checked', page)
    assert 'name="_merge_body" value="theirs"' in page
    # The form holds my body, so nothing I typed is lost.
    assert "The prime minister spoke on Monday." in page


def test_choosing_theirs_for_a_field_keeps_their_text_and_applies_my_other_edits(
    client, editors
):
    article = ArticleFactory(draft=True, title="Old title", body="<p>Old body.</p>")
    stale_save(
        client,
        editors,
        article,
        {"body": "<p>Their body.</p>"},
        {"body": "<p>My body.</p>", "title": "My title"},
    )
    article.refresh_from_db()

    response = client.post(
        change_url(article),
        form_data(article, title="My title", body="<p>My body.</p>")
        | {"_merge_body": "theirs"},
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body) == ("My title", "<p>Their body.</p>")


def test_choosing_mine_saves_the_text_as_edited_on_the_merge_screen(client, editors):
    article = ArticleFactory(draft=True, lead="Old lead")
    stale_save(client, editors, article, {"lead": "Their lead"}, {"lead": "My lead"})
    article.refresh_from_db()

    response = client.post(
        change_url(article),
        form_data(article, lead="Their lead, and my lead") | {"_merge_lead": "mine"},
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.lead == "Their lead, and my lead"


def test_tags_changed_by_both_are_offered_as_a_choice_not_dropped(client, editors):
    article = ArticleFactory(draft=True)
    article.tags.add("Kyiv")
    response = stale_save(
        client, editors, article, {"tags": "Kyiv, NATO"}, {"tags": "Kyiv, Energy"}
    )
    page = response.content.decode()
    assert 'id="merge-tags"' in page
    assert 'value="Energy, Kyiv"' in page  # my tags are in the form
    assert "NATO" in page


def test_saving_the_merged_form_after_yet_another_save_is_merged_again(client, editors):
    """Saving the merged form on top of a version that moved on again is
    refused and merged again, never written over."""
    article = ArticleFactory(draft=True, title="T0", lead="L0")
    stale_save(client, editors, article, {"lead": "L1"}, {"title": "T-mine"})
    merged_at = Article.objects.get(pk=article.pk)
    third = Article.objects.get(pk=article.pk)
    third.source_name = "Third"
    third.save()

    response = client.post(change_url(article), form_data(merged_at, title="T-mine"))

    assert response.status_code == 200
    article.refresh_from_db()
    assert (article.title, article.lead, article.source_name) == ("T0", "L1", "Third")
    assert 'value="T-mine"' in response.content.decode()
