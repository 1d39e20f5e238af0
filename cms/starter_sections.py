"""The topical sections every install starts with (migration cms/0007), so the
site's navigation has more than formats from the first run. Editors rename,
reorder or delete them in the admin."""

STARTER_SECTIONS = [
    ("Russia-Ukraine war", "russia-ukraine-war"),
    ("World about Ukraine", "world-about-ukraine"),
    ("Politics", "politics"),
    ("Economy", "economy"),
    ("Society", "society"),
    ("Culture", "culture"),
]


def create_starter_sections(Section, *, using: str = "default") -> None:
    """Make the sections only on a site that has none: a newsroom that deleted
    or renamed them keeps its own."""
    if Section.objects.using(using).exists():
        return
    Section.objects.using(using).bulk_create(
        Section(name=name, slug=slug, position=n)
        for n, (name, slug) in enumerate(STARTER_SECTIONS)
    )
