"""The front page editors run (cms/front_page.py): a pinned lead and top
stories with optional expiry, the rest newest first, no piece twice, thin
strips hidden; set on one admin page, shown on the dashboard, and seen by
readers of the cached home page as soon as it changes."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from articles import versions
from articles.models import Kind
from cms import dashboard
from cms.front_page import FrontPagePin, Slot, save_pins
from cms.roles import AUTHOR, CHIEF_EDITOR, EDITOR
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FRONT_PAGE_URL = "admin:cms_frontpagepin_changelist"


def member(username, role):
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor():
    return member("editor", EDITOR)


def pieces(count, **extra):
    """`count` public pieces, newest first: "Piece 0" is the newest."""
    now = timezone.now()
    return [
        ArticleFactory(
            title=f"Piece {n}", published_at=now - timedelta(hours=n + 1), **extra
        )
        for n in range(count)
    ]


def pin(*articles, expires_at=None, user=None):
    """Pin `articles` to the lead and top-story slots in order (None: empty)."""
    save_pins(
        [
            Slot(article, expires_at if article is not None else None)
            for article in articles
        ],
        user=user,
    )


def home(client):
    return client.get(reverse("home"))


def lead_and_top(response) -> list[str]:
    """The titles of the lead and the top stories, in page order."""
    context = response.context
    return [context["lead"].title, *(a.title for a in context["top_stories"])]


def text(response) -> str:
    return response.content.decode()


def strip(page: str, name: str) -> str | None:
    pattern = rf'<section[^>]*aria-labelledby="{name}-heading".*?</section>'
    found = re.search(pattern, page, re.S)
    return found.group(0) if found else None


# -- pins and the rest, newest first ------------------------------------------


def test_with_no_pins_the_newest_piece_leads_and_the_next_six_follow(client):
    pieces(9)

    assert lead_and_top(home(client)) == [f"Piece {n}" for n in range(7)]


def test_the_pinned_lead_leads_and_the_rest_fill_in_newest_first(client):
    site = pieces(9)
    pin(site[8])

    assert lead_and_top(home(client)) == ["Piece 8", *(f"Piece {n}" for n in range(6))]


def test_a_pinned_top_story_keeps_its_slot_and_the_gaps_fill_newest_first(client):
    site = pieces(9)
    # Lead empty, top stories 1 and 2 empty, top story 3 pinned.
    pin(None, None, None, site[7])

    assert lead_and_top(home(client)) == [
        "Piece 0",
        "Piece 1",
        "Piece 2",
        "Piece 7",
        "Piece 3",
        "Piece 4",
        "Piece 5",
    ]


def test_a_pin_shows_until_its_expiry_and_then_the_newest_takes_its_slot(
    client, monkeypatch
):
    site = pieces(9)
    expiry = timezone.now() + timedelta(hours=2)
    pin(site[8], expires_at=expiry)
    assert lead_and_top(home(client))[0] == "Piece 8"

    monkeypatch.setattr(timezone, "now", lambda: expiry + timedelta(seconds=1))

    shown = lead_and_top(home(client))
    assert shown == [f"Piece {n}" for n in range(7)]
    assert FrontPagePin.objects.get().article == site[8]  # kept, just not shown


@pytest.mark.parametrize(
    "trait", ["draft", "in_review", "unpublished", "scheduled"], ids=str
)
def test_a_pin_to_a_piece_that_is_not_public_is_skipped(client, trait):
    pieces(8)
    hidden = ArticleFactory(title="Not public", **{trait: True})
    pin(hidden)

    response = home(client)

    assert lead_and_top(response) == [f"Piece {n}" for n in range(7)]
    assert "Not public" not in text(response)


def test_a_pinned_scheduled_piece_takes_its_slot_once_it_is_published(
    client, monkeypatch
):
    pieces(8)
    due = timezone.now() + timedelta(hours=1)
    # Pinned to the last slot: once out it is the newest piece, which would
    # otherwise lead.
    pin(
        None,
        None,
        None,
        None,
        None,
        None,
        ArticleFactory(title="Later", published_at=due),
    )
    assert "Later" not in lead_and_top(home(client))

    monkeypatch.setattr(timezone, "now", lambda: due + timedelta(seconds=1))

    shown = lead_and_top(home(client))
    assert shown[0] == "Piece 0" and shown[-1] == "Later"


# -- no piece twice, thin strips hidden ---------------------------------------


def test_no_piece_appears_twice_on_the_home_page(client):
    # Pieces that fit several blocks: exclusive opinions, interviews and
    # reviews fit their kind's strip and the Exclusive one, and a pinned
    # opinion fits the top stories and the Opinion strip.
    now = timezone.now()
    made = {}
    for hours, title, extra in [
        *((n + 1, f"News {n}", {}) for n in range(7)),
        (10, "Exclusive opinion A", {"opinion": True, "is_exclusive": True}),
        (11, "Exclusive opinion B", {"opinion": True, "is_exclusive": True}),
        (12, "Opinion C", {"opinion": True}),
        (13, "Opinion D", {"opinion": True}),
        (14, "Exclusive interview E", {"kind": Kind.INTERVIEW, "is_exclusive": True}),
        (15, "Interview F", {"kind": Kind.INTERVIEW}),
        (16, "Exclusive G", {"is_exclusive": True}),
        (17, "Exclusive H", {"is_exclusive": True}),
        (18, "Review I", {"kind": Kind.REVIEW}),
        (19, "Exclusive review J", {"kind": Kind.REVIEW, "is_exclusive": True}),
        (20, "Review K", {"kind": Kind.REVIEW}),
    ]:
        made[title] = ArticleFactory(
            title=title, published_at=now - timedelta(hours=hours), **extra
        )
    pin(*[None] * 6, made["Opinion D"])

    page = text(home(client))

    for title, article in made.items():
        expected = 0 if title == "News 6" else 1
        assert page.count(f'href="{article.get_absolute_url()}"') == expected, title
    assert "Opinion D" in strip_top(page) and "Opinion D" not in strip(page, "opinion")
    assert "Exclusive opinion A" in strip(page, "opinion")
    assert "Exclusive opinion A" not in strip(page, "exclusive")
    assert "Exclusive review J" in strip(page, "exclusive")
    assert "Review I" in strip(page, "review") and "Review K" in strip(page, "review")


def test_a_strip_with_one_piece_is_hidden_and_one_with_two_is_shown(client):
    pieces(7)  # fill the top stories, so the strips get the rest
    days_ago = timezone.now() - timedelta(days=1)
    ArticleFactory(
        title="The only interview", kind=Kind.INTERVIEW, published_at=days_ago
    )
    ArticleFactory(title="First review", kind=Kind.REVIEW, published_at=days_ago)
    ArticleFactory(
        title="Second review",
        kind=Kind.REVIEW,
        published_at=days_ago - timedelta(days=1),
    )

    response = home(client)
    page = text(response)

    assert strip(page, "interview") is None
    assert "The only interview" not in page
    assert "First review" in strip(page, "review")
    assert "Second review" in strip(page, "review")


def test_a_strip_left_with_one_piece_after_the_top_stories_is_hidden(client):
    pieces(5)
    ArticleFactory(title="Newest opinion", opinion=True, published_at=timezone.now())
    ArticleFactory(
        title="Older opinion",
        opinion=True,
        published_at=timezone.now() - timedelta(days=2),
    )
    # Both opinions would fit the strip, but the newer one is a top story.

    page = text(home(client))

    assert strip(page, "opinion") is None
    assert page.count("Newest opinion") == 1 and "Older opinion" in page


# -- the anonymous page cache -------------------------------------------------


def test_a_pin_change_in_the_admin_shows_on_the_cached_home_page(client, editor):
    site = pieces(9)
    assert lead_and_top(home(client))[0] == "Piece 0"
    assert home(client).context is None  # served from the page cache

    admin = client.__class__()
    admin.force_login(editor)
    response = admin.post(reverse(FRONT_PAGE_URL), slots_data(site[8]))
    assert response.status_code == 302

    page = text(home(client))
    assert page.index("Piece 8") < page.index("Piece 0")


def test_an_expired_pin_leaves_the_cached_home_page_at_its_due_time(
    client, monkeypatch
):
    site = pieces(9)
    start = timezone.now()
    # Sooner than the per-process renewal (versions.PER_PROCESS_SECONDS), so
    # only the due time can bring the change.
    expiry = start + timedelta(seconds=2)
    pin(site[8], expires_at=expiry)
    assert "Piece 8" in strip_top(text(home(client)))
    assert home(client).context is None  # cached

    monkeypatch.setattr(timezone, "now", lambda: expiry + timedelta(seconds=1))

    assert "Piece 8" not in strip_top(text(home(client)))


def strip_top(page: str) -> str:
    return re.search(
        r'<section[^>]*aria-labelledby="top-heading".*?</section>', page, re.S
    ).group(0)


def test_the_next_pin_expiry_is_a_due_time_of_the_site_version():
    site = pieces(2)
    later = timezone.now() + timedelta(hours=3)
    sooner = timezone.now() + timedelta(hours=1)
    pin(site[0], site[1], expires_at=None)
    FrontPagePin.objects.filter(slot=0).update(expires_at=later)
    FrontPagePin.objects.filter(slot=1).update(expires_at=sooner)

    assert versions.next_article_due() == sooner


# -- the admin page -----------------------------------------------------------


def slots_data(*articles, expires=()):
    """The front page form's POST data: one article (or None) a slot."""
    data = {
        "slots-TOTAL_FORMS": "7",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "7",
        "slots-MAX_NUM_FORMS": "7",
    }
    for n in range(7):
        article = articles[n] if n < len(articles) else None
        data[f"slots-{n}-article"] = article.pk if article else ""
        data[f"slots-{n}-expires_at"] = expires[n] if n < len(expires) else ""
    return data


