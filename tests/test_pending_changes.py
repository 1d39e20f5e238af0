"""Changes to live pieces (articles/pending.py): a save of a published piece
is kept as pending changes that readers do not see, previewed, published now
or at a time, or discarded; a note goes out with them; authors propose and
editors publish."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import pending, workflow
from articles.models import Article, ArticleAuthor, Author, Correction
from articles.pending import PendingChange
from articles.versions import SITE
from cms.roles import AUTHOR, EDITOR
from tests.factories import ArticleFactory, AuthorFactory
from tests.test_admin_editing import change_url, form_data

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def accounts():
    users = {}
    for role in (AUTHOR, EDITOR):
        user = User.objects.create_user(
            role.lower().replace(" ", "_"), password="pw", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        users[role] = User.objects.get(pk=user.pk)
    Author.objects.create(name="Writer", slug="writer", user=users[AUTHOR])
    return users


@pytest.fixture
def editor(accounts):
    return accounts[EDITOR]


@pytest.fixture
def live():
    return ArticleFactory(
        title="Kyiv repels a night attack",
        body="<p>Air defence shot down most drones.</p>",
        tags=["Kyiv"],
    )


def reader_view(article):
    """What a signed-out reader gets: the page and its ETag."""
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), response["ETag"]


def publish_url(article):
    return reverse("admin:articles_article_publish_changes", args=[article.pk])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def form_as_shown(article, **changes):
    """form_data, with the piece's tags as the form shows them."""
    return form_data(article, tags=", ".join(article.tags.names())) | changes


def save_changes(client, article, **changes):
    return client.post(change_url(article), form_as_shown(article, **changes))


# -- saving keeps the changes pending ---------------------------------------------


def test_saving_a_live_piece_keeps_the_changes_pending_and_readers_see_the_live_one(
    client, editor, live
):
    page_before, etag_before = reader_view(live)
    token_before = SITE.current()
    client.force_login(editor)

    response = save_changes(
        client,
        live,
        title="Kyiv repels the largest night attack",
        body="<p>Air defence shot down 40 of 42 drones.</p>",
        tags="Kyiv, Air defence",
    )

    assert response.status_code == 302
    assert any("saved as pending changes" in m for m in messages_of(response))
    live.refresh_from_db()
    assert live.title == "Kyiv repels a night attack"
    assert sorted(live.tags.names()) == ["Kyiv"]
    proposal = PendingChange.objects.get(article=live)
    assert proposal.changes["fields"]["title"] == "Kyiv repels the largest night attack"
    assert proposal.changes["tags"] == ["Air defence", "Kyiv"]
    assert SITE.current() == token_before  # the public version is not bumped
    page_after, etag_after = reader_view(live)
    assert "Kyiv repels a night attack" in page_after
    assert "40 of 42" not in page_after
    assert etag_after == etag_before


def test_reopening_the_form_shows_the_pending_version_with_a_banner(
    client, editor, live
):
    client.force_login(editor)
    save_changes(client, live, title="Kyiv repels the largest night attack")

    page = client.get(change_url(live)).content.decode()

    assert "Pending changes, not live" in page
    assert 'value="Kyiv repels the largest night attack"' in page
    assert "Preview changes" in page and "Discard changes" in page
    assert "Publish changes now" in page


def test_a_second_save_keeps_both_edits_and_only_what_differs_from_live(
    client, editor, live
):
    client.force_login(editor)
    save_changes(client, live, title="New title")
    opened = client.get(change_url(live)).content.decode()
    assert 'name="pending_revision" value="1"' in opened

    save_changes(client, live, title="New title", lead="New lead", pending_revision="1")

    proposal = PendingChange.objects.get(article=live)
    assert proposal.changes["fields"] == {"title": "New title", "lead": "New lead"}


def test_a_save_on_top_of_someone_elses_pending_changes_is_refused(
    client, editor, live
):
    client.force_login(editor)
    save_changes(client, live, title="Title by A", pending_revision="0")

    response = save_changes(client, live, title="Title by B", pending_revision="0")

    assert response.status_code == 200
    assert "someone saved changes to this piece after you opened it" in (
        response.content.decode()
    )
    proposal = PendingChange.objects.get(article=live)
    assert proposal.changes["fields"]["title"] == "Title by A"


def test_pending_bylines_show_on_the_form_and_go_out_with_the_changes(client, editor):
    first, second = AuthorFactory(name="First Writer"), AuthorFactory(name="Second")
    article = ArticleFactory(authors=[first])
    client.force_login(editor)
    row = ArticleAuthor.objects.get(article=article)
    data = form_data(article) | {
        "bylines-TOTAL_FORMS": "2",
        "bylines-INITIAL_FORMS": "1",
        "bylines-0-id": row.pk,
        "bylines-0-article": article.pk,
        "bylines-0-author": first.pk,
        "bylines-0-position": "0",
        "bylines-1-author": second.pk,
        "bylines-1-position": "1",
    }

    client.post(change_url(article), data)

    assert list(article.bylines.values_list("author", flat=True)) == [first.pk]
    form = client.get(change_url(article)).content.decode()
    assert 'name="bylines-INITIAL_FORMS" value="0"' in form
    assert f'<option value="{second.pk}" selected>' in form
    pending.publish_changes(article, editor)
    assert list(
        article.bylines.order_by("position").values_list("author", flat=True)
    ) == [first.pk, second.pk]


