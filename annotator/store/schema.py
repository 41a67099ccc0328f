"""Schema migrations. Applied, in order, every time a project is opened.

``PRAGMA user_version`` records the schema version; a file whose version is
newer than :data:`SCHEMA_VERSION` is refused before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

APPLICATION_ID = 0x414E4E4F  # "ANNO": marks a SQLite file as an annotator project
SCHEMA_VERSION = 10
#: sqlite-utils's table of applied migrations
MIGRATIONS_TABLE = "_sqlite_migrations"


class LazyMigrations:
    """The schema's migrations, registered in order with ``@migrations()`` like
    ``sqlite_utils.migrations.Migrations`` (which applies them: :meth:`migration_set`), so that
    telling an up-to-date project (:func:`is_current`, every opening) needs no sqlite-utils
    import (issue 17: the window's start). Other attributes are the ``Migrations`` set's."""

    def __init__(self, name: str):
        self.name = name
        self._registered: list[tuple[str, Callable[[Database], None], bool]] = []
        self._set: Migrations | None = None

    def __call__(self, *, name: str | None = None, transactional: bool = True):
        def inner(fn: Callable[[Database], None]) -> Callable[[Database], None]:
            self._registered.append((name or fn.__name__, fn, transactional))
            self._set = None
            return fn

        return inner

    def migration_set(self) -> "Migrations":
        """sqlite-utils's ``Migrations`` holding these migrations (sqlite-utils imported lean)."""
        if self._set is None:
            from annotator.store.lean import import_sqlite_utils

            import_sqlite_utils()
            from sqlite_utils.migrations import Migrations

            migration_set = Migrations(self.name)
            for name, fn, transactional in self._registered:
                migration_set(name=name, transactional=transactional)(fn)
            self._set = migration_set
        return self._set

    def pending_names(self, db: Any) -> list[str]:
        """The migrations *db* has not applied, read with plain SQL from sqlite-utils's table."""
        if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                          (MIGRATIONS_TABLE,)).fetchone():
            return [name for name, _, _ in self._registered]
        applied = {r[0] for r in db.execute(f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?",
                                            (self.name,))}
        return [name for name, _, _ in self._registered if name not in applied]

    def apply(self, db: Any, **options: Any) -> None:
        """Apply the pending migrations through sqlite-utils (*db*: a ``Database`` or a
        :class:`~annotator.store.connection.ProjectDatabase`)."""
        self.migration_set().apply(getattr(db, "utils", db), **options)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_set", "_registered", "name"):
            raise AttributeError(name)
        return getattr(self.migration_set(), name)


