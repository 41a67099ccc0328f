"""Clutter detection on the labelled corpus (tests/data/clutter): pages of many outlets with
every line marked clutter or text. Precision and recall, line by line, must reach 0.995."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "data" / "clutter"


def _labelled() -> ModuleType:
    spec = importlib.util.spec_from_file_location("clutter_labelled", CORPUS / "labelled.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def labelled() -> ModuleType:
    return _labelled()


def test_the_corpus_is_large_and_mixed(labelled: ModuleType) -> None:
    articles = labelled.load()
    outlets = {a.outlet for a in articles}
    score = labelled.score(articles)
    assert len(outlets) >= 50 and score.clutter >= 450 and score.text >= 380


def test_precision_and_recall_reach_0995(labelled: ModuleType) -> None:
    score = labelled.score(labelled.load())
    assert score.precision >= 0.995, "text marked as clutter:\n" + "\n".join(map(str, score.false_alarms))
    assert score.recall >= 0.995, "clutter missed:\n" + "\n".join(map(str, score.misses))


def test_every_label_is_read(labelled: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "corpus_x.txt").write_text("=== Outlet: a\nT Text.\nX oops\n", encoding="utf-8")
    with pytest.raises(ValueError, match="corpus_x.txt:3"):
        labelled.load(tmp_path)
