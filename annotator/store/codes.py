"""Codebook operations of :class:`~annotator.store.project.Project`."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from annotator.core.codebook import PALETTE, AttributeField, Code, CodebookError, CodeSpec
from annotator.core.model import Span
from annotator.store.errors import NotFound, ProjectError
from annotator.store.events import Change, new_guid

if TYPE_CHECKING:
    from annotator.store.project import Project

_CODE_COLUMNS = "id, guid, name, parent_id, description, color, shortcut, position, attributes, codable"


def _code(row: tuple) -> Code:
    fields = tuple(AttributeField.from_json(f, "stored codebook") for f in json.loads(row[8]))
    return Code(*row[:8], attributes=fields, codable=bool(row[9]))


def _fields_json(fields: tuple[AttributeField, ...]) -> str:
    return json.dumps([f.to_json() for f in fields], ensure_ascii=False)


class CodesMixin:
    """Codes form a tree; names are unique among siblings; paths are ``parent/child``."""

    def codes(self: "Project") -> list[Code]:
        """All codes in tree order: each parent followed by its children, by position."""
        rows = [_code(r) for r in self.db.execute(f"SELECT {_CODE_COLUMNS} FROM codes ORDER BY position, id")]
        children: dict[int | None, list[Code]] = {}
        for c in rows:
            children.setdefault(c.parent_id, []).append(c)
        out: list[Code] = []

        def walk(parent: int | None) -> None:
            for c in children.get(parent, []):
                out.append(c)
                walk(c.id)

        walk(None)
        return out

    def code(self: "Project", code_id: int) -> Code:
        row = self._one(f"SELECT {_CODE_COLUMNS} FROM codes WHERE id = ?", (code_id,))
        if row is None:
            raise NotFound(f"no code with id {code_id}")
        return _code(row)

    def code_paths(self: "Project") -> dict[int, str]:
        """Code id -> full path (``parent/child``)."""
        rows = self.db.execute("SELECT id, name, parent_id FROM codes").fetchall()
        by_id = {r[0]: r for r in rows}
        paths: dict[int, str] = {}

        def path(cid: int) -> str:
            if cid not in paths:
                _, name, parent = by_id[cid]
                paths[cid] = name if parent is None else f"{path(parent)}/{name}"
            return paths[cid]

        for cid in by_id:
            path(cid)
        return paths

    def code_by_path(self: "Project", path: str) -> Code | None:
        parent: int | None = None
        row = None
        for name in [p.strip() for p in path.split("/")]:
            row = self._one(
                f"SELECT {_CODE_COLUMNS} FROM codes WHERE name = ? AND ifnull(parent_id, 0) = ?", (name, parent or 0)
            )
            if row is None:
                return None
            parent = row[0]
        return _code(row) if row else None

    def add_code(
        self: "Project",
        name: str,
        *,
        parent_id: int | None = None,
        description: str = "",
        color: str = "",
        shortcut: str = "",
        attributes: tuple[AttributeField, ...] = (),
        position: int | None = None,
        guid: str | None = None,
        code_id: int | None = None,
        codable: bool = True,
    ) -> Code:
        """Add a code (``code_id`` is for undo, which restores a deleted code under its old id)."""

        name = name.strip()
        if not name or "/" in name:
            raise ProjectError(f"code name {name!r} must be non-empty and may not contain '/'")
        if position is None:
            position = self._one("SELECT ifnull(max(position), -1) + 1 FROM codes WHERE ifnull(parent_id, 0) = ?",
                                 (parent_id or 0,))[0]
        if not color:
            used = self._one("SELECT count(*) FROM codes")[0]
            color = PALETTE[used % len(PALETTE)]
        try:
            with self.transaction():
                cur = self.db.execute(
                    "INSERT INTO codes (id, guid, name, parent_id, description, color, shortcut, position, attributes,"
                    " codable) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (code_id, guid or new_guid(), name, parent_id, description, color, shortcut, position,
                     _fields_json(attributes), int(codable)),
                )
                self._changed(Change("codes", (cur.lastrowid,)))
        except sqlite3.IntegrityError as exc:
            raise ProjectError(f"cannot add code {name!r}: a sibling code has that name ({exc})") from None
        return self.code(cur.lastrowid)

    def update_code(self: "Project", code_id: int, **changes: Any) -> Code:
        """Change a code's fields (name, parent_id, description, color, shortcut, position,
        attributes, codable); returns the code as it was before."""

        old = self.code(code_id)
        allowed = {"name", "parent_id", "description", "color", "shortcut", "position", "attributes", "codable"}
        unknown = set(changes) - allowed
        if unknown:
            raise ProjectError(f"unknown code field(s): {', '.join(sorted(unknown))}")
        if "name" in changes:
            changes["name"] = changes["name"].strip()
            if not changes["name"] or "/" in changes["name"]:
                raise ProjectError(f"code name {changes['name']!r} must be non-empty and may not contain '/'")
        if changes.get("parent_id") is not None:
            ancestor: int | None = changes["parent_id"]
            while ancestor is not None:
                if ancestor == code_id:
                    raise ProjectError(f"code {old.name!r} cannot be moved under itself or its own child")
                ancestor = self.code(ancestor).parent_id
        if "attributes" in changes:
            changes["attributes"] = _fields_json(tuple(changes["attributes"]))
        if "codable" in changes:
            changes["codable"] = int(bool(changes["codable"]))
        if not changes:
            return old
        sets = ", ".join(f"{k} = ?" for k in changes)
        try:
            with self.transaction():
                self.db.execute(f"UPDATE codes SET {sets} WHERE id = ?", (*changes.values(), code_id))
                self._changed(Change("codes", (code_id,)))
        except sqlite3.IntegrityError as exc:
            if "category" in str(exc):
                raise ProjectError(f"code {old.name!r} has spans, so it cannot become a category") from None
            raise ProjectError(f"cannot change code {old.name!r}: a sibling code has that name ({exc})") from None
        return old

    def delete_code(self: "Project", code_id: int) -> tuple[Code, list[Span]]:
        """Delete a code and every span coded with it; returns both, so undo can restore them.
        A code with child codes cannot be deleted (move or delete the children first)."""

        code = self.code(code_id)
        kids = self._one("SELECT count(*) FROM codes WHERE parent_id = ?", (code_id,))[0]
        if kids:
            raise ProjectError(f"code {code.name!r} has {kids} child code(s); move or delete them first")
        spans = self.spans_where("code_id = ?", (code_id,))
        with self.transaction():
            self.db.execute("DELETE FROM spans WHERE code_id = ?", (code_id,))
            self.db.execute("DELETE FROM codes WHERE id = ?", (code_id,))
            self._changed(Change("codes", (code_id,)))
            if spans:
                self._changed(Change("spans", tuple(s.id for s in spans), tuple({s.document_id for s in spans})))
        return code, spans

    def restore_code(self: "Project", code: Code, spans: list[Span]) -> None:
        """Undo of :meth:`delete_code`: the code under its old id, and its spans."""
        with self.transaction():
            self.add_code(code.name, parent_id=code.parent_id, description=code.description, color=code.color,
                          shortcut=code.shortcut, attributes=code.attributes, position=code.position,
                          guid=code.guid, code_id=code.id, codable=code.codable)
            for span in spans:
                self.restore_span(span)

    def span_counts_by_code(self: "Project", coder_id: int | None = None) -> dict[int, int]:
        sql = "SELECT code_id, count(*) FROM spans"
        params: tuple = ()
        if coder_id is not None:
            sql += " WHERE coder_id = ?"
            params = (coder_id,)
        return dict(self.db.execute(sql + " GROUP BY code_id", params).fetchall())

    # -- codebook files ------------------------------------------------------------
    def codebook_specs(self: "Project") -> list[CodeSpec]:
        """The codebook as a tree of specs, ready for :func:`annotator.core.codebook.dump_codebook`."""
        specs: dict[int, CodeSpec] = {}
        roots: list[CodeSpec] = []
        for c in self.codes():
            spec = CodeSpec(c.name, c.description, c.color, c.shortcut, c.attributes, [], c.guid, c.codable)
            specs[c.id] = spec
            (specs[c.parent_id].children if c.parent_id is not None else roots).append(spec)
        return roots

    def import_codebook(self: "Project", specs: list[CodeSpec]) -> tuple[list[str], list[str]]:
        """Merge a codebook into the project, in one transaction: codes are matched by
        path; matched codes take the file's definition, colour, shortcut and fields.
        Returns (added paths, updated paths)."""
        added: list[str] = []
        updated: list[str] = []

        def merge(spec: CodeSpec, parent: int | None, prefix: str) -> None:
            path = f"{prefix}{spec.name}"
            existing = self.code_by_path(path)
            fields = {"description": spec.description, "shortcut": spec.shortcut, "attributes": spec.attributes,
                      "codable": spec.codable}
            if spec.color:
                fields["color"] = spec.color
            if existing is None:
                code = self.add_code(spec.name, parent_id=parent, guid=spec.guid or None, **fields)
                added.append(path)
            else:
                code = existing
                if any(getattr(existing, k) != v for k, v in fields.items()):
                    self.update_code(existing.id, **fields)
                    updated.append(path)
            for child in spec.children:
                merge(child, code.id, f"{path}/")

        try:
            with self.transaction():
                for spec in specs:
                    merge(spec, None, "")
        except ProjectError as exc:
            raise CodebookError(str(exc)) from None
        return added, updated