# -- preview, publish, discard ------------------------------------------------------


def test_preview_changes_shows_them_in_the_public_layout_and_keeps_nothing(
    client, editor, live
):
    client.force_login(editor)
    save_changes(client, live, title="Kyiv repels the largest night attack")

    response = client.get(
        reverse("admin:articles_article_preview_changes", args=[live.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="article__title">Kyiv repels the largest night attack</h1>' in (
        page
    )
    assert "Preview of pending changes" in page
    assert "no-store" in response["Cache-Control"]
    live.refresh_from_db()
    assert live.title == "Kyiv repels a night attack"
    assert live.version == 1
    assert PendingChange.objects.filter(article=live).exists()


def test_publishing_changes_makes_them_live_for_readers(client, editor, live):
    client.force_login(editor)
    save_changes(client, live, title="Kyiv repels the largest night attack")
    _, etag_before = reader_view(live)

    response = client.post(publish_url(live), {"when": "now"})

    assert response.status_code == 302
    assert "are live" in " ".join(messages_of(response))
    live.refresh_from_db()
    assert live.title == "Kyiv repels the largest night attack"
    assert live.status == Status.PUBLISHED
    assert not PendingChange.objects.filter(article=live).exists()
    assert live.history.first().history_change_reason == "Pending changes published"
    page, etag_after = reader_view(live)
    assert "Kyiv repels the largest night attack" in page
    assert etag_after != etag_before


def test_discarding_changes_drops_them_and_leaves_the_live_piece(client, editor, live):
    client.force_login(editor)
    save_changes(client, live, title="A title nobody will see")

    response = client.post(
        reverse("admin:articles_article_discard_changes", args=[live.pk])
    )

    assert response.status_code == 302
    assert not PendingChange.objects.filter(article=live).exists()
    live.refresh_from_db()
    assert live.title == "Kyiv repels a night attack"
    page = client.get(change_url(live)).content.decode()
    assert "Pending changes, not live" not in page


def test_a_correction_note_goes_out_with_the_changes_not_before(client, editor, live):
    client.force_login(editor)
    data = form_as_shown(live, body="<p>Air defence shot down 40 of 42 drones.</p>") | {
        "corrections-TOTAL_FORMS": "1",
        "corrections-0-kind": "correction",
        "corrections-0-text": "An earlier version gave the wrong number of drones.",
    }

    client.post(change_url(live), data)

    assert not Correction.objects.filter(article=live).exists()
    page, _ = reader_view(live)
    assert "wrong number of drones" not in page
    assert "wrong number of drones" in client.get(change_url(live)).content.decode()

    pending.publish_changes(live, editor)

    note = Correction.objects.get(article=live)
    live.refresh_from_db()
    assert note.text.startswith("An earlier version gave the wrong number")
    assert live.updated_at == note.created_at
    page, _ = reader_view(live)
    assert "wrong number of drones" in page and "40 of 42" in page


def test_a_note_alone_on_a_live_piece_still_goes_out_at_once(client, editor, live):
    client.force_login(editor)
    data = form_as_shown(live) | {
        "corrections-TOTAL_FORMS": "1",
        "corrections-0-kind": "clarification",
        "corrections-0-text": "The attack came from the north.",
    }

    client.post(change_url(live), data)

    assert list(PendingChange.objects.values_list("changes", flat=True)) == []
    assert Correction.objects.filter(article=live).exists()


# -- scheduled changes --------------------------------------------------------------


def test_scheduled_changes_go_live_by_themselves_when_their_time_comes(
    client, editor, live, monkeypatch
):
    client.force_login(editor)
    save_changes(client, live, title="Kyiv repels the largest night attack")
    due = (timezone.now() + timedelta(minutes=30)).replace(microsecond=0)
    at = timezone.localtime(due).strftime("%Y-%m-%dT%H:%M:%S")

    response = client.post(publish_url(live), {"when": "at", "at": at})

    assert "scheduled for" in " ".join(messages_of(response))
    assert PendingChange.objects.get(article=live).publish_at == due
    page, _ = reader_view(live)  # and now it is cached under the version
    assert "Kyiv repels a night attack" in page
    assert "Scheduled to go live" in client.get(change_url(live)).content.decode()

    later = due + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    page, _ = reader_view(live)
    assert "Kyiv repels the largest night attack" in page
    live.refresh_from_db()
    assert live.title == "Kyiv repels the largest night attack"
    assert not PendingChange.objects.filter(article=live).exists()
    record = live.history.first()  # who scheduled them, not the reader
    assert (record.history_user, record.history_change_reason) == (
        editor,
        "Pending changes published",
    )


def test_scheduled_changes_that_can_no_longer_go_out_are_held_with_the_reason(
    editor, live, monkeypatch
):
    pending.propose(live, editor, values={"lead": ""})
    due = timezone.now() + timedelta(minutes=5)
    PendingChange.objects.update(publish_at=due, scheduled_by=editor)

    monkeypatch.setattr(timezone, "now", lambda: due + timedelta(seconds=1))
    reader_view(live)

    proposal = PendingChange.objects.get(article=live)
    assert proposal.publish_at is None
    assert "needs a lead" in proposal.last_error
    live.refresh_from_db()
    assert live.lead == "One of the key issues in the peace talks"


def test_changes_cannot_be_scheduled_into_the_past(client, editor, live):
    client.force_login(editor)
    save_changes(client, live, title="New title")
    past = timezone.localtime(timezone.now() - timedelta(hours=1))

    response = client.post(
        publish_url(live), {"when": "at", "at": past.strftime("%Y-%m-%dT%H:%M")}
    )

    assert "pick a date and time still to come" in " ".join(messages_of(response))
    assert PendingChange.objects.get(article=live).publish_at is None


# -- authors propose, editors publish -------------------------------------------


def test_an_author_proposes_changes_to_their_own_published_piece(
    client, accounts, live
):
    live.created_by = accounts[AUTHOR]
    live.save()
    client.force_login(accounts[AUTHOR])

    response = save_changes(client, live, lead="A sharper lead")

    assert response.status_code == 302
    live.refresh_from_db()
    assert live.lead == "One of the key issues in the peace talks"
    assert PendingChange.objects.get(article=live).changes["fields"] == {
        "lead": "A sharper lead"
    }
    form = client.get(change_url(live)).content.decode()
    assert "Pending changes, not live" in form
    assert "Publish changes now" not in form
    assert "An editor publishes them." in form


def test_an_author_publishing_pending_changes_is_refused(client, accounts, live):
    live.created_by = accounts[AUTHOR]
    live.save()
    pending.propose(live, accounts[AUTHOR], values={"lead": "A sharper lead"})
    client.force_login(accounts[AUTHOR])

    response = client.post(publish_url(live), {"when": "now"})

    assert response.status_code == 403
    live.refresh_from_db()
    assert live.lead == "One of the key issues in the peace talks"
    with pytest.raises(workflow.PermissionDenied, match="Only editors"):
        pending.publish_changes(live, accounts[AUTHOR])


def test_an_author_cannot_propose_changes_to_someone_elses_piece(accounts, live):
    with pytest.raises(workflow.PermissionDenied):
        pending.propose(live, accounts[AUTHOR], values={"lead": "Mine now"})
    assert not PendingChange.objects.exists()


# -- the state people see -----------------------------------------------------------


def test_the_list_and_its_filter_show_pending_changes_as_a_state(client, editor, live):
    other = ArticleFactory(title="Untouched live piece")
    pending.propose(live, editor, values={"title": "Kyiv repels the largest attack"})
    client.force_login(editor)
    url = reverse("admin:articles_article_changelist")

    listing = client.get(url).content.decode()
    filtered = client.get(url, {"status": "pending"}).content.decode()

    assert "Pending changes" in listing
    assert "Kyiv repels a night attack" in filtered
    assert other.title not in filtered


def test_the_dashboard_lists_pieces_with_pending_changes(client, editor, live):
    pending.propose(live, editor, values={"title": "Kyiv repels the largest attack"})
    client.force_login(editor)

    page = client.get(reverse("admin:index")).content.decode()

    assert "panel-pending" in page
    assert "Kyiv repels a night attack" in page


@pytest.mark.parametrize("role", [EDITOR, AUTHOR])
def test_the_pending_changes_panel_is_one_query_and_an_author_sees_only_theirs(
    accounts, role, django_assert_num_queries
):
    from cms import dashboard

    user = accounts[role]
    editor = accounts[EDITOR]
    for n in range(12):
        mine = ArticleFactory(created_by=accounts[AUTHOR])
        pending.propose(mine, editor, values={"title": f"Mine, changed {n}"})
        theirs = ArticleFactory(created_by=editor)
        pending.propose(theirs, editor, values={"title": f"Theirs, changed {n}"})
    user = User.objects.get(pk=user.pk)
    user.get_all_permissions()

    with django_assert_num_queries(1):
        shown = dashboard.pending_changes(user)

    assert len(shown) == 10
    owners = {change.article.created_by_id for change in shown}
    everyone = {accounts[AUTHOR].pk, editor.pk}
    assert owners == ({accounts[AUTHOR].pk} if role == AUTHOR else everyone)
