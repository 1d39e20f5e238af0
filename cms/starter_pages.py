"""The site pages every install starts with (migration cms/0004), in text
editors rewrite in the admin. The footer links these four slugs."""

from articles.sanitize import clean_html

STARTER_PAGES = [
    (
        "about",
        "About us",
        "<p>Espreso. Global is the English-language edition of "
        '<a href="https://espreso.tv/">Espreso</a>, the Ukrainian broadcaster. '
        "We bring readers abroad the news from Ukraine as it happens, with "
        "opinion, interviews and reviews about Ukraine and the war Russia wages "
        "against it.</p>"
        "<p>Our newsroom works in Kyiv. Opinion pieces are labelled as such and "
        "carry their author's name; news is checked before it is published, and "
        "every correction is shown on the piece and on our corrections page.</p>",
    ),
    (
        "contacts",
        "Contacts",
        "<p>To reach the newsroom with a tip, a question or a complaint, write to "
        "the editors of Espreso. Global. To report a mistake in a piece, say "
        "which piece and what is wrong: our corrections policy explains what "
        "happens next.</p>"
        "<p>For Espreso's television channel and its Ukrainian-language site, "
        'see <a href="https://espreso.tv/">espreso.tv</a>.</p>',
    ),
    (
        "editorial-policy",
        "Editorial policy",
        "<p>We report what we can verify and name our sources. When a claim "
        "cannot be checked independently, we say who makes it. We keep news and "
        "opinion apart: opinion pieces are marked OPINION, name their author, "
        "and do not always reflect the views of the editorial staff.</p>"
        "<p>We do not publish unverified casualty figures as facts, and we take "
        "care with images of the dead and wounded. Sponsored content, if any, is "
        "always labelled.</p>",
    ),
    (
        "corrections-policy",
        "Corrections policy",
        "<p>When we get something wrong, we correct it openly. A correction or an "
        "update is noted at the foot of the piece with its time, and the piece "
        "shows when it was updated. Every note is also listed on our corrections "
        "page.</p>"
        "<p>Typing errors that change no meaning are fixed without a note. A "
        "clarification adds context without changing the facts. To report an "
        "error, contact the editors and name the piece.</p>",
    ),
]


def create_starter_pages(Page, *, using: str = "default") -> None:
    """Make any of the four pages that is missing; never touches existing ones."""
    for slug, title, body in STARTER_PAGES:
        Page.objects.using(using).get_or_create(
            slug=slug, defaults={"title": title, "body": clean_html(body)}
        )
