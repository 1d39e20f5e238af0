"""Full-text search on either database, with the same meaning on both.

A query is its words: letters and digits, English stop words left out, each
word required (AND), stemmed the English way. Nothing a reader types is query
syntax on either side, so quotes, stars, NEAR, minus or OR cannot fail a
query or change what it means.

- SQLite: an external-content FTS5 table per searched model (made, and kept in
  step by triggers, by the model's migration; `porter` stemming).
- PostgreSQL: a stored generated `search_vector` column (`to_tsvector` with the
  `english` configuration) with a GIN index, kept in the row where it fits
  (`inline_vector_operation`), and a small stored vector of each ranking
  column (`title_search_vector`, `lead_search_vector`).

Both rank the same way: matches with every word in the title first, then in
the lead, then the rest, newest first within each.

Bodies are searched as text (`Article.body_text`, made from the HTML on save),
so markup is never a word. The two stemmers (Porter in FTS5, Snowball's
English in PostgreSQL) agree on nearly every word; a rare word may stem apart.
"""

import re
from html import unescape

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

# PostgreSQL's english.stop (Snowball's list), dropped from queries on both
# databases: PostgreSQL drops them anyway, and FTS5 would require them.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves
    he him his himself she her hers herself it its itself they them their
    theirs themselves what which who whom this that these those am is are was
    were be been being have has had having do does did doing a an the and but
    if or because as until while of at by for with about against between into
    through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both
    each few more most other some such no nor not only own same so than too
    very s t can will just don should now""".split()
)
# Letters and digits: what both databases' tokenisers keep as word characters.
WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 16
# A search ranks the best matches among this many newest matching rows of a
# table (articles, ticker items), so its cost does not grow with the archive.
CANDIDATES = 1000
TAG = re.compile(r"<[^>]*>")
# A match ranks by the first of these columns holding every word of the query
# (then newest first). On SQLite bm25 would count each word's matches over the
# whole table for its weight: a scan that grows with the archive. On PostgreSQL
# ts_rank reads each candidate's whole vector a second time, from the TOAST
# table (docs/benchmarks.md); these columns' own vectors are small and inline.
RANKING_COLUMNS = {"articles_article": ("title", "lead")}
# PostgreSQL's toast_tuple_target for the articles (inline_vector_operation).
INLINE_ROW_BYTES = 4080


def plain_text(html: str) -> str:
    """A sanitised body as text: each tag a space, entities decoded."""
    return " ".join(unescape(TAG.sub(" ", html)).split())


def query_words(text: str) -> list[str]:
    """The words of a reader's query that a search requires, lower-cased."""
    words = [w.lower() for w in WORD.findall(text)]
    return [w for w in dict.fromkeys(words) if w not in STOP_WORDS][:MAX_WORDS]


def fts5_query(words: list[str]) -> str:
    """An FTS5 MATCH string: every word a quoted string, all required."""
    return " ".join(f'"{word}"' for word in words)


