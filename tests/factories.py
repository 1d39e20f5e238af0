"""factory-boy factories; `published` is the default, traits make the rest."""

from datetime import timedelta
from io import BytesIO

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, ArticleAuthor, Author, Disclaimer, Kind, Section
from newsfeed.models import NewsItem


def jpeg_bytes(size=(64, 48), color="teal") -> bytes:
    """A small JPEG made in memory."""
    buffer = BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    """A media-library image; its file a real JPEG in storage (`size`)."""

    class Meta:
        model = "articles.Image"

    class Params:
        size = (64, 48)

    title = factory.Sequence(lambda n: f"Picture {n}")
    alt = "A picture"
    file = factory.LazyAttribute(
        lambda o: ContentFile(jpeg_bytes(o.size), name="picture.jpg")
    )
    width = factory.LazyAttribute(lambda o: o.size[0])
    height = factory.LazyAttribute(lambda o: o.size[1])


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author Number{n}")
    slug = factory.Sequence(lambda n: f"author-number{n}")
    bio = "political analyst and publicist"
    kind = Author.Kind.COLUMNIST


class DisclaimerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disclaimer
        django_get_or_create = ["text"]

    name = "Opinion disclaimer"
    text = (
        "The editorial staff does not always share the opinions expressed by "
        "the blog authors."
    )


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Russia launches strikes on Ukraine, day {n}")
    lead = "One of the key issues in the peace talks"
    body = "<p>First paragraph.</p><p>Second paragraph.</p>"
    kind = Kind.NEWS
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        in_review = factory.Trait(status=Article.Status.REVIEW, published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(
                lambda: timezone.now() + timedelta(days=1)
            )
        )
        unpublished = factory.Trait(status=Article.Status.UNPUBLISHED)
        opinion = factory.Trait(
            kind=Kind.OPINION, disclaimer=factory.SubFactory(DisclaimerFactory)
        )

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            ArticleAuthor.objects.bulk_create(
                ArticleAuthor(article=self, author=author, position=n)
                for n, author in enumerate(extracted)
            )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    headline = factory.Sequence(lambda n: f"Ukraine's MFA comments on talks, item {n}")
    published_at = factory.Sequence(
        lambda n: timezone.now() - timedelta(minutes=10 * (n + 1))
    )
    status = NewsItem.Status.PUBLISHED

    class Params:
        draft = factory.Trait(status=NewsItem.Status.DRAFT)
