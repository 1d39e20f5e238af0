"""The filters readers can apply to public lists.

A FilterSet narrows the queryset the view hands it; what is visible at all is
the view's business (it starts from `Article.objects.published()`), never this
module's.
"""

import django_filters
from django import forms
from django.db.models import Q

from articles.models import Article, Kind

# The browser's date picker reads and writes ISO dates (2025-02-03), whatever
# the site's display format.
ISO_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ArticleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Text", method="filter_text")
    kind = django_filters.ChoiceFilter(
        label="Type", choices=Kind.choices, empty_label="Any type"
    )
    label = django_filters.ChoiceFilter(
        label="Label",
        choices=[("exclusive", "Exclusive"), ("updated", "Updated")],
        empty_label="Any label",
        method="filter_label",
    )
    since = django_filters.DateFilter(
        label="From",
        field_name="published_at",
        lookup_expr="date__gte",
        widget=ISO_DATE,
    )
    until = django_filters.DateFilter(
        label="To",
        field_name="published_at",
        lookup_expr="date__lte",
        widget=ISO_DATE,
    )

    class Meta:
        model = Article
        fields = ["q", "kind", "label", "since", "until"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(lead__icontains=value))

    def filter_label(self, queryset, name, value):
        if value == "exclusive":
            return queryset.filter(is_exclusive=True)
        return queryset.filter(updated_at__isnull=False)
