"""Helpers shared by the REFI-QDA tests (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from annotator.store import Project

# an article as a file from a Windows machine: BOM, CRLF, emoji, astral and combining characters
RAW_ARTICLE = ("\ufeffKalbajar 😀 handover\r\nOfficials said the road is closed 👩‍💻.\r\n\r\n"
               "“We will return,” said Aliyev. Café 𝄞 ends here.\r\n")


def snapshot(p: Project) -> dict:
    """Everything an exchange must keep, keyed by GUID (ids and import times differ)."""
    paths = p.code_paths()
    code_guid = {c.id: c.guid for c in p.codes()}
    coder_guid = {c.id: c.guid for c in p.coders()}
    docs = [p.document(d.id) for d in p.documents()]
    doc_guid = {d.id: d.guid for d in docs}
    return {
        "documents": [(d.guid, d.title, d.source, d.url, d.published, d.filename, d.text, d.sha256, d.metadata)
                      for d in docs],
        "codes": [(c.guid, paths[c.id], c.description, c.color, c.shortcut, c.attributes) for c in p.codes()],
        "coders": sorted((c.guid, c.name) for c in p.coders()),
        "done": sorted((doc_guid[d], c.guid) for c in p.coders() for d, st in p.statuses(c.id).items()
                       if st.value == "done"),
        "spans": sorted((s.guid, doc_guid[s.document_id], code_guid[s.code_id], coder_guid[s.coder_id], s.start, s.end,
                         s.text, s.memo, s.attributes, s.created, s.modified) for s in p.spans_where()),
    }


def make_zip(path: Path, members: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name), data.encode("utf-8") if isinstance(data, str) else data,
                       compress_type=compression)
    path.write_bytes(buf.getvalue())
    return path
