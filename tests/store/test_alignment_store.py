"""align_documents(): passages stored incrementally, noise left out, the seeds' AP wire copy found."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.model import NewDocument
from annotator.defaults import seed_documents
from annotator.store import Project
from annotator.store.alignment import (
    align_documents, alignment_pending, realign_documents, shared_pair_count, shared_pairs,
)
from annotator.store.passages import passages_for, reuse_shares

AP, GLOBAL, REPUBLIC, APTN, ARAB = ("Associated Press", "Global News", "Republic World",
                                    "Republic World (APTN)", "Arab News")

# (outlet, sentence as it prints it, other outlet, the same sentence as that one prints it)
WIRE = [
    (AP, "Nagorno-Karabakh lies within Azerbaijan but has been under the control of ethnic Armenian forces "
         "backed by Armenia since a separatist war there ended in 1994.", GLOBAL, None),
    (AP, "Heavy fighting broke out on Sept. 27 and marked the biggest escalation of the decades-old conflict "
         "between the two ex-Soviet nations in over a quarter-century, killing hundreds and possibly thousands "
         "of people.", GLOBAL, None),
    (AP, "During the fighting, Azerbaijani forces have also recaptured significant swaths of land south of "
         "Nagorno-Karabakh, including the towns of Jabrayil and Fizuli and areas around them.", GLOBAL, None),
    (AP, '"We will restore Kalbajar, let no one have doubts about that, and life will return there,"', GLOBAL,
     "“We will restore Kalbajar, let no one have doubts about that, and life will return there,”"),
    (AP, "Azerbaijani officials said worsening weather conditions made the withdrawal of Armenian forces and "
         "civilians difficult along the single road through mountainous territory that connects the region "
         "with Armenia.", ARAB, None),
    (AP, "That war left not only Nagorno-Karabakh itself but substantial surrounding territory in Armenian hands.",
     ARAB, None),
    (AP, "Kalbajar was expected to be handed over on Nov. 15, but Azerbaijan agreed to delay the takeover after "
         "a request from Armenia.", ARAB, None),
    (AP, "Azerbaijani officials said worsening weather conditions made the withdrawal of Armenian forces and "
         "civilians difficult along the single road through mountainous territory that connects the region "
         "with Armenia.", APTN, None),
    (AP, "Nagorno-Karabakh lies within Azerbaijan but has been under the control of ethnic Armenian forces "
         "backed by Armenia since a separatist war there ended in 1994.", APTN, None),
    (AP, "Kalbajar was expected to be handed over on Nov. 15, but Azerbaijan agreed to delay the takeover after "
         "a request from Armenia.", APTN,
     "Kalbajar was expected to be handed over on November 15, but Azerbaijan agreed to delay the takeover after "
     "a request from Armenia."),
    (GLOBAL, "The truce was celebrated as a victory in Azerbaijan, but sparked mass protests in Armenia, with "
             "thousands taking to the streets to demand the ouster of the country’s prime minister.", ARAB,
     "It was celebrated as a victory in Azerbaijan, but sparked mass protests in Armenia, with thousands taking "
     "to the streets to demand the ouster of the country’s prime minister."),
    (APTN, "Ahead of the handover, some ethnic Armenians leaving Kalbajar set their houses on fire in a bitter "
           "farewell.", GLOBAL, None),
]


@pytest.fixture
def seeded(seeded, forget_analysis):
    """The seeds without the noise and passages found on seeding: these tests set up their own."""
    forget_analysis(seeded)
    return seeded


def by_outlet(project: Project) -> dict[str, int]:
    return {d.source: d.id for d in project.documents()}


def snapshot(project: Project) -> set[tuple]:
    """Every passage two articles share, as derived from the clusters (ids aside)."""
    return {(p.a_id, p.a_start, p.a_end, p.b_id, p.b_start, p.b_end, p.similarity, p.blocks)
            for d in project.documents() for p in passages_for(project, d.id)}


@pytest.mark.parametrize("outlet, sentence, other, printed", WIRE,
                         ids=[f"{w[0]}>{w[2]}:{w[1][:24]}" for w in WIRE])
def test_the_seeds_ap_wire_sentences_are_found_and_mapped(seeded, outlet, sentence, other, printed):
    align_documents(seeded)
    ids = by_outlet(seeded)
    here, there = ids[outlet], ids[other]
    text, other_text = seeded.document(here).text, seeded.document(there).text
    start = text.index(sentence)
    end = start + len(sentence)
    printed = printed or sentence
    p_start = other_text.index(printed)
    covering = [p for p in passages_for(seeded, here, others=[there])
                if p.side(here)[0] <= start and end <= p.side(here)[1]]
    assert covering, f"no passage of {outlet} shared with {other} holds {sentence[:40]!r}"
    mapped = covering[0].map_range(here, start, end)
    # exact where the sentence starts and ends alike ("The truce" / "It" differ: near)
    assert abs(mapped[0] - p_start) <= (0 if printed[:4] == sentence[:4] else 2)
    assert abs(mapped[1] - (p_start + len(printed))) <= 1


def test_the_non_wire_outlet_shares_no_ap_paragraph(seeded):
    align_documents(seeded)
    ids = by_outlet(seeded)
    assert passages_for(seeded, ids[AP], others=[ids[REPUBLIC]]) == []
    shares = reuse_shares(seeded)
    assert shares[ids[AP]].reused_share > 0.9  # the AP copy is all wire text
    assert shares[ids[REPUBLIC]].reused_share < 0.05


def fresh(tmp_path: Path, name: str) -> Project:
    return Project(tmp_path / f"{name}.annotator")


EXTRA = [
    "Ahead of the handover, some ethnic Armenians leaving Kalbajar set their houses on fire in a bitter farewell. "
    "A new outlet adds its own sentence about the weather in the mountains.\n\nSomething else entirely.",
    "Nagorno-Karabakh lies within Azerbaijan but has been under the control of ethnic Armenian forces backed "
    "by Armenia since a separatist war there ended in 1994.\n\n“We will restore Kalbajar, let no one have doubts "
    "about that, and life will return there,” President Ilham Aliyev said in an address to the nation.",
]


def test_incremental_alignment_equals_a_rebuild(tmp_path):
    docs = seed_documents() + [NewDocument(text=t, title=f"extra {i}") for i, t in enumerate(EXTRA)]
    project = fresh(tmp_path, "incremental")
    project.add_document(docs[0])
    align_documents(project)
    for doc in docs[1:4]:  # one at a time
        align_documents(project, [project.add_document(doc)])
    new = [project.add_document(doc) for doc in docs[4:]]  # several at once
    report = align_documents(project, new)
    assert report.documents == len(new) and alignment_pending(project) == 0
    incremental = snapshot(project)
    assert len(incremental) > 20
    align_documents(project, rebuild=True)
    assert snapshot(project) == incremental
    project.close()


def test_only_the_given_new_documents_are_aligned_and_nothing_to_do_is_cheap(seeded):
    ids = by_outlet(seeded)
    report = align_documents(seeded, [ids[AP], ids[GLOBAL]])
    assert report.documents == 2 and alignment_pending(seeded) == 3
    assert {(p.a_id, p.b_id) for p in passages_for(seeded, ids[AP])} == {(ids[AP], ids[GLOBAL])}
    seen = []
    seeded.subscribe(seen.append)
    assert align_documents(seeded, [ids[AP]]).documents == 0
    assert seen == []
    queries = []
    seeded.db.conn.set_trace_callback(queries.append)
    align_documents(seeded, [ids[AP], ids[GLOBAL]])
    seeded.db.conn.set_trace_callback(None)
    assert len(queries) <= 3
    align_documents(seeded)
    assert alignment_pending(seeded) == 0
    assert passages_for(seeded, ids[AP], others=[ids[ARAB]])


def test_a_change_names_the_documents_whose_passages_changed(seeded):
    seen = []
    seeded.subscribe(seen.append)
    align_documents(seeded)
    changes = [c for c in seen if c.kind == "passages"]
    assert len(changes) == 1
    assert set(changes[0].document_ids) == {d.id for d in seeded.documents()}
    seen.clear()
    new = seeded.add_document(NewDocument(text=EXTRA[0], title="extra"))
    align_documents(seeded, [new])
    (change,) = [c for c in seen if c.kind == "passages"]
    ids = by_outlet(seeded)
    assert set(change.document_ids) == {new, ids[GLOBAL], ids[APTN], ids[ARAB]}


def _noise(project, doc, start, end, origin="detected"):
    project.db.execute('INSERT INTO noise (document_id, start, "end", kind, origin, created) VALUES (?,?,?,?,?,?)',
                       (doc, start, end, "test", origin, "now"))


def test_noise_is_never_part_of_a_passage(seeded):
    ids = by_outlet(seeded)
    text = seeded.document(ids[GLOBAL]).text
    paragraph = ("During the fighting, Azerbaijani forces have also recaptured significant swaths of land south of "
                 "Nagorno-Karabakh, including the towns of Jabrayil and Fizuli and areas around them.")
    start = text.index(paragraph)
    quote = text.index("“We will rebuild Kalbajar")
    with seeded.transaction():
        _noise(seeded, ids[GLOBAL], start, start + len(paragraph))
        _noise(seeded, ids[GLOBAL], quote, quote + 60, origin="cleared")  # "not noise": still text
        for line in ("Story continues below advertisement", "Sponsored content"):
            at = text.index(line)
            _noise(seeded, ids[GLOBAL], at, at + len(line))
    align_documents(seeded)
    noise = [(s, e) for s, e in seeded.db.execute(
        "SELECT start, \"end\" FROM noise WHERE document_id = ? AND origin = 'detected'", (ids[GLOBAL],))]
    sides = [p.side(ids[GLOBAL]) for p in passages_for(seeded, ids[GLOBAL])]
    for s, e in sides:
        assert all(e <= ns or s >= ne for ns, ne in noise), "a passage overlaps noise"
    assert any(s <= quote < e for s, e in sides)  # the cleared region is aligned as text


def test_odd_documents_align_without_error(project, make_doc):
    cjk = ("阿塞拜疆总统阿利耶夫周三表示将重建卡尔巴贾尔地区，让生活重新回到那里。"
           "这是亚美尼亚军队在停火协议中交出的最新领土。")
    odd = ["word", "😀🎉👍 " * 40, "北京欢迎你。" * 30, "Advertisement\n" * 30, "İİİ ΣΑΣ " * 40, cjk]
    ids = [make_doc(t, title=f"odd {i}") for i, t in enumerate(odd)]
    everything = make_doc("Advertisement\nStory continues below advertisement\n", title="all noise")
    _noise(project, everything, 0, len("Advertisement\nStory continues below advertisement\n"))
    twin = make_doc("另一家媒体的导语在此。\n" + cjk, title="cjk twin")
    report = align_documents(project)
    assert report.documents == len(ids) + 2 and alignment_pending(project) == 0
    assert passages_for(project, everything) == []
    assert passages_for(project, twin)  # the two CJK texts share their sentences


def test_deleting_an_aligned_document_leaves_alignment_working(seeded):
    align_documents(seeded)
    ids = by_outlet(seeded)
    with seeded.transaction():
        seeded.db.execute("DELETE FROM documents WHERE id = ?", (ids[AP],))
    assert all(ids[AP] not in (p.a_id, p.b_id) for p in shared_pairs(seeded))
    # the AP article held the clusters' representatives: the other copies wait to be found again
    assert alignment_pending(seeded) >= 2
    new = seeded.add_document(seed_documents()[0])
    report = align_documents(seeded)
    assert report.documents >= 3 and alignment_pending(seeded) == 0
    assert passages_for(seeded, new, others=[ids[GLOBAL]])
    assert passages_for(seeded, ids[GLOBAL], others=[ids[ARAB]])


def test_the_reuse_index_holds_own_text_and_representatives_once(seeded):
    align_documents(seeded)
    rows = set(seeded.db.execute("SELECT hash, owner FROM reuse_index"))
    owners = {o for _, o in rows}
    assert by_outlet(seeded)[REPUBLIC] in owners  # an article's text of its own
    clusters = {c for c, in seeded.db.execute("SELECT id FROM passage_clusters")}
    assert clusters and {-o for o in owners if o < 0} == clusters
    # a copy's fingerprints are not indexed again: the AP article's wire copy is its clusters' text
    ap = by_outlet(seeded)[AP]
    assert sum(1 for _, o in rows if o == ap) < sum(1 for _, o in rows if o < 0)
    align_documents(seeded, rebuild=True)
    assert set(seeded.db.execute("SELECT hash, owner FROM reuse_index")) == rows


def test_progress_is_reported_to_the_end(seeded):
    calls = []
    align_documents(seeded, progress=lambda done, total, label: calls.append((done, total)))
    assert calls and calls[-1][0] == calls[-1][1] and all(d <= t for d, t in calls)


def test_shared_pairs_sum_the_passages_of_each_pair(seeded):
    align_documents(seeded)
    pairs = shared_pairs(seeded)
    ids = by_outlet(seeded)
    top = pairs[0]
    assert {top.a_id, top.b_id} == {ids[AP], ids[GLOBAL]}
    assert top.passages == len(passages_for(seeded, ids[AP], others=[ids[GLOBAL]]))
    assert 1500 < top.identical_chars <= min(top.a_chars, top.b_chars)
    assert [p.identical_chars for p in pairs] == sorted((p.identical_chars for p in pairs), reverse=True)
    assert shared_pairs(seeded, limit=2) == pairs[:2] and shared_pair_count(seeded) == len(pairs) > 2


def test_results_of_another_method_version_are_recomputed(seeded):
    align_documents(seeded)
    before = snapshot(seeded)
    with seeded.transaction():
        seeded.db.execute("DELETE FROM passages")
        seeded.db.execute("UPDATE settings SET value = 'old' WHERE key = 'alignment.version'")
    report = align_documents(seeded)
    assert report.documents == 5 and snapshot(seeded) == before
    assert seeded.setting("alignment.version") != "old"


def test_realigning_after_noise_is_marked_drops_the_passage_there(seeded):
    align_documents(seeded)
    ids = by_outlet(seeded)
    text = seeded.document(ids[GLOBAL]).text
    start = text.index("During the fighting, Azerbaijani forces")
    end = text.index("\n", start)

    def covering():
        sides = [(p, p.side(ids[GLOBAL])) for p in passages_for(seeded, ids[GLOBAL])]
        return [p for p, (s, e) in sides if s <= start < e]

    assert [p.other(ids[GLOBAL])[0] for p in covering()] == [ids[AP]]
    kept = len(passages_for(seeded, ids[GLOBAL])) - 1
    with seeded.transaction():
        _noise(seeded, ids[GLOBAL], start, end, origin="manual")
    seen = []
    seeded.subscribe(seen.append)
    report = realign_documents(seeded, [ids[GLOBAL]])
    assert report.documents == 1 and covering() == []
    assert len(passages_for(seeded, ids[GLOBAL])) == kept
    (change,) = [c for c in seen if c.kind == "passages"]
    assert {ids[GLOBAL], ids[AP]} <= set(change.document_ids)
    assert align_documents(seeded).documents == 0


FOOTER = "Our reporters cover the region from bureaus in five capitals, every single day of the week."


def _story(n: int) -> str:
    words = [f"w{n}x{k}" for k in range(60)]
    return " ".join(words[:30]).capitalize() + ".\n\n" + " ".join(words[30:]).capitalize() + "."


def test_older_articles_whose_line_becomes_an_outlets_furniture_are_realigned(project):
    from annotator.store.analysis import analyse_documents

    first = [project.add_document(NewDocument(text=f"{_story(i)}\n\n{FOOTER}\n", title=f"story {i}",
                                              source="The Daily")) for i in range(2)]
    analyse_documents(project)
    assert passages_for(project, first[0], others=[first[1]])  # two articles share the line: reuse, so far
    seen = []
    project.subscribe(seen.append)
    third = project.add_document(NewDocument(text=f"{_story(2)}\n\n{FOOTER}\n", title="story 2", source="The Daily"))
    analyse_documents(project, [third])
    kinds = {k for k, in project.db.execute("SELECT kind FROM noise WHERE document_id = ?", (first[0],))}
    assert kinds == {"repeated"}  # the third article made it the outlet's furniture ...
    assert passages_for(project, first[0], others=[first[1]]) == []  # ... and the old passage is gone
    assert {first[0], first[1]} <= {d for c in seen if c.kind == "passages" for d in c.document_ids}


def test_a_stock_sentence_does_not_link_unrelated_articles(project):
    stock = "The ministry did not immediately respond to a request for comment on Tuesday."
    ids = [project.add_document(NewDocument(text=f"{_story(i)} {stock}\n\nAnother w{i} paragraph of its own here.",
                                            title=f"unrelated {i}")) for i in range(6)]
    align_documents(project)
    assert all(passages_for(project, d) == [] for d in ids)
    assert all(s.reused_chars == 0 for s in reuse_shares(project).values())
    # two articles of one story still share that story (with the sentence, where it is part of a copy)
    story = _story(99)
    pair = [project.add_document(NewDocument(text=f"Intro {k} of one outlet.\n\n{story} {stock}", title=f"copy {k}"))
            for k in range(2)]
    align_documents(project)
    shared = passages_for(project, pair[0], others=[pair[1]])
    text = project.document(pair[0]).text
    assert [text[p.a_start:p.a_start + len(part)] for p, part in zip(shared, story.split("\n\n"))] \
        == story.split("\n\n") and len(shared) == 2


def test_a_project_aligned_pair_by_pair_is_aligned_again_once_when_opened(tmp_path):
    import sqlite3

    from annotator.store.analysis import analyse_documents, analysis_pending

    path = tmp_path / "old.annotator"
    project = Project(path)
    for doc in seed_documents():
        project.add_document(doc)
    analyse_documents(project)
    project.close()
    with sqlite3.connect(path) as conn:  # as written by the version before clusters (schema 5)
        conn.executescript(
            "DROP TABLE passage_members; DROP TABLE passage_clusters; DROP TABLE reuse_index;"
            " DELETE FROM _sqlite_migrations WHERE name = 'm008_passage_clusters'; PRAGMA user_version = 5;"
            " INSERT INTO passages (a_id, a_start, a_end, b_id, b_start, b_end, similarity, blocks)"
            " VALUES (1, 0, 50, 2, 0, 50, 1.0, '[[0, 0, 50]]');")
    project = Project(path)
    assert analysis_pending(project) == 5  # what the window analyses on opening, with its progress dialog
    assert passages_for(project, 1) == []  # the pairwise rows are gone
    analyse_documents(project)
    assert analysis_pending(project) == 0
    ids = by_outlet(project)
    assert passages_for(project, ids[AP], others=[ids[GLOBAL]])
    project.close()


class Killed(Exception):
    """Stands for the process dying: nothing after it runs."""


@pytest.mark.parametrize("fail_at", [1, 2, 4, 6, 7])
def test_an_alignment_that_dies_half_way_is_completed_by_the_next(tmp_path, monkeypatch, fail_at):
    """Results are written in short transactions: one that fails (the process killed)
    after some of them leaves a project that the next alignment finishes correctly."""
    from annotator.store import alignment

    docs = seed_documents() + [NewDocument(text=t, title=f"extra {i}") for i, t in enumerate(EXTRA)]
    project = fresh(tmp_path, "dies")
    first = [project.add_document(d) for d in docs[:3]]
    align_documents(project, first)
    rest = [project.add_document(d) for d in docs[3:]]
    monkeypatch.setattr(alignment, "_WRITE_ROWS", 1)  # one row per executemany: many places to die
    monkeypatch.setattr(alignment, "WRITE_SECONDS", 0.0)  # one executemany per transaction
    writes = [0]
    plain = alignment._write

    def dying(project_, statement, rows):
        for row in rows:
            writes[0] += 1
            if writes[0] == fail_at:
                raise Killed("killed")
            plain(project_, statement, [row])

    monkeypatch.setattr(alignment, "_write", dying)
    with pytest.raises(Killed):
        align_documents(project, rest)
    monkeypatch.setattr(alignment, "_write", plain)
    assert project.setting(alignment.INCOMPLETE_KEY)  # some rows are committed, marked as partial
    assert alignment_pending(project) == project.document_count()
    db = project.db
    # what is committed never names a missing cluster
    assert not db.execute("SELECT 1 FROM passage_members WHERE cluster_id NOT IN"
                          " (SELECT id FROM passage_clusters)").fetchall()
    assert not db.execute("SELECT 1 FROM reuse_index WHERE owner < 0 AND -owner NOT IN"
                          " (SELECT id FROM passage_clusters)").fetchall()
    report = align_documents(project, rest)
    assert report.documents == project.document_count()  # started over: the whole project
    assert alignment_pending(project) == 0 and not project.setting(alignment.INCOMPLETE_KEY)
    recovered = snapshot(project)
    clean = fresh(tmp_path, "clean")
    for d in docs:
        clean.add_document(d)
    align_documents(clean)
    assert recovered == snapshot(clean) and len(recovered) > 20
    rows = "SELECT count(*) FROM passage_members UNION ALL SELECT count(*) FROM reuse_index"
    assert db.execute(rows).fetchall() == clean.db.execute(rows).fetchall()
    project.close()
    clean.close()
