"""Ready before review: the article form's publishing checklist and its
search and social preview, worked out from the form as it is.

The checklist asks the publishing rules themselves
(`workflow.validate_for_publishing`), so it cannot drift from what Publish
checks: what the rules demand of an empty piece of the same type (with a hero
image if this one has one) is what publishing requires; what they still
demand of this piece is what is missing. A section, and a byline where the
rules do not require one, are recommended, not required.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q

from articles import seo, workflow
from articles.models import Article, Disclaimer, Kind, unique_slug

# What each rule is called in the checklist; a rule not named here shows its
# own message.
LABELS = {
    "no_title": "Title",
    "no_lead": "Lead",
    "no_body": "Body",
    "no_alt_text": "Alt text for the hero image",
    "opinion_without_author": "Author",
    "opinion_without_disclaimer": "Disclaimer",
}
# "Photo: Reuters" → "Reuters": the site prints "Photo:" itself, once.

# The site's opinion disclaimer (docs/espreso-layout.md): an opinion piece
# gets it when no disclaimer is marked as the default for opinion.
STANDARD_OPINION_DISCLAIMER = (
    "The editorial staff does not always share the opinions expressed by the "
    "blog authors."
)


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    done: bool
    required: bool
    message: str = ""


def default_disclaimers() -> dict[str, Disclaimer]:
    """{kind: the disclaimer a new piece of that kind starts with}, in one
    query: the one marked as the kind's default, and for opinion, failing
    that, the standard opinion disclaimer."""
    defaults = {}
    standard = None
    for disclaimer in Disclaimer.objects.filter(
        ~Q(default_for_kind="") | Q(text=STANDARD_OPINION_DISCLAIMER)
    ):
        if disclaimer.default_for_kind:
            defaults[disclaimer.default_for_kind] = disclaimer
        if disclaimer.text == STANDARD_OPINION_DISCLAIMER:
            standard = disclaimer
    if standard is not None:
        defaults.setdefault(Kind.OPINION, standard)
    return defaults


def _gaps(article: Article, *, has_author: bool) -> dict[str, str]:
    """{code: message} of what publishing would refuse the piece for."""
    try:
        workflow.validate_for_publishing(article, has_author=has_author)
    except ValidationError as exc:
        return {
            error.code: error.messages[0]
            for errors in exc.error_dict.values()
            for error in errors
        }
    return {}


def checklist(article: Article, *, has_author: bool) -> list[Check]:
    """What publishing requires of this piece, and what it recommends."""
    empty = Article(kind=article.kind, hero_id=article.hero_id)
    required = _gaps(empty, has_author=False)
    missing = _gaps(article, has_author=has_author)
    checks = [
        Check(
            code=code,
            label=LABELS.get(code, message),
            done=code not in missing,
            required=True,
            message=missing.get(code, ""),
        )
        for code, message in required.items()
    ]
    if "opinion_without_author" not in required:
        checks.append(
            Check(
                code="author",
                label="Author",
                done=has_author,
                required=False,
                message="" if has_author else "Add a byline.",
            )
        )
    checks.append(
        Check(
            code="section",
            label="Section",
            done=article.section_id is not None,
            required=False,
            message="" if article.section_id else "Pick a section.",
        )
    )
    return checks


def preview(request, article: Article) -> dict:
    """The piece as a search result and a social card: the values the page's
    meta tags carry (articles/seo.py)."""
    slug = article.slug or (
        unique_slug(article.title, kind=article.kind, exclude_pk=article.pk)
        if article.title.strip()
        else ""
    )
    image, image_alt = seo.card_image(request, article)
    return {
        "site_name": seo.SITE_NAME,
        "title": article.title,
        "description": seo.article_description(article),
        "url": seo.absolute_url(request, f"/{slug}"),
        "image": image,
        "image_alt": image_alt,
    }


def report(request, article: Article, *, has_author: bool) -> dict:
    """The checklist and preview as JSON for the form's script."""
    checks = checklist(article, has_author=has_author)
    return {
        "ready": all(check.done for check in checks if check.required),
        "checks": [asdict(check) for check in checks],
        "preview": preview(request, article),
    }
