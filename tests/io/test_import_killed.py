"""An import killed (kill -9) half-way through a batch: the batches committed before stay,
whole and searchable, and nothing of the batch it was writing is left (issue 17)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from annotator.store import Project
from annotator.store.search import search

# imports the folder in batches of 7 files and kills itself (SIGKILL) while storing the 17th
_KILLED_IMPORT = """
import os, signal, sys
from annotator.io import importer
from annotator.store import Project
importer.BATCH_FILES = 7
importer.BATCH_SECONDS = 3600.0
def progress(done, total, path):
    if done == 17:
        os.kill(os.getpid(), signal.SIGKILL)
with Project(sys.argv[1]) as project:
    importer.import_paths(project, [sys.argv[2]], progress=progress, analyse=False)
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_killed_import_keeps_its_committed_batches_and_nothing_else(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(30):
        (folder / f"{i:02d}.txt").write_text(f"Article {i}\n\nkalbajar number{i} and its words", encoding="utf-8")
    path = tmp_path / "p.annotator"
    Project(path).close()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", _KILLED_IMPORT, str(path), str(folder)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    with Project(path) as project:
        names = [d.filename for d in project.documents()]
        assert names == [f"{i:02d}.txt" for i in range(14)]  # two batches of 7; the third died with it
        project.db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
        assert len(search(project, "kalbajar", limit=100).hits) == 14
        assert [h.document_id for h in search(project, "number13").hits] == [project.documents()[13].id]
        assert not search(project, "number14").hits