def ranked_ids(
    queryset: QuerySet, text: str, limit: int | None = None, *, by_relevance=True
) -> list:
    """The ids of `queryset`'s rows with every word of `text` in their indexed
    text, best match first, then newest; in one query, whose cost does not
    grow with the archive.

    Only the CANDIDATES newest matching rows of the table (by id, so by when
    each row was first saved, drafts included) are ranked: a common word is
    ranked among its newest matches, not among all of them. A match with
    every word in its title comes first, then one with every word in its lead
    (RANKING_COLUMNS), then the rest, newest first within each: the same
    order on both databases. The candidates come first, from the full-text
    index; each is then checked against `queryset` (visibility) by its id, so
    the database never walks the table's own indexes through the archive
    (which SQLite, with no statistics, chose to do for any join of the two).

    `by_relevance=False` lists the matches newest first without ranking them,
    as the ticker is read (bm25 or `ts_rank` over a million ticker items cost
    thirty times the search)."""
    words = query_words(text)
    if not words:
        return []
    table = queryset.model._meta.db_table
    connection = connections[queryset.db]
    columns = RANKING_COLUMNS.get(table, ()) if by_relevance else ()
    if connection.vendor == "sqlite":
        fts = f"{table}_fts"
        match = fts5_query(words)
        # FTS5 walks its index newest first and stops at the LIMIT.
        candidates = (
            f"SELECT rowid AS id FROM {fts} WHERE {fts} MATCH %s "
            f"ORDER BY rowid DESC LIMIT {int(CANDIDATES)}"
        )
        params = [match]
        # Each column's matches from the oldest candidate on: a walk of the
        # index as short as the candidates' own.
        rank = [
            f"m.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s "
            "AND rowid >= (SELECT min(id) FROM m)) DESC"
            for _ in columns
        ]
        rank_params = [f"{column} : ({match})" for column in columns]
    elif connection.vendor == "postgresql":
        tsquery = "plainto_tsquery('english', %s)"
        terms = " ".join(words)
        # A walk back along the primary key for a common word, the GIN index
        # for a rare one: the planner picks by the words' statistics.
        tiers = "".join(
            f", {column}_search_vector @@ {tsquery} AS tier{i}"
            for i, column in enumerate(columns)
        )
        candidates = (
            f"SELECT id{tiers} FROM {table} WHERE search_vector @@ {tsquery} "
            f"ORDER BY id DESC LIMIT {int(CANDIDATES)}"
        )
        params = [terms] * (len(columns) + 1)
        rank = [f"m.tier{i} DESC" for i in range(len(columns))]
        rank_params = []
    else:  # pragma: no cover - the project runs on SQLite or PostgreSQL
        raise NotImplementedError(f"No full-text search on {connection.vendor}.")
    visible = queryset.order_by().filter(pk=RawSQL("m.id", [])).values("pk")
    visible_sql, visible_params = visible.query.sql_with_params()
    if connection.vendor == "postgresql":
        # Checked row by row (OFFSET 0 keeps PostgreSQL from making the check
        # a join, which under a LIMIT it may plan as a merge along the whole
        # primary key), so the candidates' order holds.
        visible_sql += " OFFSET 0"
    # The candidates are planned apart (MATERIALIZED) for all CANDIDATES rows.
    # Under the caller's LIMIT, PostgreSQL would plan them for the few rows it
    # asks for: for a word its statistics guess to be uncommon, walking back
    # along the primary key until ten match looks cheaper than the GIN index,
    # and for a word no row holds that walk reads the whole table (0.55 s
    # over a million ticker items). The CTE is still read only as far as the
    # LIMIT needs, in its own order (newest first) when nothing ranks it.
    sql = (
        f"WITH m AS MATERIALIZED ({candidates}) "
        f"SELECT m.id FROM m WHERE EXISTS ({visible_sql})"
    )
    if rank:
        sql += f" ORDER BY {', '.join([*rank, 'm.id DESC'])}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *visible_params, *rank_params])
        return [row[0] for row in cursor.fetchall()]


def full_text(queryset: QuerySet, text: str) -> QuerySet:
    """`queryset` narrowed to the rows `ranked_ids` finds for `text` (in no
    particular order: for a ranked list use `ranked_ids`)."""
    return queryset.filter(pk__in=ranked_ids(queryset, text))


# The index itself, made by each searched model's migration (see
# articles/migrations/0004 and newsfeed/migrations/0002) through these, and
# the ranking columns' vectors on PostgreSQL (articles/migrations/0011) and
# the articles' vector kept in the row (0012).
# Caution on SQLite: a later migration that remakes the table (most field
# changes there do) drops its triggers; such a migration must run
# `search_index_operation` again after its own operations. On PostgreSQL a
# column a stored vector is made from cannot change its type while it is.


def _sqlite_index_sql(table: str, weights: dict[str, float]) -> list[str]:
    fts, cols = f"{table}_fts", list(weights)
    new = ", ".join(f"new.{c}" for c in cols)
    old = ", ".join(f"old.{c}" for c in cols)
    names = ", ".join(cols)
    bm25 = ", ".join(f"{w:.1f}" for w in weights.values())
    delete = (
        f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES('delete', old.id, {old});"
    )
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', "
        "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {names} ON {table} "
        f"BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}({fts}, rank) VALUES ('rank', 'bm25({bm25})')",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def _sqlite_drop_sql(table: str) -> list[str]:
    fts = f"{table}_fts"
    return [
        *(
            f"DROP TRIGGER IF EXISTS {fts}_{op}"
            for op in ("insert", "delete", "update")
        ),
        f"DROP TABLE IF EXISTS {fts}",
    ]