def test_an_editor_sets_the_lead_and_top_stories_on_one_admin_page(client, editor):
    site = pieces(8)
    client.force_login(editor)

    page = text(client.get(reverse(FRONT_PAGE_URL)))
    assert "Lead story" in page and "Top story 6" in page
    assert page.count('name="slots-') >= 14  # seven articles, seven expiries
    assert "/admin/autocomplete/" in page

    response = client.post(
        reverse(FRONT_PAGE_URL),
        slots_data(site[3], None, site[5], expires=["", "", "2099-01-31T18:30"]),
    )

    assert response.status_code == 302
    pins = list(FrontPagePin.objects.values_list("slot", "article__title"))
    assert pins == [(0, "Piece 3"), (2, "Piece 5")]
    expiry = FrontPagePin.objects.get(slot=2).expires_at
    assert timezone.localtime(expiry).strftime("%Y-%m-%d %H:%M") == "2099-01-31 18:30"
    assert FrontPagePin.objects.get(slot=0).pinned_by == editor
    # The page shows the pins again, to change.
    again = text(client.get(reverse(FRONT_PAGE_URL)))
    assert "Piece 3" in again and "Piece 5" in again


def test_pin_changes_are_in_each_pieces_admin_history(client, editor):
    from django.contrib.admin.models import LogEntry

    site = pieces(4)
    client.force_login(editor)
    client.post(reverse(FRONT_PAGE_URL), slots_data(site[1], site[2]))

    client.post(reverse(FRONT_PAGE_URL), slots_data(site[2], None, site[3]))

    def history(article):
        return [
            (entry.user, entry.get_change_message())
            for entry in LogEntry.objects.filter(object_id=str(article.pk)).order_by(
                "pk"
            )
        ]

    assert history(site[1]) == [
        (editor, "Pinned to the front page: Lead story."),
        (editor, "Unpinned from the front page."),
    ]
    assert history(site[2]) == [
        (editor, "Pinned to the front page: Top story 1."),
        (editor, "Pinned to the front page: Lead story."),
    ]
    assert history(site[3]) == [(editor, "Pinned to the front page: Top story 2.")]
    assert history(site[0]) == []
    # The front page's admin page lists the latest changes, newest first.
    page = text(client.get(reverse(FRONT_PAGE_URL)))
    assert page.index("“Piece 1”: Unpinned from the front page.") < page.index(
        "“Piece 2”: Pinned to the front page: Top story 1."
    )


