"""Work that need not hold up an editor's save, as Django tasks: image
renditions, and CDN purges when tasks are queued (articles/cdn.py purges in a
thread of its own when they would run inline).

With the default backend (settings.TASKS, DJANGO_TASKS_BACKEND) a task runs
inline when enqueued; with `database` it waits in the database for
`manage.py db_worker` on any machine. Either way it is enqueued only once the
save has committed, so a worker never looks for a row or file that is not
there yet, and a rolled-back save enqueues nothing.
"""

from django.apps import apps
from django.db import models, transaction
from django.tasks import task

from articles.cdn import purge_urls
from articles.images import refresh_renditions


@task
def make_renditions(model_label: str, pk: int, field_name: str, renditions_field: str):
    """Make (or clear) the renditions of a saved image field, as it is now."""
    model = apps.get_model(model_label)
    instance = model._default_manager.filter(pk=pk).first()
    if instance is None:  # Deleted before the worker got to it.
        return {}
    return refresh_renditions(instance, field_name, renditions_field)


def make_renditions_after_save(
    instance: models.Model, field_name: str, renditions_field: str
) -> None:
    """Enqueue make_renditions for a saved instance once its save commits.

    The old image's renditions are cleared at once, in the save's transaction,
    so until the task runs pages show the new upload itself, never the old
    picture.
    """
    label, pk = instance._meta.label, instance.pk
    setattr(instance, renditions_field, {})
    type(instance)._default_manager.filter(pk=pk).update(**{renditions_field: {}})
    transaction.on_commit(
        lambda: make_renditions.enqueue(label, pk, field_name, renditions_field)
    )


@task
def purge_cdn(urls: list[str]) -> None:
    """Ask the CDN to drop these absolute URLs (articles.cdn.purge_urls)."""
    purge_urls(urls)