def _postgresql_index_sql(table: str, weights: dict[str, str]) -> list[str]:
    vector = " || ".join(
        f"setweight(to_tsvector('english'::regconfig, coalesce({c}, '')), '{w}')"
        for c, w in weights.items()
    )
    return [
        f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({vector}) STORED",
        f"CREATE INDEX {table}_search_vector ON {table} USING gin (search_vector)",
    ]


def _postgresql_drop_sql(table: str) -> list[str]:
    return [f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector"]


def _by_vendor(forwards, backwards):
    """A migration operation running the SQL statements `forwards(vendor)`
    gives (`backwards(vendor)` when unapplied)."""
    from django.db import migrations

    def run(statements):
        def apply(apps, schema_editor):
            for sql in statements(schema_editor.connection.vendor):
                schema_editor.execute(sql)

        return apply

    return migrations.RunPython(run(forwards), run(backwards), elidable=False)


def search_index_operation(table: str, columns: dict[str, tuple[float, str]]):
    """A migration operation making the full-text index of `table` over
    `columns` ({column: (bm25 weight on SQLite, A-D weight on PostgreSQL)})."""

    def forwards(vendor):
        if vendor == "sqlite":
            return _sqlite_index_sql(table, {c: w[0] for c, w in columns.items()})
        if vendor == "postgresql":
            return _postgresql_index_sql(table, {c: w[1] for c, w in columns.items()})
        return []

    def backwards(vendor):
        if vendor == "sqlite":
            return _sqlite_drop_sql(table)
        if vendor == "postgresql":
            return _postgresql_drop_sql(table)
        return []

    return _by_vendor(forwards, backwards)


def ranking_vectors_operation(table: str, columns: tuple[str, ...]):
    """A migration operation giving each of `table`'s ranking `columns` its
    own stored vector on PostgreSQL (`<column>_search_vector`), which
    `ranked_ids` tests for its tiers. SQLite filters the FTS5 table by
    column instead, so there it does nothing. Adding the columns rewrites the
    table (about 30 s for 100,000 pieces)."""

    def forwards(vendor):
        if vendor != "postgresql":
            return []
        added = ", ".join(
            f"ADD COLUMN {column}_search_vector tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('english'::regconfig, coalesce({column}, ''))) STORED"
            for column in columns
        )
        return [f"ALTER TABLE {table} {added}"]

    def backwards(vendor):
        if vendor != "postgresql":
            return []
        dropped = ", ".join(
            f"DROP COLUMN IF EXISTS {column}_search_vector" for column in columns
        )
        return [f"ALTER TABLE {table} {dropped}"]

    return _by_vendor(forwards, backwards)


def inline_vector_operation(table: str):
    """A migration operation keeping `table`'s `search_vector` in the row on
    PostgreSQL where it fits, then rewriting the table so the rows already
    there move it back. The candidate walk reads each row's vector: out of
    line, in the TOAST table, that was four page reads a row, 6.5 of a
    search's 10 ms at 100,000 pieces (articles/search.py, docs/benchmarks.md).

    A row is toasted when it passes `toast_tuple_target`: PostgreSQL first
    compresses and moves out the EXTENDED columns (the body's HTML and text),
    and a MAIN column (the vector) only if the row is still too big. At the
    default target of 2 kB a piece of a few hundred words has its vector out
    of line anyway, so the target is raised to 4 kB (two rows a page). A
    long piece's vector (7 kB for 1,000 words) stays out of line.

    The migration holding it must not be atomic: VACUUM FULL cannot run in a
    transaction. SQLite has no such column."""

    def forwards(vendor):
        if vendor != "postgresql":
            return []
        return [
            f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE MAIN, "
            f"SET (toast_tuple_target = {INLINE_ROW_BYTES})",
            f"VACUUM FULL {table}",
        ]

    def backwards(vendor):
        if vendor != "postgresql":
            return []
        return [
            f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE EXTENDED, "
            "RESET (toast_tuple_target)"
        ]

    return _by_vendor(forwards, backwards)