def test_the_same_piece_in_two_slots_is_refused(client, editor):
    site = pieces(3)
    client.force_login(editor)

    response = client.post(reverse(FRONT_PAGE_URL), slots_data(site[0], site[0]))

    assert response.status_code == 200
    assert "“Piece 0” is pinned twice: Lead story and Top story 1." in text(response)
    assert not FrontPagePin.objects.exists()


def test_more_than_a_lead_and_six_top_stories_is_refused(client, editor):
    site = pieces(8)
    client.force_login(editor)
    data = slots_data(*site[:7]) | {
        "slots-TOTAL_FORMS": "8",
        "slots-7-article": site[7].pk,
        "slots-7-expires_at": "",
    }

    response = client.post(reverse(FRONT_PAGE_URL), data)

    assert response.status_code == 200
    assert "at most 7" in text(response)
    assert not FrontPagePin.objects.exists()


def test_an_expiry_in_the_past_or_without_a_piece_is_refused(client, editor):
    site = pieces(1)
    client.force_login(editor)

    response = client.post(
        reverse(FRONT_PAGE_URL),
        slots_data(site[0], None, expires=["2001-01-01T10:00", "2099-01-01T10:00"]),
    )

    page = text(response)
    assert response.status_code == 200
    assert "This time has passed: leave it empty to pin with no expiry." in page
    assert "Choose a piece for this slot, or clear its expiry." in page
    assert not FrontPagePin.objects.exists()


