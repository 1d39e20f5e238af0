from django.contrib import admin
from django.db.models import Prefetch

from articles.models import Article, ArticleAuthor, Author, Disclaimer, Section


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["author", "position"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "badge_display",
        "authors_display",
        "status",
        "published_at",
        "updated_at",
        "tags_display",
    ]
    list_filter = ["status", "kind", "is_exclusive", "section", "published_at"]
    search_fields = ["title", "lead", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "disclaimer", "related"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ArticleAuthorInline]
    readonly_fields = ["version", "created_at", "modified_at", "import_ref"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "is_exclusive", "section"]}),
        ("Text", {"fields": ["lead", "body", "source_name", "source_url"]}),
        (
            "Hero image",
            {"fields": ["hero_image", "hero_caption", "hero_credit", "hero_alt"]},
        ),
        ("Footer", {"fields": ["disclaimer", "tags", "related"]}),
        ("Publishing", {"fields": ["status", "published_at", "updated_at"]}),
        (
            "Advanced",
            {
                "classes": ["collapse"],
                "fields": ["version", "created_at", "modified_at", "import_ref"],
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                "tags",
                Prefetch(
                    "bylines", queryset=ArticleAuthor.objects.select_related("author")
                ),
            )
        )

    @admin.display(description="badge")
    def badge_display(self, obj):
        return obj.badge or "—"

    @admin.display(description="authors")
    def authors_display(self, obj):
        return ", ".join(b.author.name for b in obj.bylines.all()) or "—"

    @admin.display(description="tags")
    def tags_display(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all()) or "—"


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "user"]
    list_filter = ["kind"]
    search_fields = ["name", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


@admin.register(Disclaimer)
class DisclaimerAdmin(admin.ModelAdmin):
    list_display = ["name", "default_for_kind", "text"]
    list_filter = ["default_for_kind"]
    search_fields = ["name", "text"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    list_filter = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
