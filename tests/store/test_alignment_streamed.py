"""Issue 17, memory: the reuse index kept as sorted arrays plus a small dict of recent
pairs, and the stored index read a batch of documents at a time, give the same
alignment and the same stored rows however often the pairs are settled and however
small the batches."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from annotator.core import reuse_index
from annotator.core.model import NewDocument
from annotator.core.reuse_index import ReuseIndex
from annotator.defaults import seed_documents
from annotator.store import Project
from annotator.store import alignment
from annotator.store.alignment import align_documents, realign_documents

WORDS = ("forces troops village truce talks minister border refugees shelling convoy aid winter road "
         "mountain region council vote budget harbour ferry strike union wages court ruling appeal").split()


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(12, 22))).capitalize() + "."


def corpus(seed: int, n: int) -> list[NewDocument]:
    """Articles of their own sentences and copies of a few shared paragraphs, some with a
    word edited, some printing a paragraph twice: clusters, joins, repeats and leftovers."""
    rng = random.Random(seed)
    wire = [" ".join(_sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(6)]
    docs = list(seed_documents())
    for i in range(n):
        paragraphs = [" ".join(_sentence(rng) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 3))]
        for w in rng.sample(range(len(wire)), rng.randint(0, 3)):
            text = wire[w]
            if rng.random() < 0.4:
                words = text.split()
                words[rng.randrange(len(words))] = rng.choice(WORDS)
                text = " ".join(words)
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), text)
            if rng.random() < 0.1:
                paragraphs.append(text)
        docs.append(NewDocument(text="\n\n".join(paragraphs), title=f"article {i}", source=f"Outlet {i % 4}"))
    return docs


def stored(project: Project) -> dict[str, list[tuple]]:
    db = project.db
    return {
        "clusters": db.execute('SELECT id, document_id, start, "end", words, boilerplate FROM passage_clusters'
                               " ORDER BY id").fetchall(),
        "members": db.execute('SELECT cluster_id, document_id, start, "end", rep_start, rep_end, similarity, blocks'
                              ' FROM passage_members ORDER BY cluster_id, document_id, start').fetchall(),
        "index": db.execute("SELECT hash, owner FROM reuse_index ORDER BY hash, owner").fetchall(),
    }


def run(tmp_path: Path, name: str, docs: list[NewDocument]) -> list[dict[str, list[tuple]]]:
    """Align the first half, then the rest (the stored index read back), then realign some."""
    project = Project(tmp_path / f"{name}.annotator")
    half = len(docs) // 2
    out = []
    align_documents(project, [project.add_document(d) for d in docs[:half]])
    out.append(stored(project))
    align_documents(project, [project.add_document(d) for d in docs[half:]])
    out.append(stored(project))
    ids = [d.id for d in project.documents()]
    realign_documents(project, ids[::5])
    out.append(stored(project))
    project.close()
    return out


def test_settling_every_article_and_tiny_batches_store_the_same_alignment(tmp_path, monkeypatch):
    docs = corpus(3, 40)
    monkeypatch.setattr(reuse_index, "SETTLE_PAIRS", 10**9)  # every pair in the dict until the end
    held = run(tmp_path, "held", docs)
    monkeypatch.setattr(reuse_index, "SETTLE_PAIRS", 1)  # into the sorted arrays after every article
    monkeypatch.setattr(alignment, "_KEY_BATCH", 3)  # the stored index read three documents at a time
    settled = run(tmp_path, "settled", docs)
    assert held == settled
    assert len(held[1]["members"]) > 40 and len(held[1]["clusters"]) >= 6 and len(held[1]["index"]) > 1000


@pytest.mark.parametrize("settle", [1, 7, 10**9])
def test_the_index_is_a_set_of_pairs_and_reports_what_to_write(monkeypatch, settle):
    """Against a plain set: lookups, and the rows to insert (held, not loaded) and to
    delete (removed, not held at the end; also pairs never held: the project may have them)."""
    monkeypatch.setattr(reuse_index, "SETTLE_PAIRS", settle)
    rng = random.Random(settle)
    top = 1 << 47
    hashes = [rng.randrange(top) for _ in range(40)] + [0, top - 1]
    loaded = {(rng.choice(hashes), rng.randint(-3, 6)) for _ in range(30)}
    index = ReuseIndex()
    index.load(sorted(loaded))
    index.load(sorted(loaded)[:10])  # read twice: held once
    pairs, removed = set(loaded), set()
    for _ in range(600):
        owner = rng.randint(-3, 6)
        batch = np.asarray(rng.choices(hashes, k=rng.randint(1, 5)), dtype=np.int64)
        if rng.random() < 0.55:
            index.add_all(batch, owner)
            pairs.update((h, owner) for h in batch.tolist())
        else:
            index.remove_all(batch, owner)
            pairs.difference_update((h, owner) for h in batch.tolist())
            removed.update((h, owner) for h in batch.tolist())
        index.settle()
        keys = np.asarray(rng.sample(hashes, 8), dtype=np.int64)
        found = sorted((keys[i], o) for i, o in index.lookup(keys))
        assert found == sorted((h, o) for h, o in pairs if h in set(keys.tolist()))
        assert len(index) == len(pairs)
    assert sorted(index.get(hashes[0])) == sorted(o for h, o in pairs if h == hashes[0])
    added = [r for rows in index.added_rows() for r in rows]
    deleted = [r for rows in index.removed_rows() for r in rows]
    assert pairs - loaded <= set(added) <= pairs and len(added) == len(set(added))
    assert deleted == sorted(removed - pairs)
    # written back to a project holding the loaded rows and others never read: what it holds after
    unread = {(rng.choice(hashes), rng.randint(-3, 6)) for _ in range(30)} - loaded
    project = (loaded | unread) - set(deleted) | set(added)
    assert project == pairs | (unread - removed)


@pytest.mark.parametrize("threshold", [0.9, 0.5, 0.1])
def test_near_duplicates_read_only_likely_articles_and_miss_no_pair(tmp_path, threshold):
    """near_duplicates() pairs only the articles whose shared text can reach the threshold
    (not every pair of every cluster): the same pairs as checking every shared pair."""
    from annotator.store.alignment import shared_pairs
    from annotator.store.duplicates import _text_chars, near_duplicates

    rng = random.Random(4)
    docs = corpus(5, 30)
    for i in range(8):  # near copies, one printing a paragraph twice
        text = docs[rng.randrange(len(docs))].text
        text += f"\n\nFiled by desk {i}." + ("\n\n" + text.split("\n\n")[0] if i % 3 == 0 else "")
        docs.append(NewDocument(text=text, title=f"copy {i}"))
    project = Project(tmp_path / "dups.annotator")
    align_documents(project, [project.add_document(d) for d in docs])
    every = shared_pairs(project)
    chars = _text_chars(project, {d for p in every for d in (p.a_id, p.b_id)})
    expected = sorted((p.a_id, p.b_id) for p in every
                      if p.identical_chars >= threshold * max(chars[p.a_id], chars[p.b_id]) > 0)
    found = near_duplicates(project, threshold=threshold)
    assert sorted((d.a_id, d.b_id) for d in found) == expected
    assert len(expected) >= (8 if threshold > 0.5 else 20)
    project.close()