def test_clearing_every_slot_unpins_everything(client, editor):
    site = pieces(2)
    pin(site[1])
    client.force_login(editor)

    response = client.post(reverse(FRONT_PAGE_URL), slots_data())

    assert response.status_code == 302
    assert not FrontPagePin.objects.exists()


def test_an_author_can_neither_open_nor_save_the_front_page(client):
    site = pieces(2)
    client.force_login(member("author", AUTHOR))

    assert client.get(reverse(FRONT_PAGE_URL)).status_code == 403
    response = client.post(reverse(FRONT_PAGE_URL), slots_data(site[1]))

    assert response.status_code == 403
    assert not FrontPagePin.objects.exists()


def test_the_chief_editor_may_pin(client):
    site = pieces(2)
    client.force_login(member("chief", CHIEF_EDITOR))

    response = client.post(reverse(FRONT_PAGE_URL), slots_data(site[1]))

    assert response.status_code == 302
    assert FrontPagePin.objects.get().article == site[1]


# -- the dashboard ------------------------------------------------------------


def test_the_dashboard_shows_what_is_pinned_and_when_it_expires(client, editor):
    site = pieces(3)
    draft = ArticleFactory(draft=True, title="A draft pinned by mistake")
    expiry = timezone.now() + timedelta(hours=5)
    save_pins(
        [Slot(site[2], expiry), Slot(), Slot(draft)],
        user=editor,
    )
    client.force_login(editor)

    page = text(client.get(reverse("admin:index")))

    panel = re.search(r'<section[^>]*id="panel-front-page".*?</section>', page, re.S)
    panel = panel.group(0)
    assert "Lead story" in panel and "Piece 2" in panel
    assert timezone.localtime(expiry).strftime("%H:%M") in panel
    assert "Top story 2" in panel and "not shown: draft" in panel
    assert reverse(FRONT_PAGE_URL) in panel


def test_the_front_page_panel_is_one_query_and_not_an_authors(
    django_assert_num_queries, editor
):
    site = pieces(7)
    pin(*site, expires_at=timezone.now() + timedelta(hours=1))
    editor = User.objects.get(pk=editor.pk)
    editor.get_all_permissions()  # the page's look-up, not the panel's

    with django_assert_num_queries(1):
        pins = dashboard.front_page_pins(editor)

    assert [p.article.title for p in pins] == [f"Piece {n}" for n in range(7)]
    author = User.objects.get(pk=member("author", AUTHOR).pk)
    author.get_all_permissions()
    with django_assert_num_queries(0):
        assert dashboard.front_page_pins(author) is None


def test_deleting_a_pinned_piece_in_the_admin_unpins_it(client, editor):
    site = pieces(3)
    pin(site[2])
    client.force_login(editor)
    delete_url = reverse("admin:articles_article_delete", args=[site[2].pk])
    assert "Front page pin" in text(client.get(delete_url))

    response = client.post(delete_url, {"post": "yes"})

    assert response.status_code == 302
    assert not FrontPagePin.objects.exists()
    assert lead_and_top(home(client))[0] == "Piece 0"


def test_a_piece_from_a_hidden_strip_may_show_in_a_later_one(client):
    pieces(7)
    days_ago = timezone.now() - timedelta(days=1)
    # The only opinion is exclusive: its strip is hidden, the Exclusive one
    # shows it.
    ArticleFactory(
        title="Exclusive column", opinion=True, is_exclusive=True, published_at=days_ago
    )
    ArticleFactory(
        title="Exclusive report",
        is_exclusive=True,
        published_at=days_ago - timedelta(hours=1),
    )

    page = text(home(client))

    assert strip(page, "opinion") is None
    assert "Exclusive column" in strip(page, "exclusive")
    assert "Exclusive report" in strip(page, "exclusive")