migrations = LazyMigrations("annotator")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            guid TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',
            filename TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            char_count INTEGER NOT NULL,
            metadata TEXT NOT NULL DEFAULT '{}',
            imported_at TEXT NOT NULL
        );
        CREATE TRIGGER documents_text_immutable BEFORE UPDATE OF text, sha256, char_count ON documents
        BEGIN SELECT RAISE(ABORT, 'a document''s text never changes after import'); END;

        CREATE TABLE codes (
            id INTEGER PRIMARY KEY,
            guid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0 AND instr(name, '/') = 0),
            parent_id INTEGER REFERENCES codes(id) ON DELETE RESTRICT,
            description TEXT NOT NULL DEFAULT '',
            color TEXT NOT NULL DEFAULT '#999999',
            shortcut TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0,
            attributes TEXT NOT NULL DEFAULT '[]'
        );
        CREATE UNIQUE INDEX codes_name_among_siblings ON codes (ifnull(parent_id, 0), name);

        CREATE TABLE coders (
            id INTEGER PRIMARY KEY,
            guid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
        );

        CREATE TABLE spans (
            id INTEGER PRIMARY KEY,
            guid TEXT NOT NULL UNIQUE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            code_id INTEGER NOT NULL REFERENCES codes(id) ON DELETE RESTRICT,
            coder_id INTEGER NOT NULL REFERENCES coders(id) ON DELETE RESTRICT,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            memo TEXT NOT NULL DEFAULT '',
            attributes TEXT NOT NULL DEFAULT '{}',
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            CHECK (start < "end")
        );
        CREATE INDEX spans_of_document ON spans (document_id, start);
        CREATE INDEX spans_of_code ON spans (code_id);
        CREATE INDEX spans_of_coder ON spans (coder_id, document_id);

        -- the invariant every layer relies on: the snapshot is text[start:end]
        CREATE TRIGGER spans_text_matches_insert BEFORE INSERT ON spans
        WHEN NEW.text IS NOT (SELECT substr(d.text, NEW.start + 1, NEW."end" - NEW.start)
                              FROM documents d WHERE d.id = NEW.document_id)
          OR NEW."end" > (SELECT char_count FROM documents d WHERE d.id = NEW.document_id)
        BEGIN SELECT RAISE(ABORT, 'span text does not match the document text at start:end'); END;
        CREATE TRIGGER spans_text_matches_update BEFORE UPDATE OF start, "end", text, document_id ON spans
        WHEN NEW.text IS NOT (SELECT substr(d.text, NEW.start + 1, NEW."end" - NEW.start)
                              FROM documents d WHERE d.id = NEW.document_id)
          OR NEW."end" > (SELECT char_count FROM documents d WHERE d.id = NEW.document_id)
        BEGIN SELECT RAISE(ABORT, 'span text does not match the document text at start:end'); END;

        CREATE TABLE doc_status (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            coder_id INTEGER NOT NULL REFERENCES coders(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('not-started', 'in-progress', 'done')),
            modified TEXT NOT NULL,
            PRIMARY KEY (document_id, coder_id)
        );

        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """
    )


@migrations()
def m002_one_document_read_per_span_check(db: Database) -> None:
    """The span checks read the document once, not twice: ``char_count`` is stored after
    the (large) text, so reading it walked the text's overflow pages a second time. A
    span text of the right length that equals the slice is in range by construction."""
    db.executescript(
        """
        DROP TRIGGER spans_text_matches_insert;
        DROP TRIGGER spans_text_matches_update;
        CREATE TRIGGER spans_text_matches_insert BEFORE INSERT ON spans
        WHEN length(NEW.text) IS NOT NEW."end" - NEW.start
          OR NEW.text IS NOT (SELECT substr(d.text, NEW.start + 1, NEW."end" - NEW.start)
                              FROM documents d WHERE d.id = NEW.document_id)
        BEGIN SELECT RAISE(ABORT, 'span text does not match the document text at start:end'); END;
        CREATE TRIGGER spans_text_matches_update BEFORE UPDATE OF start, "end", text, document_id ON spans
        WHEN length(NEW.text) IS NOT NEW."end" - NEW.start
          OR NEW.text IS NOT (SELECT substr(d.text, NEW.start + 1, NEW."end" - NEW.start)
                              FROM documents d WHERE d.id = NEW.document_id)
        BEGIN SELECT RAISE(ABORT, 'span text does not match the document text at start:end'); END;
        """
    )


@migrations()
def m003_covering_index_for_counts(db: Database) -> None:
    """Counts per document, code and coder (``stats``, the statistics view) read this
    index alone, in group order: no table scan, no sort."""
    db.execute('CREATE INDEX spans_for_counts ON spans (document_id, code_id, coder_id, start, "end")')


@migrations()
def m004_noise_passages_search(db: Database) -> None:
    """Issue 7: page clutter kept as noise regions (never cut from the text), passages
    shared between articles with their character mapping, and a full-text index.

    ``noise.origin``: ``detected`` (found on import), ``manual`` (marked by a coder) or
    ``cleared`` (a coder said "not noise": detection never marks it again; it counts as text).
    ``passages.blocks``: JSON ``[[a_offset, b_offset, length], ...]``, runs of identical
    characters relative to ``a_start``/``b_start``; see :class:`annotator.core.passages.Passage`.
    """
    db.executescript(
        """
        CREATE TABLE noise (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL,
            kind TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL CHECK (origin IN ('detected', 'manual', 'cleared')),
            created TEXT NOT NULL,
            CHECK (start < "end")
        );
        CREATE INDEX noise_of_document ON noise (document_id, start);
        CREATE TRIGGER noise_in_text BEFORE INSERT ON noise
        WHEN NEW."end" > (SELECT char_count FROM documents d WHERE d.id = NEW.document_id)
        BEGIN SELECT RAISE(ABORT, 'noise region ends past the end of the document'); END;
        CREATE TRIGGER noise_in_text_update BEFORE UPDATE OF start, "end", document_id ON noise
        WHEN NEW."end" > (SELECT char_count FROM documents d WHERE d.id = NEW.document_id)
        BEGIN SELECT RAISE(ABORT, 'noise region ends past the end of the document'); END;

        CREATE TABLE passages (
            id INTEGER PRIMARY KEY,
            a_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            a_start INTEGER NOT NULL CHECK (a_start >= 0),
            a_end INTEGER NOT NULL,
            b_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            b_start INTEGER NOT NULL CHECK (b_start >= 0),
            b_end INTEGER NOT NULL,
            similarity REAL NOT NULL CHECK (similarity >= 0 AND similarity <= 1),
            blocks TEXT NOT NULL DEFAULT '[]',
            CHECK (a_id < b_id),
            CHECK (a_start < a_end),
            CHECK (b_start < b_end)
        );
        CREATE INDEX passages_of_a ON passages (a_id, a_start);
        CREATE INDEX passages_of_b ON passages (b_id, b_start);

        -- which documents alignment has seen, so adding articles aligns only the new ones
        CREATE TABLE aligned_documents (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            aligned_at TEXT NOT NULL
        );
        -- which documents noise detection has seen
        CREATE TABLE noise_checked (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            checked_at TEXT NOT NULL
        );
        """
    )
    # external-content FTS5 over the article text, kept current by triggers
    db["documents"].enable_fts(["text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")
    # a document's text never changes (documents_text_immutable), so the update trigger
    # would only re-index the whole text on every title or metadata edit
    db.execute("DROP TRIGGER documents_au")


@migrations()
def m005_alignment_fingerprints(db: Database) -> None:
    """Issue 7: the winnowing fingerprints of every aligned document (see
    :mod:`annotator.core.alignment`), so aligning one new article looks up its own
    ~250 fingerprints instead of re-reading the whole project.

    No foreign key: the table is keyed by hash, so a cascade would scan it on every
    document deletion. A deleted document's rows are harmless: candidates are
    always checked against ``aligned_documents`` (which does cascade) and then
    aligned on their text.
    """
    db.execute(
        "CREATE TABLE align_fingerprints (hash INTEGER NOT NULL, document_id INTEGER NOT NULL,"
        " PRIMARY KEY (hash, document_id)) WITHOUT ROWID")


@migrations()
def m006_document_sets(db: Database) -> None:
    """Issue 16: named sets of documents (a reliability sample, a training round, a
    coder's share) and which coder is given which document of a set.

    ``document_sets.seed``: the random seed a sample was drawn with (NULL for a set made
    by hand); ``recipe``: JSON of how it was drawn (size, stratification, population), so
    a reviewer can draw it again. ``purpose``: ``reliability``, ``training``, ``share``
    or free text. A document in several sets is assigned per set.
    """
    db.executescript(
        """
        CREATE TABLE document_sets (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
            purpose TEXT NOT NULL DEFAULT '',
            seed INTEGER,
            recipe TEXT NOT NULL DEFAULT '{}',
            created TEXT NOT NULL
        );
        CREATE TABLE set_documents (
            set_id INTEGER NOT NULL REFERENCES document_sets(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            PRIMARY KEY (set_id, document_id)
        );
        CREATE TABLE assignments (
            set_id INTEGER NOT NULL,
            document_id INTEGER NOT NULL,
            coder_id INTEGER NOT NULL REFERENCES coders(id) ON DELETE CASCADE,
            PRIMARY KEY (set_id, document_id, coder_id),
            FOREIGN KEY (set_id, document_id) REFERENCES set_documents(set_id, document_id) ON DELETE CASCADE
        );
        CREATE INDEX assignments_of_coder ON assignments (coder_id, document_id);
        """
    )


@migrations()
def m007_codable_categories(db: Database) -> None:
    """Issue 11: categories, codes that group codes and cannot be applied to text
    (REFI-QDA ``isCodable="false"``). The triggers keep spans off them."""
    db.executescript(
        """
        ALTER TABLE codes ADD COLUMN codable INTEGER NOT NULL DEFAULT 1 CHECK (codable IN (0, 1));
        CREATE TRIGGER spans_code_codable_insert BEFORE INSERT ON spans
        WHEN (SELECT codable FROM codes WHERE id = NEW.code_id) = 0
        BEGIN SELECT RAISE(ABORT, 'a category groups codes and cannot be applied to text'); END;
        CREATE TRIGGER spans_code_codable_update BEFORE UPDATE OF code_id ON spans
        WHEN (SELECT codable FROM codes WHERE id = NEW.code_id) = 0
        BEGIN SELECT RAISE(ABORT, 'a category groups codes and cannot be applied to text'); END;
        CREATE TRIGGER codes_category_has_no_spans BEFORE UPDATE OF codable ON codes
        WHEN NEW.codable = 0 AND EXISTS (SELECT 1 FROM spans WHERE code_id = NEW.id)
        BEGIN SELECT RAISE(ABORT, 'a code that has spans cannot become a category'); END;
        """
    )


@migrations()
def m008_passage_clusters(db: Database) -> None:
    """Issue 14: shared passages as clusters of one reused text (see
    :mod:`annotator.core.clusters`): each copy is a member aligned to the cluster's
    representative, and the passage two articles share is derived from their members,
    never stored pair by pair. ``reuse_index``: fingerprint -> owner, an article's
    unclustered text (owner = document id) or a cluster's representative (owner =
    -cluster id). No foreign key there, as in ``align_fingerprints`` (unused now).

    Alignment results of the pairwise method are dropped and the documents marked as
    not aligned: the project is aligned again once, when it is next opened."""
    db.executescript(
        """
        CREATE TABLE passage_clusters (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL,
            words INTEGER NOT NULL DEFAULT 0,
            boilerplate INTEGER NOT NULL DEFAULT 0,
            CHECK (start < "end")
        );
        CREATE INDEX passage_clusters_of_document ON passage_clusters (document_id);
        CREATE TABLE passage_members (
            id INTEGER PRIMARY KEY,
            cluster_id INTEGER NOT NULL REFERENCES passage_clusters(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL,
            rep_start INTEGER NOT NULL,
            rep_end INTEGER NOT NULL,
            similarity REAL NOT NULL CHECK (similarity >= 0 AND similarity <= 1),
            blocks TEXT NOT NULL DEFAULT '[]',
            CHECK (start < "end")
        );
        CREATE INDEX passage_members_of_document ON passage_members (document_id, start);
        CREATE INDEX passage_members_of_cluster ON passage_members (cluster_id);
        -- a deleted representative (its article deleted) takes its cluster along: the
        -- other copies are marked not aligned, so the next alignment finds them again
        CREATE TRIGGER passage_clusters_unalign BEFORE DELETE ON passage_clusters
        BEGIN DELETE FROM aligned_documents WHERE document_id IN
            (SELECT document_id FROM passage_members WHERE cluster_id = OLD.id); END;
        CREATE TABLE reuse_index (hash INTEGER NOT NULL, owner INTEGER NOT NULL,
                                  PRIMARY KEY (hash, owner)) WITHOUT ROWID;
        DELETE FROM passages;
        DELETE FROM align_fingerprints;
        DELETE FROM aligned_documents;
        """
    )


@migrations()
def m009_adjudication_decisions(db: Database) -> None:
    """Adjudication decisions get a table of their own (one row per settled disagreement of
    one consensus coder), so a decision is a row written and announced like any edit.

    The JSON kept before in the setting ``adjudication:<consensus name>`` moves into the
    table; a setting naming no coder of the project stays where it is."""
    db.executescript(
        """
        CREATE TABLE adjudication_decisions (
            consensus_id INTEGER NOT NULL REFERENCES coders(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            decision TEXT NOT NULL,
            spans TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (consensus_id, key)
        ) WITHOUT ROWID;
        """
    )
    rows = db.execute("SELECT key, value FROM settings WHERE key LIKE 'adjudication:%'").fetchall()
    for setting, raw in rows:
        coder = db.execute("SELECT id FROM coders WHERE name = ?", (setting[len("adjudication:"):],)).fetchone()
        if coder is None:
            continue
        try:
            records = json.loads(raw) if raw else {}
        except json.JSONDecodeError:
            records = {}
        for key, record in (records.items() if isinstance(records, dict) else ()):
            if not isinstance(record, dict):
                record = {"decision": str(record), "spans": []}
            db.execute("INSERT OR REPLACE INTO adjudication_decisions (consensus_id, key, decision, spans) "
                       "VALUES (?, ?, ?, ?)",
                       (coder[0], key, str(record.get("decision", "")), json.dumps(record.get("spans", []))))
        db.execute("DELETE FROM settings WHERE key = ?", (setting,))


@migrations()
def m010_excluded_documents(db: Database) -> None:
    """Issue 15: articles excluded from coding and statistics (the extra copies of a
    near-duplicate story, see :mod:`annotator.store.exclusion`). Their text, spans and
    statuses stay; deleting the row includes the article again. ``kept_id``: the copy
    kept in its place, when the exclusion came from a near-duplicate group."""
    db.executescript(
        """
        CREATE TABLE excluded_documents (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            kept_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
            reason TEXT NOT NULL DEFAULT '',
            excluded_at TEXT NOT NULL
        );
        """
    )


def is_current(db: Database) -> bool:
    """Whether *db* is at :data:`SCHEMA_VERSION` and stamped: opening it needs no write."""
    stamped = (db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
               and db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION)
    return stamped and not migrations.pending_names(db)


def apply(db: Database) -> None:
    """Bring *db* to :data:`SCHEMA_VERSION` and stamp it as an annotator project.
    Writes nothing to a project that is already current (its bytes stay as they are)."""
    if is_current(db):
        return
    migrations.apply(db)
    with db.atomic():
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
